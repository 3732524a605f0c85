// rollout status while replicas cannot be made: the waiting line says why (the controller's last
// FailedCreate event), and stops saying it once a pod made after that failure exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolloutState } from '../../cli/src/commands/rollout';
import type { ObjectView } from '../../runtime/src';

const FAILED = 'Error creating: PortInUse: host port 8080 on 127.0.0.1 is already in use by a program on this machine (not a container); free it or change hostPort.';

function view(events: { time: string; reason: string; message: string }[], podNames: string[]): ObjectView {
  return {
    object: { kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1, uid: 'u' }, body: { spec: { replicas: 2 } } },
    status: {
      observedGeneration: 1,
      conditions: [],
      replicaSets: [{ hash: 'h', name: 'web-h', replicas: 2, revision: 1, created: 0, template: {} }],
      events: events.map((e) => ({ ...e, type: e.reason === 'FailedCreate' ? 'Warning' : 'Normal' })),
    },
    pods: podNames.map((name) => ({ name, labels: { 'pod-template-hash': 'h' }, terminating: false, phase: 'Running', ready: '1/1' })),
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
