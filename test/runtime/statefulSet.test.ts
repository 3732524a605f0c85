// StatefulSets as their controller runs them, on the real engine: pods db-0 … db-(n-1) created in
// order (each once the one before is Ready) with their identity and their own claims, which outlive
// the pods and the StatefulSet itself; removed from the top, one at a time; Parallel; the retention
// policy; a rolling update that stops at the partition; healing under the same name.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { PodRuntime, PodStatus } from '../../runtime/src';
import { isReady } from '../../runtime/src/workloads/controller';
import { FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

interface SetOptions {
  replicas?: number;
  version?: string;
  extra?: string;
  /** Seconds before the readiness probe first runs. */
  readyAfter?: number;
}

const statefulSet = (name: string, o: SetOptions = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}-svc
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels: {app: ${name}}
${o.extra ?? ''}  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: db
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "[ -f /data/first ] || hostname > /data/first; echo ${o.version ?? 'v1'} > /tmp/v; trap 'exit 0' TERM; while :; do sleep 1; done"]
        readinessProbe:
          exec: {command: [cat, /tmp/v]}
          initialDelaySeconds: ${o.readyAfter ?? 0}
          periodSeconds: 1
        volumeMounts:
        - {name: data, mountPath: /data}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;

const ref = (name: string) => ({ kind: 'StatefulSet', name, namespace: 'default' });

/** A manager in this process, and the set, its pods and its claims removed when the test ends. */
async function setUp(t: TestContext, base: string): Promise<{ runtime: PodRuntime; name: string; pods: () => Promise<PodStatus[]>; claims: () => Promise<string[]> }> {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName(base);
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete(ref(name));
    for (const c of await claims()) await runtime.workloads.deleteClaimData('default', c);
  });
  assert.equal(await manager.start(), true);
  const pods = () => runtime.list().then((all) => all.filter((p) => p.owner?.name === name).sort((a, b) => a.name.localeCompare(b.name)));
  const claims = () => runtime.workloads.claims('default').then((cs) => cs.filter((c) => c.name.startsWith(`data-${name}-`)).map((c) => c.name));
  return { runtime, name, pods, claims };
}

/** Runs a command in a container of the pod of that name. */
async function exec(runtime: PodRuntime, pod: string, cmd: string[]): Promise<string> {
  const target = await runtime.pod({ name: pod, namespace: 'default' });
  const chunks: Buffer[] = [];
  const session = await runtime.exec(target, 'db', cmd, { onOutput: (b) => chunks.push(b) });
  assert.equal(await session.exit, 0, Buffer.concat(chunks).toString('utf8'));
  return Buffer.concat(chunks).toString('utf8');
}

const apply = (runtime: PodRuntime, text: string, name: string) => runtime.workloads.apply(text, `/tmp/${name}.yaml`, { allowHostAccess: false });

test('OrderedReady: db-0 writes into its claim, the StatefulSet is deleted and applied again, db-0 reads it; identity; reverse-order scale-down; healing', { timeout: 180_000 }, async (t) => {
  const { runtime, name, pods, claims } = await setUp(t, 'pw-db');
  await apply(runtime, statefulSet(name, { readyAfter: 1 }), name);
  // Sampled: db-1 never exists unless db-0 is Ready in the same sample.
  const samples: string[] = [];
  const both = await waitFor('db-0 and db-1 ready', async () => {
    const ps = await pods();
    const zero = ps.find((p) => p.name === `${name}-0`);
    if (ps.some((p) => p.name === `${name}-1`)) samples.push(zero && isReady(zero) ? 'ok' : `db-1 while db-0 was ${zero?.status ?? 'missing'}`);
    return ps.length === 2 && ps.every(isReady) ? ps : undefined;
  }, 60_000);
  assert.deepEqual(samples.filter((s) => s !== 'ok'), []);
  const [zero] = both;
  assert.deepEqual([zero.name, zero.owner?.kind, zero.labels['statefulset.kubernetes.io/pod-name'], zero.labels['apps.kubernetes.io/pod-index']], [`${name}-0`, 'StatefulSet', `${name}-0`, '0']);
  assert.match(zero.labels['controller-revision-hash'], new RegExp(`^${name}-[bcdfghjklmnpqrstvwxz2456789]+$`));
  // hostname = pod name, subdomain = serviceName; the claim mounted at /data.
  const identity = await exec(runtime, zero.name, ['sh', '-c', 'hostname; hostname -f; cat /data/first; echo kept > /data/marker']);
  assert.equal(identity, `${name}-0\n${name}-0.${name}-svc.default.svc.cluster.local\n${name}-0\n`);
  assert.deepEqual(await claims(), [`data-${name}-0`, `data-${name}-1`]);

  // Deleted: the pods go, the claims stay (whenDeleted: Retain by default).
  const before = (await pods()).map((p) => p.uid);
  assert.equal(await runtime.workloads.delete(ref(name)), true);
  assert.deepEqual(await pods(), []);
  for (const uid of before) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
  assert.deepEqual(await claims(), [`data-${name}-0`, `data-${name}-1`]);

  // Applied again: db-0 mounts its claim again and reads what it wrote.
  await apply(runtime, statefulSet(name), name);
  const again = await waitFor('db-0 ready again', async () => (await pods()).find((p) => p.name === `${name}-0` && isReady(p)), 60_000);
  assert.notEqual(again.uid, zero.uid);
  assert.equal(await exec(runtime, zero.name, ['cat', '/data/marker', '/data/first']), `kept\n${name}-0\n`);

  // Healing: db-0 deleted comes back under its name, with its data, once the old one is gone.
  await runtime.stop(again.uid, { timeoutSeconds: 0 });
  const healed = await waitFor('db-0 made again', async () => (await pods()).find((p) => p.name === `${name}-0` && p.uid !== again.uid && isReady(p)), 60_000);
  assert.equal(await exec(runtime, zero.name, ['cat', '/data/marker']), 'kept\n');
  assert.ok(healed);

  // Scale up to 3, then down to 1: db-2 goes before db-1, one at a time.
  await runtime.workloads.scale(ref(name), 3);
  await waitFor('3 ready', async () => ((await pods()).filter(isReady).length === 3 ? true : undefined), 60_000);
  await runtime.workloads.scale(ref(name), 1);
  const order: string[] = [];
  await waitFor('1 pod', async () => {
    const ps = await pods();
    const names = ps.map((p) => p.name);
    if (!names.includes(`${name}-1`) && names.includes(`${name}-2`)) order.push('db-1 gone before db-2');
    if (ps.filter((p) => p.terminating).length > 1) order.push('two terminating at once');
    return ps.length === 1 ? true : undefined;
  }, 60_000, 50);
  assert.deepEqual(order, []);
  assert.deepEqual((await pods()).map((p) => p.name), [`${name}-0`]);
  // Scaled away, the claims stay (whenScaled: Retain).
  assert.deepEqual(await claims(), [`data-${name}-0`, `data-${name}-1`, `data-${name}-2`]);
});

test('Parallel, a rolling update that stops at the partition, and the retention policy Delete', { timeout: 180_000 }, async (t) => {
  const { runtime, name, pods, claims } = await setUp(t, 'pw-par');
  const extra = (partition: number) =>
    `  podManagementPolicy: Parallel\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {partition: ${partition}}\n`;
  await apply(runtime, statefulSet(name, { replicas: 3, extra: extra(1), readyAfter: 2 }), name);
  // Parallel: all three exist before any is Ready.
  let together = false;
  const v1 = await waitFor('3 ready', async () => {
    const ps = await pods();
    if (ps.length === 3 && !ps.some(isReady)) together = true;
    return ps.length === 3 && ps.every(isReady) ? ps : undefined;
  }, 60_000, 50);
  assert.ok(together, 'the three pods were never there together before one was Ready');
  const oldRevision = v1[0].labels['controller-revision-hash'];

  // A new template: db-2 then db-1 are replaced; db-0, below the partition, keeps the old revision.
  await apply(runtime, statefulSet(name, { replicas: 3, extra: extra(1), version: 'v2', readyAfter: 1 }), name);
  const order: string[] = [];
  const rolled = await waitFor('db-1 and db-2 updated', async () => {
    const ps = await pods();
    const rev = (n: number) => ps.find((p) => p.name === `${name}-${n}`)?.labels['controller-revision-hash'];
    if (rev(1) && rev(1) !== oldRevision && rev(2) === oldRevision) order.push('db-1 updated before db-2');
    return ps.length === 3 && ps.every(isReady) && rev(1) !== oldRevision && rev(2) !== oldRevision && rev(1) === rev(2) ? ps : undefined;
  }, 90_000, 100);
  assert.deepEqual(order, []);
  const newRevision = rolled[2].labels['controller-revision-hash'];
  assert.equal(rolled[0].labels['controller-revision-hash'], oldRevision);
  assert.equal(rolled[0].uid, v1[0].uid);
  const view = await waitFor('the status', async () => {
    const v = await runtime.workloads.get(ref(name));
    return v.status?.counters?.updatedReplicas === 2 ? v : undefined;
  });
  assert.deepEqual([view.status?.currentRevision, view.status?.updateRevision], [oldRevision, newRevision]);

  // whenScaled: Delete — scaled to 1, the claims of db-1 and db-2 go with their pods.
  await runtime.workloads.scale(ref(name), 1);
  await waitFor('claims of db-1 and db-2 gone', async () => ((await claims()).join() === `data-${name}-0` && (await pods()).length === 1 ? true : undefined), 60_000);

  // whenDeleted: Delete — the last claim goes with the StatefulSet; nothing is left.
  const uids = (await pods()).map((p) => p.uid);
  assert.equal(await runtime.workloads.delete(ref(name)), true);
  assert.deepEqual(await claims(), []);
  for (const uid of uids) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
});
