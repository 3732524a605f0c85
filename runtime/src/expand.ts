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

/** Memory quantities to bytes ("64Mi", "1G", "128974848", "129e6"); NaN when unreadable. */
export function parseBytes(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([0-9.]+(?:e[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|m)?$/.exec(q.trim());
  if (!m) return NaN;
  const units: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3,
  };
  return Math.ceil(Number(m[1]) * (m[2] ? units[m[2]] : 1));
}

/** CPU quantities to millicores ("500m", "1", "0.25"); NaN when unreadable. */
export function parseMilliCpu(q: unknown): number {
  if (typeof q === 'number') return Math.ceil(q * 1000);
  if (typeof q !== 'string') return NaN;
  const m = /^([0-9.]+)(m)?$/.exec(q.trim());
  if (!m) return NaN;
  return Math.ceil(m[2] ? Number(m[1]) : Number(m[1]) * 1000);
}

/**
 * CPU request to the engine's relative weight, as the kubelet's MilliCPUToShares
 * (pkg/kubelet/cm/helpers_linux.go): 1024 shares per core, at least 2.
 */
export function milliCpuToShares(milli: number): number {
  if (milli === 0) return 2;
  return Math.max(2, Math.floor((milli * 1024) / 1000));
}
