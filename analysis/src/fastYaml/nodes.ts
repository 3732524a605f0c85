// Node construction, scalars and one-line flow collections for the fast YAML path (see index.ts).
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Thrown to abandon the fast path; never escapes the fastYaml folder. */
export class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('fast path not applicable');
export function bail(): never {
  throw UNSUPPORTED;
}

export const SPACE = 32;
export const TAB = 9;
export const HASH = 35;

// yaml's node constructors tag each node with Object.defineProperty, which dominates the cost of
// building a tree. Nodes here share prototypes that carry the tag instead; yaml's `isMap`, `isSeq`,
// `isScalar` and `isPair` read it through the prototype chain, and the methods are yaml's own.
const NODE_TYPE = Object.getOwnPropertySymbols(new Scalar(null))[0];

/** A node's offsets, yaml's `range`: where it starts, where its value ends, where it ends. */
interface Offsets {
  r0: number;
  r1: number;
  r2: number;
}

// yaml keeps each node's range in an array of three numbers: about a third of the memory of a parsed
// manifest, which the collector copies while the rules run. These nodes keep the three numbers in
// fields, and make the array when `range` is read (for a problem's place, a hover, a completion).
const RANGE: PropertyDescriptor = {
  get(this: Offsets): [number, number, number] {
    return [this.r0, this.r1, this.r2];
  },
  set(this: Offsets, r: [number, number, number]) {
    this.r0 = r[0];
    this.r1 = r[1];
    this.r2 = r[2];
  },
};

function tagged<T extends object>(proto: T, sample: object, withRange: boolean): T {
  const tag = (sample as Record<symbol, unknown>)[NODE_TYPE];
  return Object.create(proto, withRange ? { [NODE_TYPE]: { value: tag }, range: RANGE } : { [NODE_TYPE]: { value: tag } }) as T;
}
const SCALAR_PROTO = tagged(Scalar.prototype, new Scalar(null), true);
export const MAP_PROTO = tagged(YAMLMap.prototype, new YAMLMap(), true);
export const SEQ_PROTO = tagged(YAMLSeq.prototype, new YAMLSeq(), true);
const PAIR_PROTO = tagged(Pair.prototype, new Pair(null), false);

/** Where a node made here starts, where its value ends, where it ends. */
export function startOf(node: Node): number {
  return (node as unknown as Offsets).r0;
}
export function valueEndOf(node: Node): number {
  return (node as unknown as Offsets).r1;
}
export function endOf(node: Node): number {
  return (node as unknown as Offsets).r2;
}
export function setEnd(node: Node, end: number): void {
  (node as unknown as Offsets).r2 = end;
}
export function setOffsets(node: Node, start: number, valueEnd: number, end: number): void {
  const o = node as unknown as Offsets;
  o.r0 = start;
  o.r1 = valueEnd;
  o.r2 = end;
}

// Constructors rather than Object.create: every field is set in one order, so all nodes of a kind
// share one hidden class with room for all their fields inside the object.
interface ScalarFields extends Offsets {
  value: unknown;
  type: Scalar.Type;
  source: string | undefined;
}
const ScalarNode = function (this: ScalarFields, value: unknown, type: Scalar.Type, source: string | undefined, start: number, valueEnd: number, end: number) {
  this.value = value;
  this.type = type;
  this.source = source;
  this.r0 = start;
  this.r1 = valueEnd;
  this.r2 = end;
} as unknown as new (value: unknown, type: Scalar.Type, source: string | undefined, start: number, valueEnd: number, end: number) => Scalar;
ScalarNode.prototype = SCALAR_PROTO;

interface CollectionFields extends Offsets {
  items: unknown[];
  flow: boolean;
}
type CollectionConstructor = new (flow: boolean) => YAMLMap | YAMLSeq;
function collectionConstructor(proto: object): CollectionConstructor {
  const C = function (this: CollectionFields, flow: boolean) {
    this.items = [];
    this.flow = flow;
    this.r0 = 0;
    this.r1 = 0;
    this.r2 = 0;
  } as unknown as CollectionConstructor;
  C.prototype = proto;
  return C;
}
const MapNode = collectionConstructor(MAP_PROTO);
const SeqNode = collectionConstructor(SEQ_PROTO);

const PairNode = function (this: { key: unknown; value: unknown }, key: Scalar, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as new (key: Scalar, value: unknown) => Pair;
PairNode.prototype = PAIR_PROTO;

export function scalar(value: unknown, type: Scalar.Type, source: string | undefined, start: number, valueEnd: number, end: number): Scalar {
  return new ScalarNode(value, type, source, start, valueEnd, end);
}

export function collection<T extends YAMLMap | YAMLSeq>(proto: T, flow: boolean): T {
  return new (proto === MAP_PROTO ? MapNode : SeqNode)(flow) as T;
}

export function pair(key: Scalar, value: unknown): Pair {
  return new PairNode(key, value);
}

export type Node = Scalar | YAMLMap | YAMLSeq;
export interface Built {
  node: Node;
  value: unknown;
}

/** Resolves a plain scalar's text to its value under the YAML 1.1 schema. */
export interface PlainResolver {
  resolvePlain(source: string): unknown;
}

export function quotedScalar(t: string, p: number, end: number): Built {
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
  return { node: scalar(out, single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', undefined, p, q + 1, q + 1), value: out };
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** Indicator characters that cannot start a plain scalar the fast path handles. */
export function isIndicator(c: number): boolean {
  // & * ! | > % @ ` ? , [ ] { } #
  return c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96 ||
    c === 63 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH;
}

/** One-line flow collections: `[a, "b", 1]`, `{a: 1, b: [x]}`, `{}`. */
export class Flow {
  pos: number;
  constructor(
    private readonly t: string,
    start: number,
    private readonly end: number,
    private readonly owner: PlainResolver,
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
      this.pos = valueEndOf(b.node);
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
    return { node: scalar(value, 'PLAIN', source, start, v, v), value };
  }

  private collection(isMap: boolean): Built {
    const open = this.pos++;
    const close = isMap ? 125 : 93;
    const node = isMap ? collection(MAP_PROTO, true) : collection(SEQ_PROTO, true);
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    this.skip();
    while (this.t.charCodeAt(this.pos) !== close) {
      const item = this.node();
      this.skip();
      if (isMap) {
        if (item.node instanceof Scalar === false || this.t.charCodeAt(this.pos) !== 58) bail();
        const keyText = String(item.value);
        if (item.value === null || Object.hasOwn(obj, keyText) || keyText === '<<' || keyText === '__proto__') bail();
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
    setOffsets(node, open, this.pos, this.pos);
    return { node, value: isMap ? obj : arr };
  }
}
