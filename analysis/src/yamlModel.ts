// The text is parsed once with `yaml` and one LineCounter, so offsets stay absolute across `---`
// documents. Each document keeps its syntax tree (for ranges) and a plain value (for the rules).
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  Pair,
  parseAllDocuments,
  Scalar,
  YAMLMap,
} from 'yaml';
import { aliasTargets, decodeDocument, duplicateKeyErrors, type DecodeError } from './decode';
import { FastYaml } from './fastYaml';
import { MAX_NESTING, tooDeepDocuments, type TooDeep } from './nesting';
import type { OffsetRange, Segment } from './types';

export interface ParsedDocument {
  index: number;
  doc: Document.Parsed;
  /**
   * The plain value, as the API server would decode it. When the document cannot be decoded
   * (`decodeError`), as much of it as could be built, for the editor's features.
   */
  value: unknown;
  /** Why kubectl could not decode this document although it parses (decode.ts), or nest too deep. */
  decodeError?: DecodeError;
  /** Whole document, from its first to its last character. */
  range: OffsetRange;
}

export interface ParsedFile {
  text: string;
  lineCounter: LineCounter;
  documents: ParsedDocument[];
}

// kubectl decodes YAML with go-yaml (YAML 1.1): `yes`/`on` are booleans, `0644` is octal, and `<<`
// merges. Timestamps stay strings when decoded into untyped JSON, so that tag is left out.
const PARSE_OPTIONS = {
  version: '1.1' as const,
  merge: true,
  // Duplicate keys are found by duplicateKeyErrors (decode.ts), in linear time.
  uniqueKeys: false,
  prettyErrors: false,
  // Warnings (a collection used as a key) go to process warnings on stderr; the analysis reports
  // problems itself and must print nothing.
  logLevel: 'error' as const,
  customTags: (tags: unknown[]) =>
    tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp') as never,
};

let fast: FastYaml | undefined;

export function parseYaml(text: string): ParsedFile {
  const deep = tooDeepDocuments(text);
  if (deep.length) return parseShallow(text, deep);
  fast ??= new FastYaml(PARSE_OPTIONS);
  const lineCounter = new LineCounter();
  const quick = fast.parse(text, lineCounter);
  if (quick) {
    const documents = quick.map(({ doc, value }, index): ParsedDocument => {
      const [start, , end] = doc.range;
      return { index, doc, value, range: { start, end } };
    });
    return { text, lineCounter, documents };
  }
  return parseWithYaml(text);
}

/** The reference parser: every file the fast path declines, and the differential tests. */
export function parseWithYaml(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseQuietly>;
  try {
    docs = parseQuietly(text, lineCounter);
  } catch (e) {
    // yaml's parser recurses once per line of some broken shapes (2,000 `k: v` lines in an unclosed
    // `[`) and throws when the stack runs out. The text is then one problem, not a crash or silence.
    if (!(e instanceof RangeError)) throw e;
    return parseShallow(text, [{ start: 0, end: text.length, at: 0 }], TOO_COMPLEX);
  }
  const list = Array.isArray(docs) ? docs : [];
  const documents = list.map((doc, index): ParsedDocument => {
    doc.errors.push(...duplicateKeyErrors(doc));
    const { value, error } = decodeDocument(doc);
    const [start, , end] = doc.range;
    const parsed: ParsedDocument = { index, doc, value, range: { start, end } };
    if (error) parsed.decodeError = error;
    return parsed;
  });
  return { text, lineCounter, documents };
}

function parseQuietly(text: string, lineCounter: LineCounter) {
  // yaml reports each syntax error as an Error object; a broken file can have a hundred thousand,
  // and capturing a stack trace for each was most of the time spent on one. None is ever shown.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A text with documents nested too deep for any parser to be trusted with (nesting.ts): those
 * documents are blanked out (newlines kept, so every offset and line stays where it was) and parsed
 * as empty; each gets one problem where its nesting goes too deep.
 */
const TOO_DEEP = `Nested more than ${MAX_NESTING} levels deep: Podwright does not read a document this deep (no manifest needs it).`;
const TOO_COMPLEX = 'The YAML parser ran out of stack on this file: it is broken in a way too deep to read. Look for a `[` or `{` left open above many lines.';

function parseShallow(text: string, deep: TooDeep[], message = TOO_DEEP): ParsedFile {
  let blanked = '';
  let from = 0;
  for (const d of deep) {
    // Keep a `---` line's marker, so that the documents stay apart; the rest becomes one `~` (an
    // empty document) and spaces.
    const body = text.startsWith('---', d.start) ? d.start + 3 : d.start;
    const blank = text.slice(body, d.end).replace(/[^\n]/g, ' ');
    // `~` goes after a space or a line break: `--- ~`, or alone at the start of a line.
    const at = body === d.start ? blank.search(/[^\n]/) : blank.search(/(?<=[ \n]) /);
    blanked += text.slice(from, body) + (at < 0 ? blank : `${blank.slice(0, at)}~${blank.slice(at + 1)}`);
    from = d.end;
  }
  blanked += text.slice(from);
  const file = parseWithYaml(blanked);
  for (const d of deep) {
    const holder = [...file.documents].reverse().find((doc) => doc.range.start <= d.at) ?? file.documents[0];
    if (!holder) continue;
    holder.value = null;
    holder.decodeError = { message, range: { start: d.at, end: d.at + 1 } };
  }
  return { ...file, text };
}

/** Converts an offset into 1-based line and column. */
export function lineCol(file: ParsedFile, offset: number): { line: number; col: number } {
  return file.lineCounter.linePos(offset);
}

/** What a field path reaches in a document's syntax tree. */
export interface Located {
  /** The node at the path, when it exists (aliases resolved). */
  node: Node | null;
  /** The pair whose value the node is, when the last step was a mapping key. */
  pair: Pair | null;
  /** How many segments of the path exist in the document. */
  depth: number;
  /** The deepest existing node on the way, and its pair, for a path that does not fully exist. */
  deepestNode: Node | null;
  deepestPair: Pair | null;
}

function resolve(doc: Document.Parsed, node: unknown): Node | null {
  // Alias.resolve(doc) walks the whole document on every call; the targets are found once.
  if (isAlias(node)) return aliasTargets(doc).get(node) ?? null;
  return (node as Node | null) ?? null;
}

function keyText(key: unknown): string | undefined {
  // A merge key's value is a symbol; its source text is `<<`.
  if (isScalar(key)) {
    const v = (key as Scalar).value;
    return typeof v === 'symbol' ? '<<' : String(v);
  }
  return undefined;
}

/** The pairs of a mapping by key text, built once per mapping: a problem on each of 20,000 keys must not scan them all. */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsOf(map: YAMLMap): Map<string, Pair> {
  let byKey = PAIRS.get(map);
  if (!byKey) {
    byKey = new Map();
    // The last duplicate wins, as in decoding.
    for (const item of map.items) {
      const k = keyText(item.key);
      if (k !== undefined) byKey.set(k, item as Pair);
    }
    PAIRS.set(map, byKey);
  }
  return byKey;
}

/**
 * Mappings up to this many entries are searched in place: most of a manifest's mappings are small,
 * and building an index for each one the rules look into was a tenth of lint's allocations.
 */
const SCANNED_PAIRS = 16;

/** The last pair whose key is `key` (the last duplicate wins, as in decoding). */
function pairIn(map: YAMLMap, key: string): Pair | null {
  const items = map.items;
  if (items.length > SCANNED_PAIRS) return pairsOf(map).get(key) ?? null;
  for (let i = items.length - 1; i >= 0; i--) {
    // Only a scalar has a `value` among the nodes a key can be; a key that is not a string (a
    // number, a boolean, `<<`) is compared by its text.
    const k = items[i].key as Scalar | null;
    if (k === null || typeof k !== 'object') continue;
    const v = k.value;
    if (v === key || (typeof v !== 'string' && keyText(k) === key)) return items[i] as Pair;
  }
  return null;
}

/** Finds the pair for `key` in a mapping, following `<<` merges the way decoding does. */
export function findPair(doc: Document.Parsed, map: YAMLMap, key: string, seen = 0): Pair | null {
  const found = pairIn(map, key);
  if (found || seen > 10) return found;
  for (const item of map.items) {
    if (keyText(item.key) !== '<<') continue;
    const sources = resolve(doc, item.value);
    const maps = isSeq(sources) ? sources.items.map((s) => resolve(doc, s)) : [sources];
    for (const m of maps) {
      if (isMap(m)) {
        const p = findPair(doc, m, key, seen + 1);
        if (p) return p;
      }
    }
  }
  return null;
}

export function locate(doc: Document.Parsed, path: readonly Segment[]): Located {
  let node = resolve(doc, doc.contents);
  let pair: Pair | null = null;
  let depth = 0;
  let deepestNode = node;
  let deepestPair: Pair | null = null;
  for (const seg of path) {
    let next: Node | null = null;
    let nextPair: Pair | null = null;
    if (typeof seg === 'string' && isMap(node)) {
      nextPair = findPair(doc, node, seg);
      if (!nextPair) break;
      next = resolve(doc, nextPair.value);
    } else if (typeof seg === 'number' && isSeq(node)) {
      if (seg >= node.items.length) break;
      next = resolve(doc, node.items[seg]);
      if (!next) break;
    } else {
      break;
    }
    depth++;
    node = next;
    pair = nextPair;
    if (node || pair) {
      deepestNode = node;
      deepestPair = pair;
    }
  }
  const complete = depth === path.length;
  return {
    node: complete ? node : null,
    pair: complete ? pair : null,
    depth,
    deepestNode,
    deepestPair,
  };
}

function nodeRange(node: Node | null | undefined): OffsetRange | null {
  if (!node || !node.range) return null;
  return { start: node.range[0], end: node.range[1] };
}

/** A short range that stands for a collection: its first entry, or its opening. */
function headRange(node: Node): OffsetRange | null {
  if (isMap(node) && node.items.length > 0) {
    const first = node.items[0];
    const key = nodeRange(first.key as Node);
    const value = first.value as Node | null;
    if (key && isScalar(value) && value.range) return { start: key.start, end: value.range[1] };
    return key;
  }
  if (isSeq(node) && node.items.length > 0) {
    const first = resolve(node as never, node.items[0]);
    return first ? headRange(first) : null;
  }
  const r = nodeRange(node);
  if (!r) return null;
  // A flow collection or block with no entries: its first character.
  return { start: r.start, end: Math.min(r.end, r.start + 1) };
}

export type Anchor = 'key' | 'value';

/**
 * The range a problem at `path` is shown on. Per the usual practice of YAML language servers: on the
 * value for a wrong scalar, on the key for a field that should not be there, on the nearest existing
 * key for a missing one, and never across a whole block.
 */
export function anchorRange(parsed: ParsedDocument, path: readonly Segment[], anchor: Anchor): OffsetRange {
  const { doc } = parsed;
  const loc = locate(doc, path);
  if (loc.depth === path.length) {
    const node = loc.node;
    if (anchor === 'value' && node && isScalar(node)) {
      const r = nodeRange(node);
      if (r && r.end > r.start) return r;
    }
    if (loc.pair) {
      const k = nodeRange(loc.pair.key as Node);
      if (k) return k;
    }
    if (node) {
      const h = isScalar(node) ? nodeRange(node) : headRange(node);
      if (h && h.end > h.start) return h;
    }
  }
  if (loc.deepestPair) {
    const k = nodeRange(loc.deepestPair.key as Node);
    if (k) return k;
  }
  if (loc.deepestNode) {
    const h = headRange(loc.deepestNode);
    if (h) return h;
  }
  return { start: parsed.range.start, end: Math.max(parsed.range.start, Math.min(parsed.range.end, parsed.range.start + 1)) };
}

/** True when the mapping at `path` has `key` written in it (even as `key:` with no value). */
export function hasKey(parsed: ParsedDocument, path: readonly Segment[], key: string): boolean {
  const loc = locate(parsed.doc, path);
  return isMap(loc.node) && findPair(parsed.doc, loc.node, key) !== null;
}

export { isMap, isSeq, isScalar, isPair };

function contains(node: Node | null | undefined, offset: number): boolean {
  return !!node && !!node.range && node.range[0] <= offset && offset <= node.range[2];
}

/** The field path of the deepest node whose range holds `offset` (for hover, completion, syntax errors). */
export function pathAtOffset(parsed: ParsedDocument, offset: number): Segment[] {
  const path: Segment[] = [];
  let node = resolve(parsed.doc, parsed.doc.contents);
  for (let guard = 0; node && guard < 1000; guard++) {
    let next: Node | null = null;
    if (isMap(node)) {
      for (const item of node.items) {
        const key = item.key as Node | null;
        const value = item.value as Node | null;
        const keyHit = contains(key, offset);
        if (keyHit || contains(value, offset)) {
          const k = keyText(key);
          if (k === undefined) return path;
          path.push(k);
          // An alias's text is the alias itself: its target is elsewhere (and may hold it).
          next = keyHit || isAlias(value) ? null : value;
          break;
        }
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i] as Node | null;
        if (contains(item, offset)) {
          path.push(i);
          next = isAlias(item) ? null : item;
          break;
        }
      }
    }
    node = next;
  }
  return path;
}
