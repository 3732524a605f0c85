// kubectl's STATUS column and the pod phase, computed from container states (no engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeStatus, ContainerStatus, isLost, statusColumn } from '../../runtime/src/status';
import type { EngineContainer, EnginePod } from '../../runtime/src/engineView';
import type { PodShape } from '../../runtime/src/types';

const c = (name: string, role: ContainerStatus['role'], rest: Partial<ContainerStatus>): ContainerStatus => ({
  name,
  role,
  image: 'img',
  state: 'waiting',
  restarts: 0,
  ready: false,
  started: false,
  ...rest,
});

test('STATUS column follows printPod for init containers', () => {
  const init2 = [c('a', 'init', { state: 'terminated', exitCode: 0, reason: 'Completed' }), c('b', 'init', { state: 'running' })];
  const app = c('app', 'app', { reason: 'PodInitializing' });
  assert.equal(statusColumn([...init2, app], 'Pending', false), 'Init:1/2');
  assert.equal(statusColumn([c('a', 'init', { reason: 'PodInitializing' }), c('b', 'init', { reason: 'PodInitializing' }), app], 'Pending', false), 'Init:0/2');
  assert.equal(statusColumn([c('a', 'init', { state: 'terminated', exitCode: 1, reason: 'Error' }), app], 'Failed', false), 'Init:Error');
  assert.equal(statusColumn([c('a', 'init', { reason: 'CrashLoopBackOff' }), app], 'Pending', false), 'Init:CrashLoopBackOff');
  // A started native sidecar does not hold initialization.
  assert.equal(statusColumn([c('s', 'sidecar', { state: 'running', started: true, ready: true }), c('app', 'app', { state: 'running', ready: true })], 'Running', true), 'Running');
});

test('STATUS column for app containers: reasons of the last container win, Completed with a running one is Running', () => {
  const done = c('a', 'app', { state: 'terminated', exitCode: 0, reason: 'Completed' });
  const running = c('b', 'app', { state: 'running', ready: true });
  assert.equal(statusColumn([done], 'Succeeded', true), 'Completed');
  assert.equal(statusColumn([running, done], 'Running', true), 'Running');
  assert.equal(statusColumn([c('a', 'app', { reason: 'CrashLoopBackOff' })], 'Running', true), 'CrashLoopBackOff');
  assert.equal(statusColumn([c('a', 'app', { state: 'terminated', exitCode: 137, reason: 'OOMKilled' })], 'Failed', true), 'OOMKilled');
  assert.equal(statusColumn([c('a', 'app', { reason: 'ContainerCreating' })], 'Pending', true), 'ContainerCreating');
});

const shape: PodShape = {
  name: 'p',
  namespace: 'default',
  uid: 'u',
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  containers: [
    { name: 'init', role: 'init', image: 'i', ports: [] },
    { name: 'web', role: 'app', image: 'i', ports: [], readinessProbe: { handler: { kind: 'tcpSocket', port: 80 }, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } },
  ],
};
const engine = (name: string, status: string, exitCode = 0, oomKilled = false): EngineContainer => ({ id: name, name, role: name === 'init' ? 'init' : 'app', image: 'i', status, exitCode, oomKilled, startedAt: 's', finishedAt: 'f' });

function pod(containers: EngineContainer[]): EnginePod {
  return { uid: 'u', name: 'p', namespace: 'default', manifest: 'm', shape, infra: engine('infra', 'running'), containers: new Map(containers.map((x) => [x.name, x])), ports: [] };
}

test('phase, READY and reasons from engine states and supervisor state', () => {
  const state = { uid: 'u', name: 'p', namespace: 'default', backoff: { initialMs: 1, maxMs: 2 }, initialized: true, containers: { web: { restarts: 2, ready: false } }, events: [] };
  const running = computeStatus(pod([engine('init', 'exited'), engine('web', 'running')]), state, 0);
  assert.equal(running.phase, 'Running');
  assert.equal(running.ready, '0/1');
  assert.equal(running.restarts, 2);
  assert.equal(running.containers[1].ready, false, 'a readiness probe that has not passed keeps the container unready');
  const ready = computeStatus(pod([engine('init', 'exited'), engine('web', 'running')]), { ...state, containers: { web: { restarts: 0, ready: true, run: 'web:s' } } }, 0);
  const stale = computeStatus(pod([engine('init', 'exited'), engine('web', 'running')]), { ...state, containers: { web: { restarts: 0, ready: true, run: 'old:s' } } }, 0);
  assert.equal(stale.ready, '0/1', 'readiness of an earlier run does not carry over');
  assert.equal(ready.ready, '1/1');
  const pending = computeStatus(pod([engine('init', 'running'), engine('web', 'created')]), { ...state, initialized: false }, 0);
  assert.equal(pending.phase, 'Pending');
  assert.equal(pending.status, 'Init:0/1');
  assert.deepEqual(pending.containers.map((x) => x.reason ?? x.state), ['running', 'PodInitializing']);
  const backoff = computeStatus(pod([engine('init', 'exited'), engine('web', 'exited', 2)]), { ...state, containers: { web: { restarts: 1, restartAt: 10, handledFinish: 'f' } } }, 0);
  assert.equal(backoff.status, 'CrashLoopBackOff');
  assert.equal(backoff.containers[1].lastExitCode, 2);
  // Terminating, with when the grace period ends: the pod's own, or the one the stop gave.
  const stopping = computeStatus(pod([engine('init', 'exited'), engine('web', 'running')]), state, 0, { stop: { at: Date.parse('2026-01-01T10:00:00Z') } });
  assert.deepEqual([stopping.status, stopping.deletionTimestamp, stopping.deletionGracePeriodSeconds], ['Terminating', '2026-01-01T10:00:30.000Z', 30]);
  const quick = computeStatus(pod([engine('init', 'exited'), engine('web', 'running')]), state, 0, { stop: { at: Date.parse('2026-01-01T10:00:00Z'), graceSeconds: 0 } });
  assert.deepEqual([quick.deletionTimestamp, quick.deletionGracePeriodSeconds], ['2026-01-01T10:00:00.000Z', 0]);
});

test('a pod whose sandbox the engine stopped, with nobody to bring it back, is Unknown (kubectl: NodeLost)', () => {
  const state = { uid: 'u', name: 'p', namespace: 'default', backoff: { initialMs: 1, maxMs: 2 }, initialized: true, containers: {}, events: [], supervisorPid: 4242 };
  const killed = { ...pod([engine('init', 'exited'), engine('web', 'exited', 137)]), infra: engine('infra', 'exited', 137) };
  const alive = (pids: number[]) => (pid: number | undefined) => pid !== undefined && pids.includes(pid);
  assert.equal(isLost(killed, state, alive([])), true, 'no supervisor alive: lost');
  assert.equal(isLost(killed, state, alive([4242])), false, 'its supervisor will start the sandbox again');
  assert.equal(isLost(killed, { ...state, supervisorPid: undefined, runnerPid: 4242 }, alive([4242])), false, 'being created');
  assert.equal(isLost(killed, { ...state, final: 'Succeeded' }, alive([])), false, 'a completed pod stops its sandbox itself');
  assert.equal(isLost(pod([engine('web', 'exited', 137)]), state, alive([])), false, 'the sandbox runs');
  assert.equal(isLost({ ...killed, infra: engine('infra', 'removing') }, state, alive([])), false, 'a stop is removing it');
  assert.equal(isLost({ ...killed, infra: undefined }, state, alive([])), false, 'no sandbox left: a stop removed it');

  const lost = computeStatus(killed, state, 0, { lost: true });
  assert.deepEqual([lost.phase, lost.status, lost.ready], ['Unknown', 'Unknown', '0/1']);
  // The containers as the engine left them, not "ContainerCreating".
  assert.deepEqual(lost.containers.map((x) => [x.name, x.state, x.reason, x.exitCode]), [
    ['init', 'terminated', 'Completed', 0],
    ['web', 'terminated', 'Error', 137],
  ]);
  // A stop that nobody carries out any more: kubectl's "Unknown", not "Terminating".
  assert.equal(computeStatus(killed, state, 0, { lost: true, stop: { at: 0 } }).status, 'Unknown');
});

test('a Job pod whose app has completed stays Running while its sidecar runs; Succeeded once the supervisor says so', () => {
  const jobShape: PodShape = {
    ...shape,
    restartPolicy: 'Never',
    containers: [
      { name: 'proxy', role: 'sidecar', image: 'i', ports: [] },
      { name: 'job', role: 'app', image: 'i', ports: [] },
    ],
  };
  const member = (name: string, role: EngineContainer['role'], status: string): EngineContainer => ({ ...engine(name, status), role });
  const p = (sidecar: string): EnginePod => ({ ...pod([]), shape: jobShape, containers: new Map([['proxy', member('proxy', 'sidecar', sidecar)], ['job', member('job', 'app', 'exited')]]) });
  const state = { uid: 'u', name: 'p', namespace: 'default', backoff: { initialMs: 1, maxMs: 2 }, initialized: true, containers: {}, events: [] };
  assert.equal(computeStatus(p('running'), state, 0).phase, 'Running');
  assert.equal(computeStatus(p('exited'), state, 0).phase, 'Succeeded');
  assert.equal(computeStatus(p('running'), { ...state, final: 'Succeeded' as const }, 0).phase, 'Succeeded');
});
