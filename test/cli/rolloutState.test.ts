// rollout status while replicas cannot be made: the waiting line says why (the controller's last
// FailedCreate event), and stops saying it once a pod made after that failure exists. And a
// DaemonSet's pods, which carry their revision's hash rather than its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolloutState } from '../../cli/src/commands/rollout';
import type { ObjectView } from '../../runtime/src';
import { templateHash } from '../../runtime/src/workloads/replicas';

const FAILED = 'Error creating: PortInUse: host port 8080 on 127.0.0.1 is already in use by a program on this machine (not a container); free it or change hostPort.';

/** The ReplicaSet of the Deployment's template (it has none): its pods are the up-to-date ones. */
const H = templateHash({});

function view(events: { time: string; reason: string; message: string }[], podNames: string[]): ObjectView {
  return {
    object: { kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1, uid: 'u' }, body: { spec: { replicas: 2 } } },
    status: {
      observedGeneration: 1,
      conditions: [],
      replicaSets: [{ hash: H, name: `web-${H}`, replicas: 2, revision: 1, created: 0, template: {} }],
      events: events.map((e) => ({ ...e, type: e.reason === 'FailedCreate' ? 'Warning' : 'Normal' })),
    },
    pods: podNames.map((name) => ({ name, labels: { 'pod-template-hash': H }, terminating: false, phase: 'Running', ready: '1/1' })),
  } as unknown as ObjectView;
}

test('a rollout short of replicas says the last FailedCreate', () => {
  const state = rolloutState(view([
    { time: '2026-12-01T10:00:00.000Z', reason: 'SuccessfulCreate', message: 'Created pod: web-h-aaaaa' },
    { time: '2026-12-01T10:00:01.000Z', reason: 'FailedCreate', message: FAILED },
  ], []));
  assert.deepEqual(state, { done: false, message: `Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated... (FailedCreate: ${FAILED})` });
});

test('a FailedCreate followed by a pod that exists is over: not said', () => {
  const state = rolloutState(view([
    { time: '2026-12-01T10:00:01.000Z', reason: 'FailedCreate', message: FAILED },
    { time: '2026-12-01T10:00:05.000Z', reason: 'SuccessfulCreate', message: 'Created pod: web-h-bbbbb' },
  ], ['web-h-bbbbb']));
  assert.deepEqual(state, { done: false, message: 'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...' });
});

test("a DaemonSet's rollout is done when its pod carries the update revision's hash", () => {
  const ds = (podHash: string) =>
    rolloutState({
      object: { kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default', generation: 2, uid: 'u' }, body: { spec: {} } },
      status: {
        observedGeneration: 2,
        conditions: [],
        events: [],
        counters: { desiredNumberScheduled: 1 },
        updateRevision: 'agent-new',
        revisions: [{ name: 'agent-old', hash: 'old', revision: 1, generation: 1, template: {} }, { name: 'agent-new', hash: 'new', revision: 2, generation: 2, template: {} }],
      },
      pods: [{ name: 'agent-x', labels: { 'controller-revision-hash': podHash }, terminating: false, phase: 'Running', ready: '1/1' }],
    } as unknown as ObjectView);
  assert.deepEqual(ds('new'), { done: true, message: 'daemon set "agent" successfully rolled out' });
  assert.deepEqual(ds('old'), { done: false, message: 'Waiting for daemon set "agent" rollout to finish: 0 out of 1 new pods have been updated...' });
});
