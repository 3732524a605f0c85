// Deployments as their controller runs them, on the real engine: replicas named and labelled as
// upstream names them, healing, a rolling update that never drops below replicas - maxUnavailable
// Ready pods, scaling, and nothing left after delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodStatus } from '../../runtime/src';
import { isReady } from '../../runtime/src/workloads/controller';
import { FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

const deployment = (name: string, version: string, replicas = 3) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 2
      initContainers:
      - name: init
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: ['true']
      containers:
      - name: web
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "echo ${version} > /tmp/v; trap 'exit 0' TERM; while :; do sleep 1; done"]
        readinessProbe:
          exec: {command: [cat, /tmp/v]}
          periodSeconds: 1
`;

test('a 3-replica Deployment: 3/3, healing, a rolling update within its budget, scale, delete', { timeout: 240_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-web');
  t.after(async () => {
    // The manager first: nothing is created any more while the Deployment goes.
    await manager.stop();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  });
  // Started before the apply, it is the cluster's manager: apply does not start one in the background.
  assert.equal(await manager.start(), true);
  const applied = await runtime.workloads.apply(deployment(name, 'v1'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(applied.documents.map((d) => [d.kind, d.name, d.result]), [['Deployment', name, 'created']]);
  const pods = () => runtime.list().then((all) => all.filter((p) => p.owner?.name === name));
  const ready = (ps: PodStatus[]) => ps.filter(isReady);
  const first = await waitFor('3 ready pods', async () => {
    const ps = await pods();
    return ready(ps).length === 3 && ps.length === 3 ? ps : undefined;
  }, 90_000);
  // Named and labelled as the Deployment controller names them: <deployment>-<hash>-<5 characters>.
  const hash = first[0].labels['pod-template-hash'];
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  for (const p of first) {
    assert.match(p.name, new RegExp(`^${name}-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    assert.deepEqual([p.owner?.kind, p.labels.app, p.labels['pod-template-hash']], ['Deployment', name, hash]);
  }
  await manager.nextPass();
  const view = await runtime.workloads.get({ kind: 'Deployment', name, namespace: 'default' });
  assert.equal(view.status?.conditions.find((c) => c.type === 'Available')?.status, 'True');

  // Healing: a deleted pod is replaced.
  await runtime.stop(first[0].uid, { timeoutSeconds: 0 });
  const healed = await waitFor('a replacement', async () => {
    const ps = await pods();
    return ready(ps).length === 3 && !ps.some((p) => p.uid === first[0].uid) ? ps : undefined;
  }, 90_000);
  assert.equal(healed.length, 3);

  // A changed template rolls: never fewer than 3 - maxUnavailable (25 % of 3, rounded down: 0) Ready.
  await runtime.workloads.apply(deployment(name, 'v2'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  manager.kick();
  const samples: number[] = [];
  const rolled = await waitFor('the rollout to finish', async () => {
    const ps = await pods();
    samples.push(ready(ps).length);
    const hashes = new Set(ps.map((p) => p.labels['pod-template-hash']));
    return hashes.size === 1 && !hashes.has(hash) && ready(ps).length === 3 && ps.length === 3 ? ps : undefined;
  }, 150_000, 200);
  assert.ok(Math.min(...samples) >= 3, `Ready pods sampled during the rollout: ${samples.join(',')}`);
  assert.equal(rolled.length, 3);
  await manager.nextPass();
  const after = await runtime.workloads.get({ kind: 'Deployment', name, namespace: 'default' });
  assert.equal(after.status?.conditions.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
  assert.deepEqual(after.status?.replicaSets?.map((rs) => [rs.revision, rs.replicas]), [[1, 0], [2, 3]]);

  // Scale down to 1, up to 2.
  await runtime.workloads.scale({ kind: 'Deployment', name, namespace: 'default' }, 1);
  await waitFor('1 pod', async () => ((await pods()).filter((p) => !p.terminating).length === 1 ? true : undefined), 60_000);
  await runtime.workloads.scale({ kind: 'Deployment', name, namespace: 'default' }, 2);
  await waitFor('2 ready pods', async () => (ready(await pods()).length === 2 ? true : undefined), 60_000);

  // Delete: the pods go with it, and nothing is left.
  const ownedUids = (await pods()).map((p) => p.uid);
  assert.equal(await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' }), true);
  assert.deepEqual(await pods(), []);
  for (const uid of ownedUids) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
  assert.deepEqual(await runtime.workloads.list(['Deployment']).then((v) => v.filter((x) => x.object.metadata.name === name)), []);
});
