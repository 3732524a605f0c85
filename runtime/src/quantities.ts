// Resource quantities as the engine takes them, read with the analysis' quantity grammar (planning
// only: the code that creates and stops pods does not load the analysis).
import { parseQuantity } from '../../analysis/src';

/** A quantity rounded up to an integer after scaling, as Quantity.Value()/MilliValue() do; NaN when unreadable or negative. */
function scaled(q: unknown, scale: bigint): number {
  const v = parseQuantity(q);
  if (!v || v.num < 0n) return NaN;
  const n = v.num * scale;
  return Number((n + v.den - 1n) / v.den);
}

/** Memory quantities to bytes ("64Mi", "1G", "128974848", "129e6"), with the analysis' grammar. */
export function parseBytes(q: unknown): number {
  return scaled(q, 1n);
}

/** CPU quantities to millicores ("500m", "1", "0.25"). */
export function parseMilliCpu(q: unknown): number {
  return scaled(q, 1000n);
}

/**
 * CPU request to the engine's relative weight, as the kubelet's MilliCPUToShares
 * (pkg/kubelet/cm/helpers_linux.go): 1024 shares per core, at least 2.
 */
export function milliCpuToShares(milli: number): number {
  if (milli === 0) return 2;
  return Math.max(2, Math.floor((milli * 1024) / 1000));
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES: [number, string][] = [[18, 'E'], [15, 'P'], [12, 'T'], [9, 'G'], [6, 'M'], [3, 'k'], [0, ''], [-3, 'm'], [-6, 'u'], [-9, 'n']];

/**
 * A quantity as the API server stores and kubectl prints it (Quantity.String(), canonical form in
 * k8s.io/apimachinery/pkg/api/resource/quantity.go): `0.5` is `500m`, `1024Mi` is `1Gi`, `1000m` is
 * `1`; the format (binary SI, decimal SI, exponent) is the one it was written in, binary SI below
 * 1024 or with a fraction falls back to decimal SI, and what is finer than `n` is rounded up to it.
 * Unreadable text is returned as written.
 */
export function canonicalQuantity(q: unknown): string {
  const v = parseQuantity(q);
  if (!v) return String(q);
  const text = String(q);
  const negative = v.num < 0n;
  const abs = negative ? -v.num : v.num;
  const sign = negative ? '-' : '';
  const integer = abs % v.den === 0n;
  if (/(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(text) && integer && abs / v.den >= 1024n) {
    let n = abs / v.den;
    let k = 0;
    while (k < BINARY_SUFFIXES.length - 1 && n % 1024n === 0n) {
      n /= 1024n;
      k++;
    }
    return `${sign}${n}${BINARY_SUFFIXES[k]}`;
  }
  const exponent = /[eE][+-]?\d+$/.test(text);
  // The largest power of a thousand that leaves an integer mantissa (nano at the finest, rounded up).
  for (const [exp, suffix] of DECIMAL_SUFFIXES) {
    const scale = 10n ** BigInt(Math.abs(exp));
    const [num, den] = exp >= 0 ? [abs, v.den * scale] : [abs * scale, v.den];
    if (num % den === 0n || exp === -9) {
      const mantissa = (num + den - 1n) / den;
      if (mantissa === 0n) return '0';
      return exponent ? `${sign}${mantissa}${exp ? `e${exp}` : ''}` : `${sign}${mantissa}${suffix}`;
    }
  }
  return text;
}
