// A fast path for the YAML that manifests are almost always written in: block mappings and
// sequences, one-line scalars (plain, quoted), literal block scalars and one-line flow collections.
// It builds the same syntax nodes (yaml's Scalar/YAMLMap/YAMLSeq, same ranges) and the same plain
// values as the `yaml` package, about ten times faster. On anything else (anchors, tags, folded or
// multi-line scalars, errors of any kind) it gives up and the caller parses the file with `yaml`,
// so the result is always yaml's: a differential test holds the two to that.
import { Document, isScalar, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Thrown to abandon the fast path; never escapes this module. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('fast path not applicable');
function bail(): never {
  throw UNSUPPORTED;
}

const enum Kind {
  Blank,
  Comment,
  Content,
  DocStart,
  DocEnd,
}

interface Line {
  start: number;
  /** End of the line's text, without the newline. */
  end: number;
  /** Start of the next line (or the end of the text). */
  next: number;
  indent: number;
  kind: Kind;
}

// yaml's node constructors tag each node with Object.defineProperty, which dominates the cost of
// building a tree. Nodes here share prototypes that carry the tag instead; yaml's `isMap`, `isSeq`,
// `isScalar` and `isPair` read it through the prototype chain, and the methods are yaml's own.
const NODE_TYPE = Object.getOwnPropertySymbols(new Scalar(null))[0];
function tagged<T extends object>(proto: T, sample: object): T {
  const tag = (sample as Record<symbol, unknown>)[NODE_TYPE];
  return Object.create(proto, { [NODE_TYPE]: { value: tag } }) as T;
}
const SCALAR_PROTO = tagged(Scalar.prototype, new Scalar(null));
const MAP_PROTO = tagged(YAMLMap.prototype, new YAMLMap());
const SEQ_PROTO = tagged(YAMLSeq.prototype, new YAMLSeq());
const PAIR_PROTO = tagged(Pair.prototype, new Pair(null));

function scalar(value: unknown, type: Scalar.Type, source: string | undefined, range: [number, number, number]): Scalar {
  const s = Object.create(SCALAR_PROTO) as Scalar;
  s.value = value;
  s.type = type;
  s.source = source as string;
  s.range = range;
  return s;
}

function collection<T extends YAMLMap | YAMLSeq>(proto: T, flow: boolean): T {
  const c = Object.create(proto) as T;
  c.items = [];
  c.flow = flow;
  return c;
}

function pair(key: Scalar, value: unknown): Pair {
  const p = Object.create(PAIR_PROTO) as Pair;
  p.key = key;
  p.value = value;
  return p;
}

type Tag = { default?: boolean | string; test?: RegExp; resolve: (s: string, onError: (m: string) => void, o: object) => unknown };

export interface FastDocument {
  doc: Document.Parsed;
  value: unknown;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;

export class FastYaml {
  private readonly template: Document;
  private readonly plainTags: Tag[];

  constructor(options: object) {
    this.template = new Document(null, options);
    const tags = (this.template.schema as unknown as { tags: Tag[] }).tags;
    this.plainTags = tags.filter((t) => t.default === true && t.test);
  }

  /** Parses `text`, or returns null when the fast path does not apply. Fills `lineCounter`. */
  parse(text: string, lineCounter: LineCounter): FastDocument[] | null {
    if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
    try {
      const lines = scanLines(text);
      const docs = new Parser(text, lines, this).documents();
      for (const l of lines) lineCounter.addNewLine(l.start);
      return docs;
    } catch (e) {
      if (e instanceof Unsupported || e instanceof RangeError) return null;
      throw e;
    }
  }

  /** Plain scalars repeat (keys above all): their resolved values are cached. */
  private readonly resolved = new Map<string, unknown>();

  resolvePlain(source: string): unknown {
    const hit = this.resolved.get(source);
    if (hit !== undefined || this.resolved.has(source)) return hit;
    const v = this.resolveUncached(source);
    if (this.resolved.size > 20000) this.resolved.clear();
    this.resolved.set(source, v);
    return v;
  }

  private resolveUncached(source: string): unknown {
    for (const tag of this.plainTags) {
      if ((tag.test as RegExp).test(source)) {
        let failed = false;
        const v = tag.resolve(source, () => (failed = true), this.template.options);
        if (failed) bail();
        // YAML 1.1 booleans come back wrapped, to keep their spelling for re-stringifying.
        return isScalar(v) ? v.value : v;
      }
    }
    return source;
  }

  makeDocument(contents: Scalar | YAMLMap | YAMLSeq, range: [number, number, number]): Document.Parsed {
    const doc = Object.assign(Object.create(Object.getPrototypeOf(this.template)), this.template, {
      contents,
      range,
      errors: [],
      warnings: [],
    });
    return doc as Document.Parsed;
  }
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    const last = end < 0;
    if (last) end = n;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end && text.charCodeAt(i) === TAB) {
      // A tab before content is indentation YAML forbids; a tab-only line is blank.
      let j = i;
      while (j < end && (text.charCodeAt(j) === TAB || text.charCodeAt(j) === SPACE)) j++;
      if (j < end && text.charCodeAt(j) !== HASH) bail();
    }
    const c = i < end ? text.charCodeAt(i) : -1;
    let kind: Kind;
    if (c === -1 || c === TAB) kind = Kind.Blank;
    else if (c === HASH) kind = Kind.Comment;
    else if (i === start && text.startsWith('---', start) && isEndOrSpace(text, start + 3, end)) {
      if (!restIsComment(text, start + 3, end)) bail();
      kind = Kind.DocStart;
    } else if (i === start && text.startsWith('...', start) && isEndOrSpace(text, start + 3, end)) {
      if (!restIsComment(text, start + 3, end)) bail();
      kind = Kind.DocEnd;
    } else if (i === start && c === 37 /* % directive */) bail();
    else kind = Kind.Content;
    lines.push({ start, end, next: last ? n : end + 1, indent: i - start, kind });
    if (last) break;
    start = end + 1;
  }
  return lines;
}

function isEndOrSpace(text: string, i: number, end: number): boolean {
  return i >= end || text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB;
}

function restIsComment(text: string, i: number, end: number): boolean {
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  return i >= end || text.charCodeAt(i) === HASH;
}

type Node = Scalar | YAMLMap | YAMLSeq;
interface Built {
  node: Node;
  value: unknown;
}

class Parser {
  /** Index of the line the parser looks at next. */
  private i = 0;
  /** Line index where the current document's lines stop. */
  private stop = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
    private readonly owner: FastYaml,
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
      const built = this.block(j, lines[j].indent, -1);
      if (this.nextContent(this.i) < end) bail();
      const r = built.node.range as number[];
      // yaml ends a document's value where its contents end; comments and `...` after it are its tail.
      out.push({ doc: this.owner.makeDocument(built.node, [docStart, r[2], next > end ? regionEnd : r[2]]), value: built.value });
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
    const seen = new Set<string>();
    let lineIdx = li;
    let col = indent;
    let last: Node | null = null;
    for (;;) {
      const line = this.lines[lineIdx];
      const { key, keyText, after } = this.key(line.start + col, line.end);
      if (seen.has(keyText) || keyText === '<<' || keyText === '__proto__') bail();
      seen.add(keyText);
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
    const end = (last.range as number[])[2];
    map.range = [(first.range as number[])[0], end, this.trailingComments(end, indent)];
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
    const end = (last.range as number[])[2];
    seq.range = [this.lines[li].start + indent, end, this.trailingComments(end, indent)];
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
      (key.range as number[])[2] = (key.range as number[])[1];
    } else {
      if (isIndicator(c)) bail();
      let e = colon;
      while (e > p && (t.charCodeAt(e - 1) === SPACE || t.charCodeAt(e - 1) === TAB)) e--;
      const source = t.slice(p, e);
      const v = this.owner.resolvePlain(source);
      if (v === null || typeof v === 'object') bail();
      key = scalar(v, 'PLAIN', source, [p, e, e]);
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
      const s = scalar(null, 'PLAIN', '', [p, p, p]);
      // yaml lets an empty value run over its own comment, or over the comment lines below it.
      let end = p < line.end ? line.next : p;
      const continues = j < this.stop && this.lines[j].indent >= indent;
      for (let k = li + 1; k < j; k++) {
        const l = this.lines[k];
        if (l.kind === Kind.Comment) end = continues ? l.end : l.next;
      }
      s.range = [p, p, end];
      return { node: s, value: null };
    }
    const c = t.charCodeAt(p);
    let built: Built;
    let valueEnd: number;
    if (c === 124) {
      return this.literal(li, p, indent);
    } else if (c === 34 || c === 39) {
      built = this.quoted(p, line.end);
      valueEnd = (built.node.range as number[])[1];
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
      built = { node: scalar(v, 'PLAIN', source, [p, e, e]), value: v };
      valueEnd = e;
    }
    let q = valueEnd;
    while (q < line.end && (t.charCodeAt(q) === SPACE || t.charCodeAt(q) === TAB)) q++;
    if (q < line.end && t.charCodeAt(q) !== HASH) bail();
    (built.node.range as number[])[2] = line.next;
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
    const s = scalar(value, 'BLOCK_LITERAL', undefined, [p, end, end]);
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

function quotedScalar(t: string, p: number, end: number): Built {
  const single = t.charCodeAt(p) === 39;
  let out = '';
  let q = p + 1;
  for (;;) {
    if (q >= end) bail(); // multi-line quoted scalars fold lines: left to yaml
    const ch = t.charCodeAt(q);
    if (single) {
      if (ch === 39) {
        if (t.charCodeAt(q + 1) === 39) {
          out += "'";
          q += 2;
          continue;
        }
        break;
      }
      out += t[q++];
      continue;
    }
    if (ch === 34) break;
    if (ch === 92) {
      const e = t[q + 1];
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        q += 2;
        continue;
      }
      const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = t.slice(q + 2, q + 2 + len);
      if (!len || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) bail();
      out += String.fromCodePoint(parseInt(hex, 16));
      q += 2 + len;
      continue;
    }
    out += t[q++];
  }
  return { node: scalar(out, single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', undefined, [p, q + 1, q + 1]), value: out };
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** Indicator characters that cannot start a plain scalar the fast path handles. */
function isIndicator(c: number): boolean {
  // & * ! | > % @ ` ? , [ ] { } #
  return c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96 ||
    c === 63 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH;
}

/** One-line flow collections: `[a, "b", 1]`, `{a: 1, b: [x]}`, `{}`. */
class Flow {
  pos: number;
  constructor(
    private readonly t: string,
    start: number,
    private readonly end: number,
    private readonly owner: FastYaml,
  ) {
    this.pos = start;
  }

  private skip(): void {
    while (this.pos < this.end && (this.t.charCodeAt(this.pos) === SPACE || this.t.charCodeAt(this.pos) === TAB)) this.pos++;
    if (this.pos >= this.end) bail(); // the collection goes on to the next line
  }

  node(): Built {
    const c = this.t.charCodeAt(this.pos);
    if (c === 91) return this.collection(false);
    if (c === 123) return this.collection(true);
    if (c === 34 || c === 39) {
      const b = quotedScalar(this.t, this.pos, this.end);
      this.pos = (b.node.range as number[])[1];
      return b;
    }
    const start = this.pos;
    if (isIndicator(c) || c === 45 && this.t.charCodeAt(this.pos + 1) === SPACE) bail();
    let e = this.pos;
    while (e < this.end) {
      const ch = this.t.charCodeAt(e);
      if (ch === 44 || ch === 93 || ch === 125 || (ch === 58 && [SPACE, 44, 93, 125].includes(this.t.charCodeAt(e + 1)))) break;
      if (ch === 91 || ch === 123 || (ch === HASH && this.t.charCodeAt(e - 1) === SPACE)) bail();
      e++;
    }
    let v = e;
    while (v > start && this.t.charCodeAt(v - 1) === SPACE) v--;
    if (v === start) bail();
    const source = this.t.slice(start, v);
    const value = this.owner.resolvePlain(source);
    this.pos = v;
    return { node: scalar(value, 'PLAIN', source, [start, v, v]), value };
  }

  private collection(isMap: boolean): Built {
    const open = this.pos++;
    const close = isMap ? 125 : 93;
    const node = isMap ? collection(MAP_PROTO, true) : collection(SEQ_PROTO, true);
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    const seen = new Set<string>();
    this.skip();
    while (this.t.charCodeAt(this.pos) !== close) {
      const item = this.node();
      this.skip();
      if (isMap) {
        if (item.node instanceof Scalar === false || this.t.charCodeAt(this.pos) !== 58) bail();
        const keyText = String(item.value);
        if (item.value === null || seen.has(keyText) || keyText === '<<' || keyText === '__proto__') bail();
        seen.add(keyText);
        this.pos++;
        this.skip();
        const c = this.t.charCodeAt(this.pos);
        if (c === 44 || c === close) bail(); // `{a:}`: an empty value, left to yaml
        const value = this.node();
        (node as YAMLMap).items.push(pair(item.node as Scalar, value.node));
        obj[keyText] = value.value;
        this.skip();
      } else {
        if (this.t.charCodeAt(this.pos) === 58) bail(); // `[a: b]`: a pair in a sequence
        (node as YAMLSeq).items.push(item.node);
        arr.push(item.value);
      }
      const c = this.t.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        this.skip();
        if (this.t.charCodeAt(this.pos) === close) bail(); // trailing comma: left to yaml
      } else if (c !== close) bail();
    }
    this.pos++;
    node.range = [open, this.pos, this.pos];
    return { node, value: isMap ? obj : arr };
  }
}
