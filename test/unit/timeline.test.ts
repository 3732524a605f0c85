// The timeline model (client/src/flows/timeline.ts) on sequences as the runtime records them: the
// supervisor's status records (seen when it looks, with the engine's start and finish times) and
// its events. The first sequence is the record of a real run (times shifted to a round start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodEvent, StatusRecord } from '../../runtime/src';
import { buildTimeline, type Lane, type Segment } from '../../client/src/flows/timeline';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

type Rec = [time: number, container: string, state: StatusRecord['state'], reason: string | undefined, exitCode: number | undefined, ready: boolean, restarts: number, startedAt?: number, finishedAt?: number];
const records = (rows: Rec[]): StatusRecord[] =>
  rows.map(([time, container, state, reason, exitCode, ready, restarts, startedAt, finishedAt]) => ({
    time: at(time),
    container,
    state,
    reason,
    exitCode,
    ready,
    restarts,
    startedAt: startedAt === undefined ? undefined : at(startedAt),
    finishedAt: finishedAt === undefined ? undefined : at(finishedAt),
  }));
const events = (rows: [number, PodEvent['type'], string, string | undefined, string][]): PodEvent[] => rows.map(([time, type, reason, container, message]) => ({ time: at(time), type, reason, container, message }));

/** A lane's segments as [from s, to s, what] for compact comparison. */
function shape(lane: Lane): [number, number, string][] {
  const what = (s: Segment) => (s.kind === 'waiting' ? `waiting ${s.reason}` : s.kind === 'running' ? `running ${s.ready ? 'ready' : 'unready'}` : `terminated ${s.exitCode} ${s.reason}`);
  return lane.segments.map((s) => [(s.from - T0) / 1000, (s.to - T0) / 1000, what(s)]);
}

test('an init container that fails twice, then succeeds; a sidecar starts; the app becomes ready', () => {
  const history = records([
    [0.55, 'setup', 'waiting', 'PodInitializing', undefined, false, 0],
    [0.55, 'proxy', 'waiting', 'PodInitializing', undefined, false, 0],
    [0.55, 'app', 'waiting', 'PodInitializing', undefined, false, 0],
    // The first run started and ended between two looks of the supervisor.
    [0.82, 'setup', 'terminated', 'Error', 7, false, 1, 0.52, 0.53],
    // So did the second: the back-off record carries its times.
    [0.85, 'setup', 'waiting', 'CrashLoopBackOff', 7, false, 1, 0.79, 0.8],
    // A stale look at the run that already ended (the pod was read before the restart).
    [2.0, 'setup', 'terminated', 'Error', 7, false, 2, 0.79, 0.8],
    [2.4, 'setup', 'terminated', 'Completed', 0, false, 2, 1.98, 1.99],
    [2.4, 'app', 'waiting', 'ContainerCreating', undefined, false, 0],
    [2.5, 'proxy', 'running', undefined, undefined, true, 0, 2.15],
    [2.5, 'app', 'running', undefined, undefined, false, 0, 2.36],
    [2.66, 'app', 'running', undefined, undefined, true, 0, 2.36],
  ]);
  const ev = events([
    [0.52, 'Normal', 'Started', 'setup', 'Started container setup'],
    [0.8, 'Normal', 'Started', 'setup', 'Started container setup'],
    [0.85, 'Warning', 'BackOff', 'setup', 'Back-off restarting failed container setup'],
    [1.98, 'Normal', 'Started', 'setup', 'Started container setup'],
    [2.5, 'Warning', 'Unhealthy', 'app', 'Readiness probe failed: not yet'],
  ]);
  const t = buildTimeline({
    startedAt: at(0),
    containers: [
      { name: 'setup', role: 'init' },
      { name: 'proxy', role: 'sidecar' },
      { name: 'app', role: 'app' },
    ],
    events: ev,
    history,
    now: T0 + 5000,
  });
  assert.deepEqual(t.lanes.map((l) => [l.container, l.role]), [['setup', 'init'], ['proxy', 'sidecar'], ['app', 'app']]);
  const [setup, proxy, app] = t.lanes;
  assert.deepEqual(shape(setup), [
    [0, 0.52, 'waiting PodInitializing'],
    [0.52, 0.53, 'running unready'],
    [0.53, 0.79, 'terminated 7 Error'],
    [0.79, 0.8, 'running unready'],
    [0.8, 0.85, 'terminated 7 Error'],
    [0.85, 1.98, 'waiting CrashLoopBackOff'],
    [1.98, 1.99, 'running unready'],
    [1.99, 5, 'terminated 0 Completed'],
  ]);
  assert.deepEqual(
    setup.marks.map((m) => [m.kind, (m.at - T0) / 1000, m.kind === 'restart' ? m.restarts : m.kind === 'backoff' ? (m.to - T0) / 1000 : null]),
    [
      ['restart', 0.79, 1],
      ['backoff', 0.85, 1.98],
      ['restart', 1.98, 2],
    ],
  );
  assert.deepEqual(shape(proxy), [[0, 2.15, 'waiting PodInitializing'], [2.15, 5, 'running ready']]);
  // The stale ContainerCreating look (2.4 s) comes after the engine's start (2.36 s): dropped.
  assert.deepEqual(shape(app), [[0, 2.36, 'waiting PodInitializing'], [2.36, 2.66, 'running unready'], [2.66, 5, 'running ready']]);
  assert.deepEqual(app.marks, [{ kind: 'probe-failure', at: T0 + 2500, probe: 'readiness', output: 'not yet' }]);

  const cond = Object.fromEntries(t.conditions.map((c) => [c.type, c.segments.map((s) => [(s.from - T0) / 1000, (s.to - T0) / 1000, s.status])]));
  assert.deepEqual(cond, {
    PodScheduled: [[0, 5, true]],
    // Once setup completed (1.99 s) and proxy started (2.15 s).
    Initialized: [[0, 2.15, false], [2.15, 5, true]],
    ContainersReady: [[0, 2.66, false], [2.66, 5, true]],
    Ready: [[0, 2.66, false], [2.66, 5, true]],
  });
  assert.deepEqual(t.events.map((e) => e.lane), [0, 0, 0, 0, 2]);
});

test('a crash-looping app: runs, exits, backs off, restarts; each run once', () => {
  const history = records([
    [0.1, 'app', 'waiting', 'ContainerCreating', undefined, false, 0],
    [0.3, 'app', 'running', undefined, undefined, true, 0, 0.25],
    [1.3, 'app', 'terminated', 'Error', 1, false, 0, 0.25, 1.27],
    [1.3, 'app', 'waiting', 'CrashLoopBackOff', 1, false, 0, 0.25, 1.27],
    [2.3, 'app', 'running', undefined, undefined, true, 1, 2.28],
    [3.3, 'app', 'waiting', 'CrashLoopBackOff', 1, false, 1, 2.28, 3.29],
    [3.31, 'app', 'terminated', 'Error', 1, false, 2, 2.28, 3.29],
    [5.3, 'app', 'running', undefined, undefined, true, 2, 5.29],
    [6.3, 'app', 'waiting', 'CrashLoopBackOff', 1, false, 2, 5.29, 6.3],
    // A run of a few milliseconds, whose FinishedAt the engine reports a millisecond before its StartedAt.
    [8.3, 'app', 'waiting', 'CrashLoopBackOff', 1, false, 3, 8.26, 8.259],
  ]);
  const t = buildTimeline({ startedAt: at(0), containers: [{ name: 'app', role: 'app' }], events: [], history, now: T0 + 9000 });
  const [app] = t.lanes;
  assert.deepEqual(shape(app), [
    [0, 0.25, 'waiting ContainerCreating'],
    [0.25, 1.27, 'running ready'],
    [1.27, 1.3, 'terminated 1 Error'],
    [1.3, 2.28, 'waiting CrashLoopBackOff'],
    [2.28, 3.29, 'running ready'],
    [3.29, 3.3, 'terminated 1 Error'],
    [3.3, 5.29, 'waiting CrashLoopBackOff'],
    [5.29, 6.3, 'running ready'],
    [6.3, 8.26, 'waiting CrashLoopBackOff'],
    [8.26, 8.3, 'terminated 1 Error'],
    [8.3, 9, 'waiting CrashLoopBackOff'],
  ]);
  assert.deepEqual(app.marks.filter((m) => m.kind === 'restart').map((m) => (m.at - T0) / 1000), [2.28, 5.29, 8.26]);
  assert.deepEqual(app.marks.filter((m) => m.kind === 'backoff').map((m) => [(m.at - T0) / 1000, m.kind === 'backoff' && (m.to - T0) / 1000]), [[1.3, 2.28], [3.3, 5.29], [6.3, 8.26], [8.3, 9]]);
  const ready = t.conditions.find((c) => c.type === 'Ready');
  assert.deepEqual(ready?.segments.map((s) => [(s.from - T0) / 1000, (s.to - T0) / 1000, s.status]), [[0, 0.25, false], [0.25, 1.27, true], [1.27, 2.28, false], [2.28, 3.29, true], [3.29, 5.29, false], [5.29, 6.3, true], [6.3, 9, false]]);
  // No init containers: initialized from the start.
  assert.deepEqual(t.conditions.find((c) => c.type === 'Initialized')?.segments.map((s) => s.status), [true]);
});

test('on stop, the sidecar outlives the app: the app is killed first, the sidecar after', () => {
  const history = records([
    [0.4, 'log-shipper', 'running', undefined, undefined, true, 0, 0.3],
    [0.6, 'app', 'running', undefined, undefined, true, 0, 0.55],
    [10.2, 'app', 'terminated', 'Error', 143, false, 0, 0.55, 10.1],
    [10.2, 'log-shipper', 'running', undefined, undefined, false, 0, 0.3],
    [11.0, 'log-shipper', 'terminated', 'Error', 143, false, 0, 0.3, 10.9],
  ]);
  const ev = events([
    [10.0, 'Normal', 'Killing', 'app', 'Stopping container app'],
    [10.15, 'Normal', 'Killing', 'log-shipper', 'Stopping container log-shipper'],
  ]);
  const t = buildTimeline({ startedAt: at(0), containers: [{ name: 'log-shipper', role: 'sidecar' }, { name: 'app', role: 'app' }], events: ev, history, now: T0 + 11000 });
  const [sidecar, app] = t.lanes;
  const runEnd = (l: Lane) => l.segments.filter((s) => s.kind === 'running').reduce((m, s) => Math.max(m, s.to), 0);
  assert.ok(runEnd(sidecar) > runEnd(app), 'the sidecar runs after the app has stopped');
  assert.deepEqual(shape(app), [[0, 0.55, 'waiting PodInitializing'], [0.55, 10.1, 'running ready'], [10.1, 11, 'terminated 143 Error']]);
  assert.deepEqual(shape(sidecar), [[0, 0.3, 'waiting PodInitializing'], [0.3, 10.2, 'running ready'], [10.2, 10.9, 'running unready'], [10.9, 11, 'terminated 143 Error']]);
  assert.deepEqual(app.marks, [{ kind: 'killing', at: T0 + 10_000, message: 'Stopping container app' }]);
  assert.deepEqual(sidecar.marks, [{ kind: 'killing', at: T0 + 10_150, message: 'Stopping container log-shipper' }]);
  assert.deepEqual(t.conditions.find((c) => c.type === 'Ready')?.segments.map((s) => [(s.from - T0) / 1000, (s.to - T0) / 1000, s.status]), [[0, 0.55, false], [0.55, 10.1, true], [10.1, 11, false]]);
});
