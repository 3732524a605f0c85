// Wording for schema problems: what was found, what was expected, what to write instead.
import { shortened } from '../quote';
import { closest } from '../suggest';

/**
 * The known name a misspelt one most likely meant: a different case (`containerport`), or a small edit
 * distance (one edit for short names, up to a third of the length for longer ones). Bounded: see
 * suggest.ts.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  return closest(name, candidates) ?? undefined;
}

function clip(text: string): string {
  return shortened(text, 40);
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
