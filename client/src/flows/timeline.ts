// A pod's life as a picture's model: one lane per container in pod order, segments along time
// (Waiting with its reason, Running ready or not, Terminated with exit code and reason), marks
// (restarts, probe failures, kills, back-off windows), and a lane of the pod's conditions. Plain
// code, built from what the runtime records: its status history (StatusRecord: every change of a
// container's status as the supervisor computed it, with the engine's own start and finish times)
// and its events. The webview only draws it.
import type { PodEvent, StatusRecord } from '../../../runtime/src';

export type LaneRole = 'init' | 'sidecar' | 'app' | 'ephemeral';
export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ConditionType = 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready';

/** A container's state as kubectl names it. */
export type State = { kind: 'waiting'; reason: string } | { kind: 'running'; ready: boolean } | { kind: 'terminated'; exitCode: number; reason: string };

/** Times are epoch milliseconds; a segment covers [from, to). */
export type Segment = { from: number; to: number } & State;

export type Mark =
  | { kind: 'restart'; at: number; restarts: number }
  | { kind: 'probe-failure'; at: number; probe: ProbeKind; output: string }
  | { kind: 'killing'; at: number; message: string }
  /** Waiting out the kubelet's back-off before a restart. */
  | { kind: 'backoff'; at: number; to: number };

export interface Lane {
  container: string;
  role: LaneRole;
  segments: Segment[];
  marks: Mark[];
}

export interface ConditionLane {
  type: ConditionType;
  segments: { from: number; to: number; status: boolean }[];
}

export interface TimelineEvent extends PodEvent {
  at: number;
  /** The lane it belongs to (by container), if any: the view lights both up together. */
  lane?: number;
}

export interface Timeline {
  start: number;
  end: number;
  lanes: Lane[];
  conditions: ConditionLane[];
  events: TimelineEvent[];
}

export interface TimelineSource {
  /** When the pod started (the runtime's startTime). */
  startedAt: string;
  /** In pod order: init containers (native sidecars among them), then the app containers. */
  containers: { name: string; role: LaneRole }[];
  events: PodEvent[];
  history: StatusRecord[];
  /** The right edge: now for a live pod, the last record for a finished one. */
  now: number;
}

interface Point {
  at: number;
  state: State;
}

const ms = (iso: string | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);
const exitReason = (code: number | undefined) => (code === 0 ? 'Completed' : 'Error');

/**
 * The state changes of one container, at the engine's times where the record has them. The
 * supervisor sees a change when it next looks (tens of milliseconds late, or not at all for a run
 * that started and ended between two looks): a run is known by its start time, from a running
 * record, a terminated one or a CrashLoopBackOff one (which carries the last run's times), and each
 * run is drawn once whichever records told of it.
 */
function pointsOf(records: StatusRecord[]): { points: Point[]; starts: number[] } {
  const points: Point[] = [];
  const started = new Set<number>();
  const ended = new Set<number>();
  const starts: number[] = [];
  const add = (at: number, state: State) => {
    // A later record with an earlier engine time: what was seen in between was already stale.
    while (points.length && points[points.length - 1].at > at) points.pop();
    points.push({ at, state });
  };
  const runStarted = (at: number, ready: boolean) => {
    if (started.has(at)) return;
    started.add(at);
    starts.push(at);
    add(at, { kind: 'running', ready });
  };
  for (const r of records) {
    const time = Date.parse(r.time);
    const runAt = ms(r.startedAt);
    if (r.state === 'running') {
      if (runAt !== undefined && !started.has(runAt)) runStarted(runAt, r.ready);
      else add(time, { kind: 'running', ready: r.ready });
      continue;
    }
    const finished = r.state === 'terminated' || r.reason === 'CrashLoopBackOff' ? ms(r.finishedAt) : undefined;
    if (runAt !== undefined && finished !== undefined) {
      if (!ended.has(runAt)) {
        runStarted(runAt, false);
        ended.add(runAt);
        // The engine's FinishedAt of a run of a few milliseconds can read before its StartedAt.
        add(Math.max(finished, runAt), { kind: 'terminated', exitCode: r.exitCode ?? 0, reason: r.state === 'terminated' ? (r.reason ?? exitReason(r.exitCode)) : exitReason(r.exitCode) });
      }
      if (r.state === 'terminated') continue;
    }
    if (r.state === 'waiting') add(time, { kind: 'waiting', reason: r.reason ?? 'ContainerCreating' });
  }
  return { points, starts };
}

function same(a: State, b: State): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function laneOf(name: string, role: LaneRole, firstReason: string, source: TimelineSource, start: number, end: number): Lane {
  const { points, starts } = pointsOf(source.history.filter((h) => h.container === name));
  const segments: Segment[] = [];
  let current: Point = { at: start, state: { kind: 'waiting', reason: firstReason } };
  for (const p of points) {
    if (p.at <= current.at) {
      current = { at: current.at, state: p.state };
      continue;
    }
    if (same(p.state, current.state)) continue;
    segments.push({ from: current.at, to: p.at, ...current.state });
    current = p;
  }
  if (end > current.at) segments.push({ from: current.at, to: end, ...current.state });
  const marks: Mark[] = starts.slice(1).map((at, i) => ({ kind: 'restart', at, restarts: i + 1 }));
  for (const s of segments) if (s.kind === 'waiting' && s.reason === 'CrashLoopBackOff') marks.push({ kind: 'backoff', at: s.from, to: s.to });
  for (const e of source.events) {
    if (e.container !== name) continue;
    const probe = /^(Liveness|Readiness|Startup) probe failed: ?(.*)$/s.exec(e.message);
    if (e.reason === 'Unhealthy' && probe) marks.push({ kind: 'probe-failure', at: Date.parse(e.time), probe: probe[1].toLowerCase() as ProbeKind, output: probe[2] });
    else if (e.reason === 'Killing') marks.push({ kind: 'killing', at: Date.parse(e.time), message: e.message });
  }
  marks.sort((a, b) => a.at - b.at);
  return { container: name, role, segments, marks };
}

const stateAt = (lane: Lane, t: number): Segment | undefined => lane.segments.find((s) => s.from <= t && t < s.to);

/** A condition as intervals, from a test of the lanes at each moment anything changes. */
function conditionLane(type: ConditionType, times: number[], test: (t: number) => boolean): ConditionLane {
  const segments: ConditionLane['segments'] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const status = test(times[i]);
    const last = segments[segments.length - 1];
    if (last && last.status === status) last.to = times[i + 1];
    else segments.push({ from: times[i], to: times[i + 1], status });
  }
  return { type, segments };
}

/**
 * The pod's conditions as the kubelet sets them (pkg/kubelet/status/generate.go): Initialized once
 * every init container has completed and every sidecar has started (and from then on: a restart
 * of the pod's sandbox is the only way back); ContainersReady and Ready while every sidecar and app
 * container runs ready (a pod without readiness gates, so the two agree).
 */
function conditionsOf(lanes: Lane[], start: number, end: number): ConditionLane[] {
  const times = [...new Set([start, end, ...lanes.flatMap((l) => l.segments.flatMap((s) => [s.from, s.to]))])].filter((t) => t >= start && t <= end).sort((a, b) => a - b);
  const initDone = (lane: Lane) =>
    lane.role === 'init'
      ? lane.segments.find((s) => s.kind === 'terminated' && s.exitCode === 0)?.from
      : lane.role === 'sidecar'
        ? lane.segments.find((s) => s.kind === 'running')?.from
        : start;
  const doneAt = lanes.map(initDone);
  const initializedAt = doneAt.some((t) => t === undefined) ? Infinity : Math.max(start, ...(doneAt as number[]));
  const serving = lanes.filter((l) => l.role === 'sidecar' || l.role === 'app');
  const ready = (t: number) => serving.length > 0 && serving.every((l) => {
    const s = stateAt(l, t);
    return s?.kind === 'running' && s.ready;
  });
  return [
    { type: 'PodScheduled', segments: [{ from: start, to: end, status: true }] },
    conditionLane('Initialized', times, (t) => t >= initializedAt),
    conditionLane('ContainersReady', times, ready),
    conditionLane('Ready', times, ready),
  ];
}

export function buildTimeline(source: TimelineSource): Timeline {
  const start = Date.parse(source.startedAt);
  const lastRecord = Math.max(start, ...source.history.map((h) => Date.parse(h.time)), ...source.events.map((e) => Date.parse(e.time)));
  const end = Math.max(source.now, lastRecord);
  const hasInit = source.containers.some((c) => c.role === 'init' || c.role === 'sidecar');
  const lanes = source.containers.map((c) => laneOf(c.name, c.role, c.role === 'app' && hasInit ? 'PodInitializing' : c.role === 'app' ? 'ContainerCreating' : 'PodInitializing', source, start, end));
  const events = source.events.map((e) => {
    const lane = source.containers.findIndex((c) => c.name === e.container);
    return { ...e, at: Date.parse(e.time), lane: lane >= 0 ? lane : undefined };
  });
  return { start, end, lanes, conditions: conditionsOf(lanes, start, end), events };
}
