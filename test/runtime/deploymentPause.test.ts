// A paused Deployment as pkg/controller/deployment runs one, pass by pass with no engine behind it
// (fakeContext): a new template makes no ReplicaSet and replaces no pod, a change of replicas still
// scales, the progress deadline does not run while paused, and resume rolls out what waited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentController } from '../../runtime/src/workloads/deployment';
import { newReplicaSet } from '../../runtime/src/workloads/summary';
import type { StoredObject } from '../../runtime/src/workloads/records';
import { fake, podFrom, stored, type Fake } from './fakeContext';

const template = (version: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: `web:${version}` }] } });
const body = (version: string, replicas: number, paused?: boolean) => ({
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(version), progressDeadlineSeconds: 60, ...(paused === undefined ? {} : { paused }) },
});

/** One pass of the controller over `d`; the pods it asked for are then running and Ready. */
function pass(f: Fake, d: StoredObject): void {
  f.created = [];
  f.deleted = [];
  f.events = [];
  deploymentController.sync(d, f.ctx());
  f.pods = [...f.pods.filter((p) => !f.deleted.includes(p.name)), ...f.created.map((r, i) => podFrom(r, `${r.name}-${f.now}-${i}`, 'Running'))];
}

const progressing = (f: Fake) => f.status.conditions.find((c) => c.type === 'Progressing');

test('a paused Deployment holds a new template back, still scales, never times out, and rolls out on resume', () => {
  const v1 = stored('Deployment', 'web', body('1', 2));
  const f = fake(v1, 1_000_000);
  pass(f, v1);
  assert.equal(f.pods.length, 2);
  const [first] = f.status.replicaSets ?? [];
  assert.equal(first.revision, 1);

  // Paused, with a new template: no ReplicaSet, no pod made or removed.
  f.now += 1000;
  const pausedV2 = stored('Deployment', 'web', body('2', 2, true), { generation: 2 });
  pass(f, pausedV2);
  assert.deepEqual((f.status.replicaSets ?? []).map((rs) => [rs.name, rs.revision, rs.replicas]), [[first.name, 1, 2]]);
  assert.deepEqual([f.created.length, f.deleted.length, f.events], [0, 0, []]);
  assert.deepEqual([progressing(f)?.status, progressing(f)?.reason, progressing(f)?.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  // Nothing of the new template runs: `get` and `rollout status` count 0 up to date.
  assert.equal(newReplicaSet(pausedV2, f.status), undefined);

  // Scaled while paused: the one active ReplicaSet follows spec.replicas.
  f.now += 1000;
  const scaled = stored('Deployment', 'web', body('2', 3, true), { generation: 3 });
  pass(f, scaled);
  assert.deepEqual(f.events.map((e) => e.message), [`Scaled up replica set ${first.name} to 3 from 2`]);
  assert.equal(f.created.length, 1);
  assert.equal(f.created[0].labels['pod-template-hash'], first.hash);

  // Paused for longer than progressDeadlineSeconds: still paused, not ProgressDeadlineExceeded.
  f.now += 10 * 60_000;
  pass(f, scaled);
  assert.equal(progressing(f)?.reason, 'DeploymentPaused');
  assert.ok(!f.events.some((e) => e.reason === 'ProgressDeadlineExceeded'));

  // Resumed: the new template gets its ReplicaSet (revision 2), and the deadline counts from now.
  f.now += 1000;
  const resumed = stored('Deployment', 'web', body('2', 3, false), { generation: 4 });
  pass(f, resumed);
  const second = newReplicaSet(resumed, f.status);
  assert.equal(second?.revision, 2);
  assert.equal(f.events[0].message, `Created new replica set "${second?.name}"`);
  assert.ok(f.created.length > 0 && f.created.every((r) => r.labels['pod-template-hash'] === second?.hash));
  assert.deepEqual([progressing(f)?.status, progressing(f)?.reason], ['True', 'ReplicaSetUpdated']);
  assert.equal(f.status.lastProgress, f.now);
});

test('paused halfway through a rollout, both ReplicaSets keep their sizes; a new Deployment created paused makes nothing', () => {
  const v1 = stored('Deployment', 'web', body('1', 4));
  const f = fake(v1, 1_000_000);
  pass(f, v1);
  f.now += 1000;
  const v2 = stored('Deployment', 'web', body('2', 4), { generation: 2 });
  pass(f, v2);
  const sizes = () => (f.status.replicaSets ?? []).map((rs) => rs.replicas);
  const mid = sizes();
  assert.equal(mid.length, 2);
  assert.ok(mid.every((n) => n > 0), `both active mid-rollout: ${mid.join(', ')}`);
  f.now += 1000;
  pass(f, stored('Deployment', 'web', body('2', 6, true), { generation: 3 }));
  assert.deepEqual(sizes(), mid);

  const fresh = stored('Deployment', 'later', body('1', 2, true));
  const g = fake(fresh, 1_000_000);
  pass(g, fresh);
  assert.deepEqual([g.status.replicaSets, g.created.length], [[], 0]);
});
