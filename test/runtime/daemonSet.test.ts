// DaemonSets as their controller runs them, on the real engine, this machine being the one node:
// one pod, replaced (the old one first) when the template changes; none, with the reason, when the
// template's nodeSelector asks for a node this is not; nothing left after delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReady } from '../../runtime/src/workloads/controller';
import { localNode } from '../../runtime/src/workloads/node';
import { FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

const daemonSet = (name: string, version: string, nodeSelector = `{kubernetes.io/os: linux}`) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      nodeSelector: ${nodeSelector}
      terminationGracePeriodSeconds: 2
      containers:
      - name: agent
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "echo ${version} > /tmp/v; trap 'exit 0' TERM; while :; do sleep 1; done"]
        readinessProbe:
          exec: {command: [cat, /tmp/v]}
          periodSeconds: 1
`;

test('a DaemonSet: one pod on this node, rolled when its template changes; an unsatisfiable nodeSelector gives none and says why', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-agent');
  const nowhere = uniqueName('pw-nowhere');
  const ref = (n: string) => ({ kind: 'DaemonSet', name: n, namespace: 'default' });
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete(ref(name));
    await runtime.workloads.delete(ref(nowhere));
  });
  assert.equal(await manager.start(), true);
  const pods = (n: string) => runtime.list().then((all) => all.filter((p) => p.owner?.name === n));
  await runtime.workloads.apply(daemonSet(name, 'v1'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const [first] = await waitFor('the pod ready', async () => {
    const ps = await pods(name);
    return ps.length === 1 && isReady(ps[0]) ? ps : undefined;
  }, 60_000);
  assert.match(first.name, new RegExp(`^${name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
  assert.equal(first.owner?.kind, 'DaemonSet');
  assert.match(first.labels['controller-revision-hash'], /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(first.labels['pod-template-generation'], '1');
  await manager.nextPass();
  const [summary] = await runtime.workloads.summaries(['DaemonSet']).then((s) => s.filter((x) => x.name === name));
  assert.deepEqual(summary.columns, [
    ['DESIRED', '1'],
    ['CURRENT', '1'],
    ['READY', '1'],
    ['UP-TO-DATE', '1'],
    ['AVAILABLE', '1'],
    ['NODE SELECTOR', 'kubernetes.io/os=linux'],
  ]);

  // A new template: the old pod goes first (maxUnavailable 1, no surge), then the new one comes.
  await runtime.workloads.apply(daemonSet(name, 'v2'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const overlaps: number[] = [];
  const [second] = await waitFor('the new pod ready', async () => {
    const ps = await pods(name);
    if (ps.filter((p) => !p.terminating).length > 1) overlaps.push(ps.length);
    return ps.length === 1 && ps[0].uid !== first.uid && isReady(ps[0]) ? ps : undefined;
  }, 60_000, 100);
  assert.deepEqual(overlaps, []);
  assert.notEqual(second.labels['controller-revision-hash'], first.labels['controller-revision-hash']);
  assert.equal(second.labels['pod-template-generation'], '2');

  // A nodeSelector no label of this node satisfies: no pod, and the reason.
  await runtime.workloads.apply(daemonSet(nowhere, 'v1', '{disktype: ssd}'), `/tmp/${nowhere}.yaml`, { allowHostAccess: false });
  const view = await waitFor('the reason', async () => {
    await manager.nextPass();
    const v = await runtime.workloads.get(ref(nowhere));
    return v.status?.events.some((e) => e.reason === 'FailedPlacement') ? v : undefined;
  });
  const node = localNode().name;
  assert.deepEqual(view.pods, []);
  assert.equal(
    view.status?.events.find((e) => e.reason === 'FailedPlacement')?.message,
    `failed to place pod on "${node}": node(s) didn't match Pod's node affinity/selector: spec.template.spec.nodeSelector asks for disktype=ssd; node ${node} has kubernetes.io/arch=${localNode().labels['kubernetes.io/arch']},kubernetes.io/hostname=${localNode().labels['kubernetes.io/hostname']},kubernetes.io/os=linux`,
  );
  const [none] = await runtime.workloads.summaries(['DaemonSet']).then((s) => s.filter((x) => x.name === nowhere));
  assert.deepEqual(none.columns.slice(0, 3), [['DESIRED', '0'], ['CURRENT', '0'], ['READY', '0']]);
  assert.deepEqual(none.columns[5], ['NODE SELECTOR', 'disktype=ssd']);

  // Delete: nothing is left.
  assert.equal(await runtime.workloads.delete(ref(name)), true);
  assert.deepEqual(await pods(name), []);
  for (const uid of [first.uid, second.uid]) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
  assert.equal(await runtime.workloads.delete(ref(nowhere)), true);
  assert.deepEqual(await runtime.workloads.list(['DaemonSet']).then((v) => v.filter((x) => [name, nowhere].includes(x.object.metadata.name))), []);
});
