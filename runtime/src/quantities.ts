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
