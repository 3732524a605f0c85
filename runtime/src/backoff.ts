// Restart back-off as the kubelet computes it: pkg/kubelet/kuberuntime (doBackOff) over
// k8s.io/client-go/util/flowcontrol.Backoff with 10 s initial and 300 s maximum
// (pkg/kubelet/kubelet.go: backOffPeriod, MaxContainerBackOff).
// - The first crash is restarted at once and arms the back-off at the initial period.
// - A later crash waits until `finishedAt + backoff`, then restarts and doubles it (capped).
// - An entry older than twice the maximum (10 minutes) is expired: a container that ran that long
//   before crashing starts again from the initial period.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const KUBELET_BACKOFF: BackoffOptions = { initialMs: 10_000, maxMs: 300_000 };

/** Serializable per-container back-off state. */
export interface BackoffEntry {
  backoffMs: number;
  /** When the back-off was last advanced (epoch ms), i.e. when the container was last restarted. */
  lastUpdate: number;
}

function expired(eventTime: number, entry: BackoffEntry, o: BackoffOptions): boolean {
  return eventTime - entry.lastUpdate > 2 * o.maxMs;
}

/** The moment a container that finished at `finishedAt` may be restarted. */
export function restartAt(entry: BackoffEntry | undefined, finishedAt: number, o: BackoffOptions): number {
  if (!entry || expired(finishedAt, entry, o)) return finishedAt;
  return finishedAt + entry.backoffMs;
}

/** The entry after restarting, at `now`, a container that finished at `finishedAt` (flowcontrol Next). */
export function advance(entry: BackoffEntry | undefined, finishedAt: number, now: number, o: BackoffOptions): BackoffEntry {
  if (!entry || expired(finishedAt, entry, o)) return { backoffMs: o.initialMs, lastUpdate: now };
  return { backoffMs: Math.min(entry.backoffMs * 2, o.maxMs), lastUpdate: now };
}
