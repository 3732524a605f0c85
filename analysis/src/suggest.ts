// "Did you mean …": the known name a misspelt one most likely meant, for the schema (unknown fields,
// enum values) and the rules (volume names, resource names, field paths, ConfigMap keys). One
// bounded implementation, so that a document can never make a suggestion expensive: a name is
// compared only with candidates of about its length, the edit distance stops as soon as it must
// exceed the limit (a band of the Levenshtein table, never the whole table), very long names get no
// suggestion, and one suggestion compares at most MAX_COMPARED candidates.

/**
 * Names longer than this get no suggestion. The longest name the API server takes is a DNS-1123
 * subdomain (253 characters, k8s.io/apimachinery/pkg/util/validation IsDNS1123Subdomain); anything
 * longer is not a typo of a known name.
 */
export const MAX_NAME = 253;
/** How many candidates of a plausible length one suggestion compares, at most. */
export const MAX_COMPARED = 256;

// Two rows of the band, reused: no allocation per comparison.
let prev = new Int32Array(MAX_NAME + 8);
let cur = new Int32Array(MAX_NAME + 8);

/**
 * Levenshtein distance between `a` and `b`, bounded: `limit + 1` as soon as the distance must exceed
 * `limit`. Costs O(limit × length), and far less for names that differ early.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  const over = limit + 1;
  if (Math.abs(n - m) > limit) return over;
  if (n === 0 || m === 0) return Math.max(n, m);
  if (m + 2 > prev.length) {
    prev = new Int32Array(m + 8);
    cur = new Int32Array(m + 8);
  }
  // Cells outside the band |i - j| <= limit are at least limit + 1: they are held at `over`.
  for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : over;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(m, i + limit);
    cur[from - 1] = from === 1 && i <= limit ? i : over;
    let rowMin = cur[from - 1];
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const d = Math.min(sub, del, ins, over);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (to < m) cur[to + 1] = over;
    if (rowMin > limit) return over;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m], over);
}

/** How many edits a name of this length may be away from what it meant: 1 for short names, up to 3. */
export function typoLimit(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 3)));
}

/**
 * The candidate closest to `value` when it is a likely typo of it: the same name in another case
 * (`containerport`), else the smallest edit distance within `typoLimit`, compared case-insensitively.
 * The first of equally close candidates wins. A candidate equal to `value` is not a suggestion.
 */
export function closest(value: string, candidates: Iterable<string>): string | null {
  if (value.length > MAX_NAME) return null;
  const limit = typoLimit(value);
  const v = value.toLowerCase();
  let best: string | null = null;
  let bestDistance = limit + 1;
  let compared = 0;
  for (const c of candidates) {
    if (c === value || Math.abs(c.length - value.length) > limit) continue;
    if (++compared > MAX_COMPARED) break;
    const d = editDistance(v, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
