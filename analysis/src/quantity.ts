// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource, `ParseQuantity`), held as an
// exact fraction so that `1Gi` and `1073741824` compare equal and `0.1` is not a float. Only what the
// rules need: parse, compare, sign and integrality. The grammar check itself belongs to the schema.

export interface Quantity {
  /** Numerator (signed) and denominator (> 0) of the exact value. */
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// <signedNumber><suffix>, suffix one of the binary SI, decimal SI or an e/E exponent (quantity.go).
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;

function pow(base: bigint, exp: number): bigint {
  return base ** BigInt(exp);
}

// The same few quantities (100m, 64Mi, 1Gi) recur across thousands of documents: parse each once.
const CACHE = new Map<string | number, Quantity | null>();
const CACHE_LIMIT = 4096;

/** Parses a quantity as written in YAML (a string, or a number such as `memory: 128974848`). */
export function parseQuantity(value: unknown): Quantity | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const cached = CACHE.get(value);
  if (cached !== undefined) return cached;
  const parsed = parse(value);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(value, parsed);
  return parsed;
}

function parse(value: string | number): Quantity | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  } else {
    text = value.trim() === value ? value : '';
  }
  const m = QUANTITY.exec(text);
  if (!m) return null;
  const [, sign, digits, suffix = ''] = m;
  const [whole, frac = ''] = digits.split('.');
  let num = BigInt((whole || '0') + frac) * (sign === '-' ? -1n : 1n);
  let den = pow(10n, frac.length);
  if (suffix in BINARY) {
    num *= pow(2n, BINARY[suffix]);
  } else {
    const exp = suffix in DECIMAL ? DECIMAL[suffix] : Number(suffix.slice(1));
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return null;
    if (exp >= 0) num *= pow(10n, exp);
    else den *= pow(10n, -exp);
  }
  return { num, den };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function isNegative(q: Quantity): boolean {
  return q.num < 0n;
}

export function isInteger(q: Quantity): boolean {
  return q.num % q.den === 0n;
}
