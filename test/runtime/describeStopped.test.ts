// A stopped pod keeps its record (runtime/src/stoppedPods.ts): `podwright describe` after
// `podwright stop` shows the containers' last states as Terminated and the Killing events, `ps`
// does not list it, nothing of it stays on the engine, and a new run of that name drops the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodDescription } from '../../runtime/src';
import { PodRuntime } from '../../runtime/src';
import { StoppedPods } from '../../runtime/src/stoppedPods';
import { buildTimeline } from '../../client/src/flows/timeline';
import { cliHarness } from './cliHarness';
import { objectsLeft, uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-dscstop');

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
  - name: setup
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'exit 0']
  containers:
  - name: main
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
`;

async function describeJson(name: string): Promise<PodDescription> {
  const r = await podwright(['describe', name, '-o', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as PodDescription;
}

test('describe after stop: Terminated last states, Killing events, not listed, nothing left on the engine', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-dsc-stop');
  const file = `${name}.yaml`;
  writeFileSync(join(podwright.work, file), pod(name));
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  const run = await podwright(['run', file]);
  assert.equal(run.code, 0, run.err);
  const live = await waitFor('main running', async () => {
    const d = await describeJson(name);
    return d.containers[0].state.kind === 'running' ? d : undefined;
  });

  const stop = await podwright(['stop', name]);
  assert.equal(stop.code, 0, stop.err);
  assert.deepEqual(await objectsLeft(live.uid), { containers: 0, volumes: 0 }, 'the record is data on disk, no engine object');
  const ps = await podwright(['ps']);
  assert.equal(ps.code, 0, ps.err);
  assert.ok(!ps.out.includes(name), `ps does not list a stopped pod:\n${ps.out}`);

  const d = await describeJson(name);
  assert.equal(d.uid, live.uid);
  assert.equal(d.status, 'Stopped');
  // The app trapped SIGTERM and exited 0: the stopped pod ends Succeeded (the kubelet's getPhase).
  assert.equal(d.phase, 'Succeeded');
  assert.ok(d.stoppedAt);
  const main = d.containers[0].state;
  assert.deepEqual([main.kind, main.kind === 'terminated' && main.exitCode, main.kind === 'terminated' && main.reason], ['terminated', 0, 'Completed']);
  assert.equal(d.initContainers[0].state.kind, 'terminated');
  assert.ok(d.events.some((e) => e.reason === 'Killing' && e.container === 'main' && e.message === 'Stopping container main'), JSON.stringify(d.events));
  assert.ok(!d.events.some((e) => e.reason === 'Killing' && e.container === 'setup'), 'an init container that had finished is not killed');

  const text = await podwright(['describe', 'pod', name]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /\nStatus:\s+Succeeded\nStopped:\s+.+ ago\)\n/);
  assert.match(text.out, /\nContainers:\n  main:\n[\s\S]*?\n    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n/);
  assert.match(text.out, /Normal\s+Killing\s+.+\s+kubelet\s+Stopping container main\n/);

  // The timeline of the stopped pod: the runtime answers its events and history by uid.
  const runtime = new PodRuntime({ stateDir: podwright.stateDir });
  const [kept] = runtime.stoppedPods().filter((p) => p.name === name);
  assert.equal(kept.uid, live.uid);
  const history = runtime.history(kept.uid);
  const events = runtime.events(kept.uid);
  assert.ok(history.some((h) => h.container === 'main' && h.state === 'terminated' && h.exitCode === 0), JSON.stringify(history));
  const timeline = buildTimeline({ startedAt: kept.description.startTime ?? events[0].time, containers: kept.containers, events, history, now: Date.parse(kept.stoppedAt) });
  const mainLane = timeline.lanes.find((l) => l.container === 'main');
  assert.equal(mainLane?.segments.at(-1)?.kind, 'terminated');

  // The same pod runs again: the record of its stopped run goes; the new run describes live.
  const again = await podwright(['run', file]);
  assert.equal(again.code, 0, again.err);
  assert.equal(runtime.stoppedPods().filter((p) => p.name === name).length, 0);
  const live2 = await describeJson(name);
  assert.notEqual(live2.uid, live.uid);
  assert.equal(live2.stoppedAt, undefined);
});

test('stopped pods: only the newest records are kept', () => {
  const dir = podwright.stateDir + '-bounded';
  const store = new StoppedPods(dir);
  const state = { uid: '', name: '', namespace: 'default', backoff: { initialMs: 1, maxMs: 1 }, containers: {}, events: [] };
  for (let i = 0; i < 5; i++) {
    const uid = `uid-${i}`;
    const description = { name: `p${i}` } as PodDescription;
    store.keep({ uid, name: `p${i}`, namespace: 'default', stoppedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), description, state: { ...state, uid }, containers: [] }, 3);
  }
  assert.deepEqual(store.all().map((r) => r.uid), ['uid-4', 'uid-3', 'uid-2']);
  assert.deepEqual(readdirSync(store.dir).sort(), ['uid-2.json', 'uid-3.json', 'uid-4.json']);
  store.forgetName('p3', 'default');
  assert.deepEqual(store.all().map((r) => r.uid), ['uid-4', 'uid-2']);
});
