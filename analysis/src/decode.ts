// A document's plain value, decoded from its syntax tree as kubectl decodes it: sigs.k8s.io/yaml
// unmarshals with go-yaml into interface{} and converts the result to JSON (yaml.go,
// convertToJSONableObject). Where go-yaml or that conversion fails, kubectl refuses the whole
// document, so the failure is kept with its range and reported; it is never silence. Followed from
// go-yaml's decode.go (the same in v2 and v3):
// - aliasing is refused only when excessive: past 1,000 decoded nodes and 100 alias expansions, at
//   most 99% of the decoded nodes may come from expanding aliases, falling to 10% between 400,000
//   and 4,000,000 decoded nodes (allowedAliasRatio); a document with a few hundred aliases of a
//   scalar is fine;
// - an anchor whose value contains an alias of itself (`a: &a [*a]`) fails: "anchor 'a' value
//   contains itself"; so does an alias of an anchor not defined before it;
// - a merge (`<<`) takes a mapping or a sequence of mappings, else "map merge requires map or
//   sequence of maps as the value";
// - a map key must be a scalar (decode.go "invalid map key") and not null (yaml.go "unsupported
//   map key").
// Memory stays bounded: an alias's value is the anchored node's value, shared, never a copy; and
// the work is one walk of the tree, whatever the aliases expand to.
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, YAMLMap, YAMLParseError } from 'yaml';
import { quote } from './quote';
import type { OffsetRange } from './types';

export interface DecodeError {
  /** A sentence for the person: what kubectl says, and that it refuses the document. */
  message: string;
  range: OffsetRange;
}

export interface Decoded {
  /** The value, as far as it could be built (a failing alias or key is left out): for the editor. */
  value: unknown;
  /** Why kubectl cannot decode the document, at the node that makes it fail. */
  error?: DecodeError;
}

/** go-yaml's allowedAliasRatio (decode.go). */
export function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

class Failure {
  constructor(
    readonly message: string,
    readonly node: unknown,
  ) {}
}

function rangeOf(node: unknown, fallback: OffsetRange): OffsetRange {
  const r = (node as Node | null)?.range;
  return r ? { start: r[0], end: Math.max(r[1], r[0] + 1) } : fallback;
}

function isMergeKey(key: unknown): boolean {
  // With `merge: true`, yaml resolves a plain `<<` key to a symbol.
  return isScalar(key) && typeof key.value === 'symbol';
}

/** The node each alias of the document refers to: the last node anchored with its name before it. */
const TARGETS = new WeakMap<Document, Map<Alias, Node | null>>();

export function aliasTargets(doc: Document): Map<Alias, Node | null> {
  let targets = TARGETS.get(doc);
  if (targets) return targets;
  targets = new Map();
  const anchors = new Map<string, Node>();
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source) ?? null);
      return;
    }
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    // Anchored before its contents are read, as go-yaml's parser does: `&a [*a]` refers to itself.
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node) || isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  TARGETS.set(doc, targets);
  return targets;
}

/**
 * The `Map keys must be unique` errors yaml reports with its `uniqueKeys` option, found in one pass
 * with a set per mapping: yaml compares each key with every key before it, which is quadratic in
 * the width of a mapping (19,000 keys: 7.5 s, in any file the fast path leaves to yaml, such as one
 * with an anchor).
 */
export function duplicateKeyErrors(doc: Document): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  const walk = (node: unknown): void => {
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        // yaml's test: the same node, or scalars with === values (a merge key's symbol is never equal).
        if (isScalar(key) && typeof key.value !== 'symbol' && !Number.isNaN(key.value) && key.range) {
          if (seen.has(key.value)) out.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(key.value);
        }
        walk(pair);
      }
    }
  };
  walk(doc.contents);
  return out;
}

class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  /** How many nodes decoding a node takes, aliases expanded (go-yaml's unmarshal calls). */
  private readonly sizes = new Map<unknown, number>();
  private readonly values = new Map<unknown, unknown>();
  private readonly open = new Set<unknown>();
  error: Failure | undefined;

  constructor(private readonly targets: Map<Alias, Node | null>) {}

  /** Forgets the nodes a failed count left open, before the value is built. */
  reset(): void {
    this.open.clear();
  }

  private target(alias: Alias): Node {
    const t = this.targets.get(alias);
    if (!t) throw new Failure(`unknown anchor ${quote(alias.source)} referenced`, alias);
    return t;
  }

  private count(nodes: number, expanded: number, at: unknown): void {
    this.decodeCount += nodes;
    this.aliasCount += expanded;
    const d = this.decodeCount;
    const a = this.aliasCount;
    if (a > 100 && d > 1000 && a / d > allowedAliasRatio(d)) throw new Failure('document contains excessive aliasing', at);
  }

  /**
   * Counts the document in go-yaml's order and checks the alias ratio; returns a node's size. An
   * alias costs its target's size, known already: the target comes before it in the document, and
   * is still open only when the alias is inside it.
   */
  size(node: unknown): number {
    if (isAlias(node)) {
      const target = this.target(node);
      if (this.open.has(target)) throw new Failure(`anchor ${quote(node.source)} value contains itself`, node);
      // A collection before the alias has its size; a scalar is one node.
      const s = this.sizes.get(target) ?? 1;
      // The alias is decoded, then every node of its target again, as alias expansions.
      this.count(1 + s, s, node);
      return 1 + s;
    }
    this.count(1, 0, node);
    if (!isMap(node) && !isSeq(node)) return 1;
    this.open.add(node);
    let total = 1;
    if (isSeq(node)) {
      for (const item of node.items) total += isPair(item) ? this.pairSize(item, null) : this.size(item);
    } else {
      for (const pair of node.items) total += this.pairSize(pair, node);
    }
    this.open.delete(node);
    this.sizes.set(node, total);
    return total;
  }

  private pairSize(pair: Pair, map: YAMLMap | null): number {
    if (map && isMergeKey(pair.key)) {
      // go-yaml decodes the mapping's keys once more to know which ones the merge may not set.
      this.count(map.items.length, 0, pair.key);
      let total = map.items.length;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const s of sources) {
        const resolved = isAlias(s) ? this.targets.get(s) : s;
        if (!isMap(resolved)) {
          throw new Failure('map merge requires map or sequence of maps as the value', s ?? pair.key);
        }
        total += this.size(s);
      }
      return total;
    }
    return (pair.key === null ? 0 : this.size(pair.key)) + (pair.value === null ? 0 : this.size(pair.value));
  }

  /** The plain value; run after `size`, so aliases resolve and nothing loops. */
  value(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = this.targets.get(node);
      // Left out (null) only in the best-effort value of a document that failed to decode.
      return target && !this.open.has(target) ? this.value(target) : null;
    }
    if (this.values.has(node)) return this.values.get(node);
    let out: unknown;
    if (isScalar(node)) {
      const v = node.value;
      out = typeof v === 'bigint' ? Number(v) : v;
    } else if (isSeq(node)) {
      this.open.add(node);
      const list: unknown[] = [];
      for (const item of node.items) list.push(isPair(item) ? this.pairsValue([item]) : this.value(item));
      this.open.delete(node);
      out = list;
    } else if (isMap(node)) {
      this.open.add(node);
      out = this.pairsValue(node.items);
      this.open.delete(node);
    } else {
      out = null;
    }
    // Only anchored nodes are ever reached twice: only they are kept.
    if ((node as Node).anchor) this.values.set(node, out);
    return out;
  }

  private pairsValue(pairs: readonly Pair[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const s of sources) {
          const source = this.value(s);
          if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
          // Keys already set win, and the first source wins over later ones (merge.yaml.org).
          for (const [k, v] of Object.entries(source)) if (!Object.prototype.hasOwnProperty.call(out, k)) define(out, k, v);
        }
        continue;
      }
      const key = this.keyOf(pair.key);
      if (key !== undefined) set(out, key, this.value(pair.value));
    }
    return out;
  }

  /** The JSON key of a map key, as sigs.k8s.io/yaml converts it; undefined (and the failure kept) if none. */
  private keyOf(node: unknown): string | undefined {
    const key = isAlias(node) ? this.targets.get(node) : node;
    let message: string | undefined;
    if (isMap(key) || isSeq(key)) message = `invalid map key: a ${isMap(key) ? 'mapping' : 'sequence'} cannot be a key`;
    else if (!isScalar(key) || key.value === null || key.value === undefined) message = 'unsupported map key: null';
    if (message) {
      this.error ??= new Failure(message, node ?? null);
      return undefined;
    }
    const v = this.value(key);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function set(obj: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__`, `constructor` …: own properties, never the prototype (as yaml's own toJS does).
  if (key in obj) define(obj, key, value);
  else obj[key] = value;
}

function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Decodes a parsed document; never throws. */
export function decodeDocument(doc: Document.Parsed): Decoded {
  const whole: OffsetRange = { start: doc.range[0], end: Math.max(doc.range[0] + 1, doc.range[1]) };
  const decoder = new Decoder(aliasTargets(doc));
  let failure: Failure | undefined;
  try {
    if (doc.contents !== null) decoder.size(doc.contents);
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    failure = e;
  }
  decoder.reset();
  const value = decoder.value(doc.contents);
  failure ??= decoder.error;
  if (!failure) return { value };
  return { value, error: { message: `kubectl cannot decode this document: ${failure.message}.`, range: rangeOf(failure.node, whole) } };
}
