import { parseQuantity } from '../../analysis/src';

// `$(VAR)` expansion as the kubelet does it (third_party/forked/golang/expansion/expand.go):
// `$$` is an escaped `$`, `$(NAME)` is replaced when NAME is defined and kept verbatim otherwise,
// and a `$` before anything else stays as it is.
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value === undefined ? `$(${name})` : value;
      i = close + 1;
    } else {
      out += '$' + next;
      i += 2;
    }
  }
  return out;
}

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
