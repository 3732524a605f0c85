// Reading plain values decoded from YAML, where every field may have any type: each helper answers
// with a safe default instead of assuming a shape. The one home of these helpers for the analysis,
// the runtime and the front ends.

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as a mapping, or an empty one when it is not a mapping. */
export function asObject(v: unknown): Obj {
  return isObject(v) ? v : {};
}

/** The value as an array, or an empty array when it is not one. */
export function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value when it is a string. */
export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An array's items as strings (YAML may give numbers or booleans), or undefined when not an array. */
export function stringsOf(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => String(x)) : undefined;
}

/** The value when it is a finite number, else `fallback`. */
export function numberOr<T extends number | undefined>(v: unknown, fallback: T): number | T {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A mapping's entries as strings (labels, annotations, data). */
export function stringMap(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(v)).map(([k, x]) => [k, String(x)]));
}

/** Reads the value at a path of a plain value. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
