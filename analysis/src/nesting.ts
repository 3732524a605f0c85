// How deep each document of a text nests, measured before anything parses it. The `yaml` parser
// composes nested collections by recursion: a thousand unclosed `[` take it to the end of the
// stack, and if V8 must compile one of its regular expressions there, the process dies
// ("RegExpCompiler Allocation failed - process out of memory"), with no exception to catch. No
// manifest nests a hundred levels deep, so a document deeper than MAX_NESTING is not given to a
// parser at all; it gets one problem where it goes too deep. (kubectl's go-yaml stops at 10,000
// levels: "exceeded max depth of 10000", scannerc.go max_flow_level and max_indents.)
//
// One linear scan, which may count a level too many on text that is not valid YAML, never too few
// on text that is: flow collections are counted by their brackets (quoted scalars skipped), block
// collections by indentation, compact `- ` items and keys; block scalars are skipped.

export const MAX_NESTING = 256;

export interface TooDeep {
  /** The document's text: from its `---` line (or the start) to the next one. */
  start: number;
  end: number;
  /** Where the nesting first goes past MAX_NESTING. */
  at: number;
}

/** A document starts at a `---` line (the same split as the language server's incremental analysis). */
const MARKER = /^---(?=[ \t]|\r?$)/gm;

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || Number.isNaN(c);
}

class Scan {
  private i: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.i = start;
  }

  /** The offset where the nesting passes MAX_NESTING, or -1. */
  run(): number {
    const { text, end } = this;
    const indents: number[] = [];
    let scalarParent = -1; // inside a block scalar: lines indented more than this are its text
    while (this.i < end) {
      const lineStart = this.i;
      let col = 0;
      while (text.charCodeAt(this.i) === SPACE) {
        this.i++;
        col++;
      }
      const c = text.charCodeAt(this.i);
      if (this.i >= end || c === NL || c === CR || c === 35 /* # */) {
        this.toLineEnd();
        continue;
      }
      if (scalarParent >= 0) {
        if (col > scalarParent) {
          this.toLineEnd();
          continue;
        }
        scalarParent = -1;
      }
      if (col === 0 && (text.startsWith('---', this.i) || text.startsWith('...', this.i)) && isBlank(text.charCodeAt(this.i + 3))) {
        // A document marker line may carry content: `--- [`.
        this.i += 3;
      }
      while (indents.length && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
      let depth = indents.length;
      // Compact items and keys nest on the same line: `- - a`, `- key: value`.
      for (;;) {
        this.skipSpaces();
        const ch = text.charCodeAt(this.i);
        const next = text.charCodeAt(this.i + 1);
        if ((ch === 45 /* - */ || ch === 63 /* ? */) && isBlank(next)) {
          this.i++;
          depth++;
          indents.push(this.i - lineStart + 1);
          continue;
        }
        break;
      }
      if (depth > MAX_NESTING) return this.i;
      const keyEnd = this.keyColon();
      // A key's value nests inside this line's mapping: a flow collection there is one level down.
      if (keyEnd >= 0) {
        this.i = keyEnd;
        this.skipSpaces();
      }
      const v = text.charCodeAt(this.i);
      if (v === 91 /* [ */ || v === 123 /* { */) {
        const deep = this.flow(depth);
        if (deep >= 0) return deep;
      } else if (v === 34 /* " */ || v === 39 /* ' */) {
        this.quoted(v);
      } else if (v === 124 /* | */ || v === 62 /* > */) {
        scalarParent = col;
      }
      this.toLineEnd();
    }
    return -1;
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.i) === SPACE || this.text.charCodeAt(this.i) === TAB) this.i++;
  }

  private toLineEnd(): void {
    const nl = this.text.indexOf('\n', this.i);
    this.i = nl < 0 || nl >= this.end ? this.end : nl + 1;
  }

  /** The offset after a `key:` on the current line (outside quotes and brackets), or -1. */
  private keyColon(): number {
    const { text } = this;
    let j = this.i;
    const first = text.charCodeAt(j);
    if (first === 91 || first === 123 || first === 124 || first === 62) return -1;
    if (first === 34 || first === 39) {
      const save = this.i;
      this.quoted(first);
      j = this.i;
      this.i = save;
    }
    for (; j < this.end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === NL || ch === CR) return -1;
      if (ch === 35 && (j === 0 || isBlank(text.charCodeAt(j - 1)))) return -1;
      if (ch === 58 /* : */ && isBlank(text.charCodeAt(j + 1))) return j + 1;
    }
    return -1;
  }

  /** Skips a quoted scalar starting at the current offset (it may span lines). */
  private quoted(quote: number): void {
    const { text } = this;
    let j = this.i + 1;
    for (; j < this.end; j++) {
      const ch = text.charCodeAt(j);
      if (quote === 34 && ch === 92 /* \ */) j++;
      else if (ch === quote) {
        if (quote === 39 && text.charCodeAt(j + 1) === 39) j++;
        else break;
      }
    }
    this.i = Math.min(j + 1, this.end);
  }

  /** Reads a flow collection from its opening bracket; the offset where it passes the limit, or -1. */
  private flow(base: number): number {
    const { text, end } = this;
    let depth = 0;
    let tokenStart = true;
    while (this.i < end) {
      const ch = text.charCodeAt(this.i);
      if (ch === 91 || ch === 123) {
        depth++;
        if (base + depth > MAX_NESTING) return this.i;
        tokenStart = true;
      } else if (ch === 93 || ch === 125) {
        depth--;
        tokenStart = false;
        if (depth <= 0) {
          this.i++;
          return -1;
        }
      } else if (ch === 44 /* , */ || ch === 58 /* : */) {
        tokenStart = true;
      } else if ((ch === 34 || ch === 39) && tokenStart) {
        this.quoted(ch);
        tokenStart = false;
        continue;
      } else if (ch === 35 && this.i > 0 && isBlank(text.charCodeAt(this.i - 1))) {
        this.toLineEnd();
        continue;
      } else if (!isBlank(ch)) {
        tokenStart = false;
      }
      this.i++;
    }
    return -1;
  }
}

/**
 * A bound on what Scan.run can count in text[start, end), found with indexOf alone (a tenth of the
 * time of the scan, which looks at every character). A line's block levels are the indentation
 * stack: strictly increasing columns, the last at most the line's length + 1, so at most its
 * length + 2 of them; a flow collection adds one level per `[` or `{`, and no more than the document
 * holds. Nearly every manifest is far below the limit and needs no scan.
 */
export function nestingBound(text: string, start: number, end: number): number {
  let longest = 0;
  for (let from = start; from < end; ) {
    const nl = text.indexOf('\n', from);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    if (lineEnd - from > longest) longest = lineEnd - from;
    from = lineEnd + 1;
  }
  let brackets = 0;
  for (const open of ['[', '{']) {
    for (let at = text.indexOf(open, start); at >= 0 && at < end; at = text.indexOf(open, at + 1)) {
      // Past the limit, the exact count does not matter.
      if (++brackets > MAX_NESTING) return Infinity;
    }
  }
  return longest + 2 + brackets;
}

/** The documents of `text` that nest deeper than MAX_NESTING. */
export function tooDeepDocuments(text: string): TooDeep[] {
  const starts = [0];
  for (const m of text.matchAll(MARKER)) if (m.index !== undefined && m.index > 0) starts.push(m.index);
  const out: TooDeep[] = [];
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = starts[k + 1] ?? text.length;
    // Every level takes at least one character: a shorter document cannot nest that deep.
    if (end - start <= MAX_NESTING) continue;
    if (nestingBound(text, start, end) <= MAX_NESTING) continue;
    const at = new Scan(text, start, end).run();
    if (at >= 0) out.push({ start, end, at });
  }
  return out;
}
