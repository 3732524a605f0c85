// Block mappings and sequences, one-line values and literal block scalars (see index.ts).
import type { Document, Scalar } from 'yaml';
import { Kind, Line, restIsComment } from './lines';
import {
  bail, Built, collection, endOf, Flow, HASH, isIndicator, MAP_PROTO, Node, pair, PlainResolver, quotedScalar, scalar,
  SEQ_PROTO, setEnd, setOffsets, SPACE, startOf, TAB, valueEndOf,
} from './nodes';

export interface FastDocument {
  doc: Document.Parsed;
  value: unknown;
}

export interface DocumentMaker extends PlainResolver {
  makeDocument(contents: Node, range: [number, number, number]): Document.Parsed;
}

export class BlockParser {
  /** Index of the line the parser looks at next. */
  private i = 0;
  /** Line index where the current document's lines stop. */
  private stop = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
    private readonly owner: DocumentMaker,
  ) {}

  documents(): FastDocument[] {
    const out: FastDocument[] = [];
    const { lines, text } = this;
    let i = 0;
    let first = true;
    while (i < lines.length) {
      // A document runs from an optional `---` to the next `---`, `...` or the end.
      let docStart = first ? 0 : lines[i].start;
      let begin = i;
      if (lines[i].kind === Kind.DocStart) {
        docStart = lines[i].start;
        begin = i + 1;
      } else if (!first) bail();
      let end = begin;
      while (end < lines.length && lines[end].kind !== Kind.DocStart && lines[end].kind !== Kind.DocEnd) end++;
      const hasContent = lines.slice(begin, end).some((l) => l.kind === Kind.Content);
      const explicit = lines[i].kind === Kind.DocStart;
      if (!hasContent && !explicit) {
        // Only comments and blank lines (before the first `---`, or at the end): no document.
        if (end < lines.length && lines[end].kind === Kind.DocEnd) bail();
        i = end;
        first = false;
        continue;
      }
      let regionEnd = end < lines.length ? lines[end].start : text.length;
      let next = end;
      if (end < lines.length && lines[end].kind === Kind.DocEnd) {
        regionEnd = lines[end].next;
        next = end + 1;
      }
      this.i = begin;
      this.stop = end;
      const j = this.nextContent(begin);
      // An explicit document with nothing in it (`a: 1\n---\n`): yaml's to read.
      if (j >= end) bail();
      const built = this.block(j, lines[j].indent, -1);
      if (this.nextContent(this.i) < end) bail();
      const contentsEnd = endOf(built.node);
      // yaml ends a document's value where its contents end; comments and `...` after it are its tail.
      out.push({ doc: this.owner.makeDocument(built.node, [docStart, contentsEnd, next > end ? regionEnd : contentsEnd]), value: built.value });
      i = next;
      first = false;
    }
    return out;
  }

  /** The first content line at or after `i`, or `stop` when there is none in this document. */
  private nextContent(i: number): number {
    while (i < this.stop && this.lines[i].kind !== Kind.Content) i++;
    return i;
  }

  /** A block collection whose first entry is at column `col` of line `li`. */
  private block(li: number, col: number, parentIndent: number): Built {
    if (li >= this.stop) bail();
    const line = this.lines[li];
    const at = line.start + col;
    if (col <= parentIndent) bail();
    if (this.isDash(at, line.end)) return this.seq(li, col);
    return this.map(li, col);
  }

  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 45 && (at + 1 >= end || this.text.charCodeAt(at + 1) === SPACE);
  }

  private map(li: number, indent: number): Built {
    const map = collection(MAP_PROTO, false);
    const value: Record<string, unknown> = {};
    let lineIdx = li;
    let col = indent;
    let last: Node | null = null;
    for (;;) {
      const line = this.lines[lineIdx];
      const { key, keyText, after } = this.key(line.start + col, line.end);
      if (Object.hasOwn(value, keyText) || keyText === '<<' || keyText === '__proto__') bail();
      const v = this.valueAfter(lineIdx, after, indent, true);
      map.items.push(pair(key, v.node));
      value[keyText] = v.value;
      last = v.node;
      const j = this.nextContent(this.i);
      if (j >= this.stop || this.lines[j].indent < indent) break;
      if (this.lines[j].indent > indent) bail();
      lineIdx = j;
      col = indent;
      if (this.isDash(this.lines[j].start + indent, this.lines[j].end)) bail();
    }
    const first = map.items[0].key as Scalar;
    const end = endOf(last);
    setOffsets(map, startOf(first), end, this.trailingComments(end, indent));
    return { node: map, value };
  }

  private seq(li: number, indent: number): Built {
    const seq = collection(SEQ_PROTO, false);
    const value: unknown[] = [];
    let lineIdx = li;
    let last: Node | null = null;
    for (;;) {
      const line = this.lines[lineIdx];
      const dash = line.start + indent;
      let p = dash + 1;
      while (p < line.end && this.text.charCodeAt(p) === SPACE) p++;
      let v: Built;
      if (p < line.end && this.text.charCodeAt(p) !== HASH && !this.startsFlowOrScalar(p, line.end)) {
        // `- key: value`: a mapping that starts on the dash's line, indented at the key's column.
        this.i = lineIdx;
        v = this.map(lineIdx, p - line.start);
      } else {
        v = this.valueAfter(lineIdx, dash + 1, indent, false);
      }
      seq.items.push(v.node);
      value.push(v.value);
      last = v.node;
      const j = this.nextContent(this.i);
      if (j >= this.stop || this.lines[j].indent < indent) break;
      if (this.lines[j].indent > indent || !this.isDash(this.lines[j].start + indent, this.lines[j].end)) {
        if (this.lines[j].indent > indent) bail();
        break; // a key at the same column: the sequence was the value of the mapping above
      }
      lineIdx = j;
    }
    const end = endOf(last);
    setOffsets(seq, this.lines[li].start + indent, end, this.trailingComments(end, indent));
    return { node: seq, value };
  }

  /**
   * A collection's range ends after its last value; its outer end also covers comment lines that
   * follow at its indentation or deeper (and the blank lines up to the next content), as in yaml.
   */
  private trailingComments(end: number, indent: number): number {
    const j = this.nextContent(this.i);
    let commented = false;
    for (let k = this.i; k < j; k++) {
      const l = this.lines[k];
      if (l.kind === Kind.Comment && l.indent >= indent && l.start >= end) commented = true;
    }
    if (!commented) return end;
    return j < this.lines.length ? this.lines[j].start : this.text.length;
  }

  /** True when the text at `p` is a scalar or flow value rather than a `key:` of a compact mapping. */
  private startsFlowOrScalar(p: number, end: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c === 91 || c === 123 || c === 124 || c === 62) return true; // [ { | >
    if (c === 45 && (p + 1 >= end || this.text.charCodeAt(p + 1) === SPACE)) bail(); // - - nested
    return this.findColon(p, end) < 0;
  }

  /** Offset of the `:` that ends a key starting at `p`, or -1 when the line holds no key. */
  private findColon(p: number, end: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = c === 39 ? this.singleQuoteEnd(p, end) : this.doubleQuoteEnd(p, end);
      if (close < 0) return -1;
      let q = close;
      while (q < end && t.charCodeAt(q) === SPACE) q++;
      return t.charCodeAt(q) === 58 && (q + 1 >= end || t.charCodeAt(q + 1) === SPACE) ? q : -1;
    }
    for (let q = p; q < end; q++) {
      const ch = t.charCodeAt(q);
      if (ch === 58 && (q + 1 >= end || t.charCodeAt(q + 1) === SPACE || t.charCodeAt(q + 1) === TAB)) return q;
      if (ch === HASH && (t.charCodeAt(q - 1) === SPACE || t.charCodeAt(q - 1) === TAB)) return -1;
    }
    return -1;
  }

  private key(p: number, end: number): { key: Scalar; keyText: string; after: number } {
    const colon = this.findColon(p, end);
    if (colon < 0) bail();
    const t = this.text;
    const c = t.charCodeAt(p);
    let key: Scalar;
    let keyText: string;
    if (c === 34 || c === 39) {
      const s = this.quoted(p, end);
      key = s.node as Scalar;
      keyText = s.value as string;
      setEnd(key, valueEndOf(key));
    } else {
      if (isIndicator(c)) bail();
      let e = colon;
      while (e > p && (t.charCodeAt(e - 1) === SPACE || t.charCodeAt(e - 1) === TAB)) e--;
      const source = t.slice(p, e);
      const v = this.owner.resolvePlain(source);
      if (v === null || typeof v === 'object') bail();
      key = scalar(v, 'PLAIN', source, p, e, e);
      keyText = String(v);
    }
    return { key, keyText, after: colon + 1 };
  }

  /**
   * The value after a key's colon (or a dash) at offset `p` of line `li`: on the same line, or a
   * block collection on the lines below. Leaves `this.i` after the value's last line.
   */
  private valueAfter(li: number, p: number, indent: number, inMap: boolean): Built {
    const t = this.text;
    const line = this.lines[li];
    while (p < line.end && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === TAB)) p++;
    this.i = li + 1;
    if (p >= line.end || t.charCodeAt(p) === HASH) {
      const j = this.nextContent(li + 1);
      if (j < this.stop) {
        const next = this.lines[j];
        if (next.indent > indent) return this.block(j, next.indent, indent);
        if (inMap && next.indent === indent && this.isDash(next.start + indent, next.end)) return this.seq(j, indent);
      }
      // An empty value: null, ranging over the comment on its line or up to the next content.
      const s = scalar(null, 'PLAIN', '', p, p, p);
      // yaml lets an empty value run over its own comment, or over the comment lines below it.
      let end = p < line.end ? line.next : p;
      const continues = j < this.stop && this.lines[j].indent >= indent;
      for (let k = li + 1; k < j; k++) {
        const l = this.lines[k];
        if (l.kind === Kind.Comment) end = continues ? l.end : l.next;
      }
      setEnd(s, end);
      return { node: s, value: null };
    }
    const c = t.charCodeAt(p);
    let built: Built;
    let valueEnd: number;
    if (c === 124) {
      return this.literal(li, p, indent);
    } else if (c === 34 || c === 39) {
      built = this.quoted(p, line.end);
      valueEnd = valueEndOf(built.node);
    } else if (c === 91 || c === 123) {
      const f = new Flow(t, p, line.end, this.owner);
      built = f.node();
      valueEnd = f.pos;
    } else {
      if (isIndicator(c) || (c === 45 && (p + 1 >= line.end || t.charCodeAt(p + 1) === SPACE))) bail();
      let e = p;
      while (e < line.end) {
        const ch = t.charCodeAt(e);
        if (ch === HASH && (t.charCodeAt(e - 1) === SPACE || t.charCodeAt(e - 1) === TAB)) break;
        if (ch === 58 && (e + 1 >= line.end || t.charCodeAt(e + 1) === SPACE)) bail();
        e++;
      }
      while (e > p && (t.charCodeAt(e - 1) === SPACE || t.charCodeAt(e - 1) === TAB)) e--;
      const source = t.slice(p, e);
      const v = this.owner.resolvePlain(source);
      built = { node: scalar(v, 'PLAIN', source, p, e, e), value: v };
      valueEnd = e;
    }
    let q = valueEnd;
    while (q < line.end && (t.charCodeAt(q) === SPACE || t.charCodeAt(q) === TAB)) q++;
    if (q < line.end && t.charCodeAt(q) !== HASH) bail();
    setEnd(built.node, line.next);
    const j = this.nextContent(li + 1);
    // A more indented line after a one-line value continues a multi-line scalar (or is an error).
    if (j < this.stop && this.lines[j].indent > indent) bail();
    return built;
  }

  private literal(li: number, p: number, indent: number): Built {
    const t = this.text;
    const line = this.lines[li];
    let q = p + 1;
    let chomp: 'clip' | 'strip' = 'clip';
    if (t.charCodeAt(q) === 45) {
      chomp = 'strip';
      q++;
    }
    if (!restIsComment(t, q, line.end)) bail(); // keep chomping, indentation indicators: rare
    let k = li + 1;
    let blockIndent = -1;
    const parts: string[] = [];
    let lastContent = li;
    let pendingBlank = 0;
    for (; k < this.stop; k++) {
      const l = this.lines[k];
      const blank = l.kind === Kind.Blank;
      if (blank) {
        // Blank lines holding spaces beyond the indentation keep them in YAML: left to yaml.
        if (l.end - l.start > (blockIndent < 0 ? 0 : blockIndent)) bail();
        pendingBlank++;
        continue;
      }
      if (blockIndent < 0) {
        if (l.indent <= indent) break;
        blockIndent = l.indent;
      }
      if (l.indent < blockIndent) break;
      for (; pendingBlank > 0; pendingBlank--) parts.push('');
      parts.push(t.slice(l.start + blockIndent, l.end));
      lastContent = k;
    }
    if (blockIndent < 0) bail();
    let value = parts.join('\n');
    if (chomp === 'clip') value += '\n';
    const end = this.lines[lastContent].next;
    const s = scalar(value, 'BLOCK_LITERAL', undefined, p, end, end);
    this.i = lastContent + 1;
    const j = this.nextContent(this.i);
    if (j < this.stop && this.lines[j].indent > indent) bail();
    return { node: s, value };
  }

  private singleQuoteEnd(p: number, end: number): number {
    for (let q = p + 1; q < end; q++) {
      if (this.text.charCodeAt(q) === 39) {
        if (this.text.charCodeAt(q + 1) === 39) q++;
        else return q + 1;
      }
    }
    return -1;
  }

  private doubleQuoteEnd(p: number, end: number): number {
    for (let q = p + 1; q < end; q++) {
      const ch = this.text.charCodeAt(q);
      if (ch === 92) q++;
      else if (ch === 34) return q + 1;
    }
    return -1;
  }

  quoted(p: number, end: number): Built {
    return quotedScalar(this.text, p, end);
  }
}
