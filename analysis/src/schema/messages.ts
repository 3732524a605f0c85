// Wording for schema problems: what was found, what was expected, what to write instead.

/** Levenshtein distance, bounded: returns `limit + 1` as soon as the distance must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known name a misspelt one most likely meant: a different case (`containerport`), or a small edit
 * distance (one edit for short names, up to a third of the length for longer ones).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** What a decoded YAML value is, for "got …": `string "80a"`, `integer 80`, `a list`. */
export function describeValue(value: unknown, source?: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(clip(value))}`;
  // As written, so that `1.0` and `yes` read as the person wrote them, not as 1 and true.
  const written = source !== undefined && source !== '' ? clip(source) : String(value);
  if (typeof value === 'number') return `${Number.isInteger(value) && !/[.eE]/.test(written) ? 'integer' : 'number'} ${written}`;
  if (typeof value === 'boolean') return `boolean ${written}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** What a schema type expects, in words: `integer`, `a list of Container`, `a mapping (Probe)`. */
export function describeType(type: string): string {
  if (type.startsWith('[]')) return `a list of ${type.slice(2)}`;
  if (type.startsWith('map[string]')) return `a mapping of ${type.slice('map[string]'.length)}`;
  if (type === 'object') return 'a mapping';
  if (type === 'int-or-string') return 'integer or string';
  if (type === 'quantity') return 'a quantity (string or number)';
  if (/^[A-Z]/.test(type)) return `a mapping (${type})`;
  return type;
}

/** A quantity with a byte unit people write out of habit (`1GB`, `512MiB`) suggests the Kubernetes one. */
export function quantityHint(value: string): string | undefined {
  const m = /^\s*([+-]?[0-9.]+)\s*([KMGTPE])(i?)B\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2].toUpperCase() === 'K' && !m[3] ? 'k' : m[2].toUpperCase();
  return m[3] ? `${m[1]}${unit}i` : `${m[1]}${unit}i' (binary) or '${m[1]}${unit}`;
}
