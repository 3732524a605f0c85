// PersistentVolumeClaim objects on the real engine: a claim is an engine volume that outlives the
// pods mounting it (bare pods and a Deployment's), `readOnly` mounts it read-only, a pod naming a
// claim that does not exist is refused with the scheduler's words, `kubectl get pvc` columns, and a
// claim deleted while in use stays Terminating until its last pod is gone (pvc-protection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodPlan } from '../../runtime/src';
import { claimVolumeName } from '../../runtime/src/workloads/claims';
import { isReady } from '../../runtime/src/workloads/controller';
import { cleanup, engine, execIn, FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

const claim = (name: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: local
  resources: {requests: {storage: 1Gi}}
`;

const pod = (name: string, claimName: string, readOnly = false) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, "trap 'exit 0' TERM; while :; do sleep 1; done"]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claimName}${readOnly ? ', readOnly: true' : ''}}
`;

const deployment = (name: string, claimName: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: app
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "cat /data/hello > /tmp/seen; trap 'exit 0' TERM; while :; do sleep 1; done"]
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: ${claimName}}
`;

const volumeExists = async (volume: string) => (await engine().listVolumes({ filters: { name: [volume] } })).Volumes?.some((v) => v.Name === volume) ?? false;

test('a claim outlives its pods, mounts read-only when asked, is refused when missing, and waits Terminating while in use', { timeout: 150_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-data');
  const web = uniqueName('pw-reader');
  const volume = claimVolumeName('default', name);
  const plans: PodPlan[] = [];
  t.after(async () => {
    await manager.stop();
    await cleanup(runtime, plans);
    await runtime.workloads.delete({ kind: 'Deployment', name: web, namespace: 'default' });
    await runtime.workloads.delete({ kind: 'PersistentVolumeClaim', name, namespace: 'default' });
    // Still in use by something a failed test left: removed with the data.
    if (await volumeExists(volume)) await engine().getVolume(volume).remove({ force: true });
  });
  assert.equal(await manager.start(), true);
  const applied = await runtime.workloads.apply(claim(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(applied.documents.map((d) => [d.kind, d.result]), [['PersistentVolumeClaim', 'created']]);
  await waitFor('the claim bound', async () => ((await runtime.workloads.claims('default')).some((c) => c.name === name) ? true : undefined));
  const row = async () => (await runtime.workloads.summaries(['PersistentVolumeClaim'], 'default')).find((s) => s.name === name);
  assert.deepEqual((await row())?.columns, [
    ['STATUS', 'Bound'],
    ['VOLUME', volume],
    ['CAPACITY', '1Gi'],
    ['ACCESS MODES', 'RWO'],
    ['STORAGECLASS', 'local'],
    ['VOLUMEATTRIBUTESCLASS', '<unset>'],
  ]);

  // A bare pod mounts the claim by name and writes into it; the data outlives the pod.
  const run = async (text: string, file: string) => {
    const planned = await runtime.workloads.planPods(text, file);
    assert.deepEqual(planned.problems, []);
    plans.push(...planned.plans);
    const result = await runtime.run(planned.plans[0], { supervise: 'inProcess' });
    assert.equal(result.outcome, 'Running', result.message);
    return planned.plans[0];
  };
  const writer = await run(pod(uniqueName('pw-writer'), name), 'writer.yaml');
  assert.equal((await execIn(runtime, writer, 'app', ['sh', '-c', 'echo hello > /data/hello'])).code, 0);
  await runtime.stop(writer.uid);
  assert.deepEqual(await objectsLeft(writer.uid), { containers: 0, volumes: 0 });
  assert.equal(await volumeExists(volume), true);

  // readOnly: the container sees a read-only mount.
  const reader = await run(pod(uniqueName('pw-ro'), name, true), 'reader.yaml');
  const ro = await execIn(runtime, reader, 'app', ['sh', '-c', 'cat /data/hello; grep " /data " /proc/mounts | cut -d" " -f4 | cut -d, -f1; touch /data/new 2>&1']);
  assert.notEqual(ro.code, 0);
  // touch's complaint goes to stdout (2>&1), after the two lines before it: two streams would
  // interleave in any order.
  assert.match(ro.out, /hello\nro\n/);
  assert.match(ro.out, /touch: \/data\/new: Read-only file system/);

  // A pod naming a claim that does not exist is not started: the scheduler's reason, at its path.
  const missing = await runtime.workloads.planPods(pod('pw-missing', 'nope'), 'missing.yaml');
  assert.deepEqual(
    [missing.plans, missing.problems.map((p) => [p.code, p.where, p.message])],
    [[], [['missing-reference', 'spec.volumes[0].persistentVolumeClaim.claimName', `persistentvolumeclaim "nope" not found in namespace 'default'; apply it first.`]]],
  );
  const refused = await runtime.workloads.apply(deployment(uniqueName('pw-nodata'), 'nope'), '/tmp/nodata.yaml', { allowHostAccess: false });
  assert.deepEqual(refused.documents.map((d) => [d.result, d.problems.map((p) => p.where)]), [['refused', ['spec.template.spec.volumes[0].persistentVolumeClaim.claimName']]]);

  // A Deployment's pod mounts it too.
  await runtime.workloads.apply(deployment(web, name), `/tmp/${web}.yaml`, { allowHostAccess: false });
  const [webPod] = await waitFor('the Deployment pod running', async () => {
    const ps = (await runtime.list()).filter((p) => p.owner?.name === web && isReady(p));
    return ps.length ? ps : undefined;
  }, 60_000);
  assert.equal((await execIn(runtime, { name: webPod.name, namespace: 'default' } as PodPlan, 'app', ['cat', '/tmp/seen'])).out, 'hello\n');

  // Deleted while pods use it: Terminating, data kept, no new pod may mount it.
  assert.equal(await runtime.workloads.delete({ kind: 'PersistentVolumeClaim', name, namespace: 'default' }), true);
  assert.equal((await row())?.columns[0][1], 'Terminating');
  assert.equal(await volumeExists(volume), true);
  assert.deepEqual((await runtime.workloads.planPods(pod('pw-late', name), 'late.yaml')).problems.map((p) => p.where), ['spec.volumes[0].persistentVolumeClaim.claimName']);
  await manager.nextPass();
  assert.equal(await volumeExists(volume), true);
  assert.equal((await execIn(runtime, reader, 'app', ['cat', '/data/hello'])).out, 'hello\n');

  // Its last pods gone, the claim goes, with its data.
  await runtime.stop(reader.uid);
  await runtime.workloads.delete({ kind: 'Deployment', name: web, namespace: 'default' });
  await waitFor('the claim removed', async () => (!(await volumeExists(volume)) && (await row()) === undefined ? true : undefined), 30_000);
  assert.deepEqual(await runtime.workloads.list(['PersistentVolumeClaim']).then((v) => v.filter((x) => x.object.metadata.name === name)), []);
  for (const uid of [reader.uid, webPod.uid]) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
});
