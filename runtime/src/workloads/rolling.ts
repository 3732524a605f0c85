// The Deployment controller's arithmetic, as pkg/controller/deployment/rolling.go and
// util/deployment_util.go do it: how many pods a rolling update may add above `replicas` (maxSurge,
// rounded up) and take away below it (maxUnavailable, rounded down), and the next replica counts of
// the new and the old ReplicaSets. Pure functions: the controller feeds them what it sees.

/** An int-or-string field: `2` or `"25%"`. */
export type IntOrPercent = number | string | undefined;

/** intstr.GetScaledValueFromIntOrPercent: a percentage of `total`, rounded up or down. */
export function scaled(value: IntOrPercent, total: number, roundUp: boolean, fallback: string): number {
  const v = value === undefined || value === null ? fallback : value;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.isFinite(Number(v)) ? Number(v) : 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * ResolveFenceposts: maxSurge rounds up and maxUnavailable down (defaults 25 % each); when both come
 * to 0, maxUnavailable is 1, or no rollout could ever make progress.
 */
export function fenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaled(maxSurge, desired, true, '25%');
  let unavailable = scaled(maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export interface ReplicaSetCounts {
  /** spec.replicas of the ReplicaSet. */
  replicas: number;
  /** Pods that have been Ready for minReadySeconds. */
  available: number;
  /** Oldest first. */
  created: number;
}

/** NewRSNewReplicas for RollingUpdate: how far the new ReplicaSet may scale up now. */
export function newReplicaSetTarget(desired: number, surge: number, all: readonly ReplicaSetCounts[], current: ReplicaSetCounts): number {
  if (current.replicas >= desired) return desired;
  const total = all.reduce((n, rs) => n + rs.replicas, 0);
  const maxTotal = desired + surge;
  if (total >= maxTotal) return current.replicas;
  const up = Math.min(maxTotal - total, desired - current.replicas);
  return current.replicas + up;
}

/**
 * reconcileOldReplicaSets: how many pods the old ReplicaSets may lose now, and from which, so that
 * never fewer than `desired - unavailable` pods are available. First the old pods that are not
 * available anyway (cleanupUnhealthyReplicas), then available ones, oldest ReplicaSet first
 * (scaleDownOldReplicaSetsForRollingUpdate). Returns the new replica count of each old ReplicaSet.
 */
export function oldReplicaSetTargets(desired: number, unavailable: number, all: readonly ReplicaSetCounts[], current: ReplicaSetCounts, old: readonly ReplicaSetCounts[]): number[] {
  const targets = old.map((rs) => rs.replicas);
  const oldTotal = targets.reduce((a, b) => a + b, 0);
  if (oldTotal === 0) return targets;
  const allTotal = all.reduce((n, rs) => n + rs.replicas, 0);
  const minAvailable = desired - unavailable;
  const newUnavailable = current.replicas - current.available;
  let budget = allTotal - minAvailable - newUnavailable;
  if (budget <= 0) return targets;
  const order = old.map((rs, i) => ({ rs, i })).sort((a, b) => a.rs.created - b.rs.created);
  // Unhealthy first: scaling those down costs no availability.
  for (const { rs, i } of order) {
    if (budget <= 0) break;
    const unhealthy = Math.min(targets[i] - rs.available, budget);
    if (unhealthy <= 0) continue;
    targets[i] -= unhealthy;
    budget -= unhealthy;
  }
  // Then available pods, while more are available than the minimum.
  const available = all.reduce((n, rs) => n + rs.available, 0);
  let spare = available - minAvailable;
  for (const { i } of order) {
    if (spare <= 0) break;
    const down = Math.min(targets[i], spare);
    targets[i] -= down;
    spare -= down;
  }
  return targets;
}
