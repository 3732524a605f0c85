// A workload's life as a picture's model: one lane per pod of a Deployment rollout, a ReplicaSet, a
// StatefulSet or a Job (which pod ran when, which failed, which replaced which). Plain code, built
// from what the Pods store saw of the workload's pods over time (each observation a pod's phase
// and readiness at a moment, and when it went away); the stopped pods' records give the ones that
// are gone (runtime/src/stoppedPods.ts).

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'Job';

/** One look at one pod of the workload, as the Pods store had it. */
export interface PodObservation {
  at: number;
  pod: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  /** Which revision made it: a ReplicaSet's pod-template-hash, a StatefulSet's controller-revision-hash. */
  revision?: string;
}

/** A pod that went away (stopped by its controller, deleted), at that time. */
export interface PodGone {
  at: number;
  pod: string;
}

export type PodSegmentKind = 'pending' | 'running' | 'ready' | 'succeeded' | 'failed';

export interface PodLane {
  pod: string;
  revision?: string;
  /** From its first observation to its end (or the picture's end while it lives). */
  from: number;
  to: number;
  segments: { from: number; to: number; kind: PodSegmentKind }[];
  /** live: still there; succeeded/failed: its phase when it ended; removed: taken away while running. */
  outcome: 'live' | 'succeeded' | 'failed' | 'removed';
  /** The pod this one replaced, when it did. */
  replaces?: string;
}

export interface WorkloadTimeline {
  kind: WorkloadKind;
  name: string;
  start: number;
  end: number;
  /** In order of creation. */
  lanes: PodLane[];
}

const kindOf = (o: PodObservation): PodSegmentKind =>
  o.phase === 'Succeeded' ? 'succeeded' : o.phase === 'Failed' ? 'failed' : o.phase === 'Running' ? (o.ready ? 'ready' : 'running') : 'pending';

export function buildWorkloadTimeline(kind: WorkloadKind, name: string, observations: PodObservation[], gone: PodGone[], now: number): WorkloadTimeline {
  // A StatefulSet's pod keeps its name across replacements: a name seen again after it went away
  // is a new lane (a new pod of that name).
  const lanes: PodLane[] = [];
  const open = new Map<string, PodLane>();
  const goneAt = [...gone].sort((a, b) => a.at - b.at);
  const events = [
    ...observations.map((o) => ({ at: o.at, o, g: undefined as PodGone | undefined })),
    ...goneAt.map((g) => ({ at: g.at, o: undefined as PodObservation | undefined, g })),
  ].sort((a, b) => a.at - b.at || (a.g ? 1 : 0) - (b.g ? 1 : 0));
  for (const e of events) {
    if (e.g) {
      const lane = open.get(e.g.pod);
      if (!lane) continue;
      close(lane, e.g.at);
      open.delete(e.g.pod);
      continue;
    }
    const o = e.o as PodObservation;
    let lane = open.get(o.pod);
    if (!lane) {
      lane = { pod: o.pod, revision: o.revision, from: o.at, to: o.at, segments: [], outcome: 'live' };
      lanes.push(lane);
      open.set(o.pod, lane);
    }
    const k = kindOf(o);
    const last = lane.segments.at(-1);
    if (!last || last.kind !== k) {
      if (last) last.to = o.at;
      lane.segments.push({ from: o.at, to: o.at, kind: k });
    }
    lane.to = o.at;
  }
  for (const lane of open.values()) {
    lane.to = now;
    const last = lane.segments.at(-1);
    if (last) last.to = now;
    const k = last?.kind;
    // A Job's pod that finished stays listed (Completed, Error) until the Job goes: it is done.
    if (k === 'succeeded' || k === 'failed') lane.outcome = k;
  }
  matchReplacements(lanes);
  const start = lanes.length ? Math.min(...lanes.map((l) => l.from)) : now;
  return { kind, name, start, end: now, lanes };
}

function close(lane: PodLane, at: number): void {
  lane.to = at;
  const last = lane.segments.at(-1);
  if (last) last.to = at;
  lane.outcome = last?.kind === 'succeeded' ? 'succeeded' : last?.kind === 'failed' ? 'failed' : 'removed';
}

/**
 * Which pod replaced which. A pod that ended without succeeding is replaced by, in this order:
 * a later pod of the same name (a StatefulSet recreates its ordinal, pkg/controller/statefulset);
 * else a pod of another revision created before it ended and not yet matched (a rolling update
 * brings a new pod up, then takes an old one down: pkg/controller/deployment/rolling.go); else the
 * first unmatched pod created once it ended (a Job's or a ReplicaSet's replacement for a failed or
 * lost pod: manageJob in pkg/controller/job/job_controller.go, manageReplicas in
 * pkg/controller/replicaset/replica_set.go).
 */
function matchReplacements(lanes: PodLane[]): void {
  // When a pod stopped counting: a failed pod still listed (a Job keeps it) ended as it failed.
  const endOf = (l: PodLane) => (l.outcome === 'failed' ? (l.segments.at(-1)?.from ?? l.to) : l.to);
  const ended = lanes.filter((l) => l.outcome === 'failed' || l.outcome === 'removed').sort((a, b) => endOf(a) - endOf(b));
  const taken = new Set<PodLane>();
  const free = (l: PodLane, old: PodLane) => l !== old && !taken.has(l) && l.from >= old.from;
  for (const old of ended) {
    const end = endOf(old);
    const byCreation = lanes.filter((l) => free(l, old)).sort((a, b) => a.from - b.from);
    const next =
      byCreation.find((l) => l.pod === old.pod && l.from >= end) ??
      byCreation.find((l) => l.revision !== undefined && old.revision !== undefined && l.revision !== old.revision && l.from <= end) ??
      byCreation.find((l) => l.from >= end);
    if (!next) continue;
    next.replaces = old.pod;
    taken.add(next);
  }
}

/** A lane's label: its pod, and what it replaced or which revision made it. */
export function podLaneLabel(l: PodLane): string {
  const parts = [l.revision ? `revision ${l.revision}` : '', l.replaces ? `replaces ${l.replaces}` : ''].filter(Boolean);
  return parts.length ? `${l.pod} (${parts.join(', ')})` : l.pod;
}

/**
 * A pod's observations from its status history (StatusRecord, one per change of a container):
 * Pending until an app container runs, Running (ready when every app container is), and Succeeded
 * or Failed once every app container has terminated (all with exit code 0: Succeeded).
 */
export function podObservations(
  pod: string,
  revision: string | undefined,
  createdAt: number,
  containers: { name: string; role: string }[],
  history: { time: string; container: string; state: 'waiting' | 'running' | 'terminated'; exitCode?: number; ready: boolean }[],
): PodObservation[] {
  const apps = containers.filter((c) => c.role === 'app').map((c) => c.name);
  const now = new Map<string, (typeof history)[number]>();
  const out: PodObservation[] = [{ at: createdAt, pod, phase: 'Pending', ready: false, revision }];
  for (const h of [...history].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    now.set(h.container, h);
    const states = apps.map((c) => now.get(c));
    const phase: PodObservation['phase'] =
      apps.length && states.every((s) => s?.state === 'terminated')
        ? states.every((s) => s?.exitCode === 0)
          ? 'Succeeded'
          : 'Failed'
        : states.some((s) => s?.state === 'running')
          ? 'Running'
          : 'Pending';
    const ready = phase === 'Running' && states.every((s) => s?.state === 'running' && s.ready);
    const last = out.at(-1);
    if (last && last.phase === phase && last.ready === ready) continue;
    out.push({ at: Math.max(createdAt, Date.parse(h.time)), pod, phase, ready, revision });
  }
  return out;
}
