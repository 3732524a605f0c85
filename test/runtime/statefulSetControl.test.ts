// The StatefulSet and DaemonSet controllers' decisions with a fake context (no engine): what one pass
// creates and deletes for a given set of pods, as stateful_set_control.go and the daemon controller
// decide it. The real-engine tests (statefulSet.test.ts, daemonSet.test.ts) hold the same behaviour
// end to end; these reach the cases that take long to set up there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodStatus } from '../../runtime/src';
import type { ControllerContext, Obj, PodRequest } from '../../runtime/src/workloads/controller';
import { daemonSetController, updateBudget } from '../../runtime/src/workloads/daemonSet';
import { localNode, nodeName, unsuitable } from '../../runtime/src/workloads/node';
import type { ObjectStatus } from '../../runtime/src/workloads/objectStatus';
import type { StoredObject } from '../../runtime/src/workloads/records';
import { claimName, ordinalOf, REVISION_LABEL, statefulSetController } from '../../runtime/src/workloads/statefulSet';
import { claimSummary, summarise } from '../../runtime/src/workloads/summary';

const NOW = Date.parse('2025-01-01T00:10:00Z');

function stored(kind: string, name: string, spec: Obj, generation = 1): StoredObject {
  return {
    kind,
    apiVersion: 'apps/v1',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation, creationTimestamp: '', labels: {}, annotations: {} },
    body: { spec },
    manifest: '',
    hash: '',
    options: { allowHostAccess: false },
    record: '',
  };
}

const template = (version: string): Obj => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: `db:${version}` }] } });

function pod(name: string, labels: Record<string, string>, state: { ready?: boolean; terminating?: boolean; phase?: PodStatus['phase']; readyFor?: number } = {}): PodStatus {
  const { ready = true, terminating = false, phase = 'Running', readyFor = 60 } = state;
  return {
    uid: `uid-${name}`,
    name,
    namespace: 'default',
    manifest: '',
    labels,
    annotations: {},
    phase,
    status: phase,
    ready: ready ? '1/1' : '0/1',
    restarts: 0,
    containers: [{ name: 'db', role: 'app', image: 'db', state: 'running', restarts: 0, ready, started: true, startedAt: new Date(NOW - readyFor * 1000).toISOString() }],
    ports: [],
    terminating,
  };
}

interface Fake {
  ctx: ControllerContext;
  created: PodRequest[];
  deleted: string[];
  claims: { name: string; owner?: string }[];
  deletedClaims: string[];
  wakes: number[];
}

function fake(pods: PodStatus[], status: ObjectStatus, claims: { name: string; owner?: string }[] = []): Fake {
  const f: Fake = { created: [], deleted: [], claims: [...claims], deletedClaims: [], wakes: [], ctx: undefined as unknown as ControllerContext };
  f.ctx = {
    now: NOW,
    status,
    pods,
    objects: [],
    createPod: (r) => void f.created.push(r),
    deletePod: (p) => void f.deleted.push(p.name),
    event: (type, reason, message) => void status.events.push({ time: '', type, reason, message }),
    wakeAt: (ms) => void f.wakes.push(ms),
    ensureClaim: async (name, _spec, owner) => {
      f.claims.push({ name, owner: owner && `${owner.kind}/${owner.name}` });
      return `podwright-pvc-default-${name}`;
    },
    deleteClaim: async (name) => void f.deletedClaims.push(name),
    listClaims: async () => f.claims,
    options: {},
    createObject: async () => {
      throw new Error('a StatefulSet makes no objects');
    },
    deleteObject: async () => undefined,
    statusOf: () => undefined,
  };
  return f;
}

const freshStatus = (kind: string, name: string): ObjectStatus => ({ uid: `uid-${name}`, kind, namespace: 'default', name, observedGeneration: 0, conditions: [], events: [] });

/** Runs a pass and returns the fake, with the status kept for the next pass. */
async function pass(set: StoredObject, pods: PodStatus[], status: ObjectStatus, claims: { name: string; owner?: string }[] = []): Promise<Fake> {
  const f = fake(pods, status, claims);
  await statefulSetController.sync(set, f.ctx);
  return f;
}

const sts = (spec: Obj, generation = 1) => stored('StatefulSet', 'db', { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('v1'), ...spec }, generation);

test('ordinals and claim names as upstream makes them', () => {
  assert.equal(ordinalOf('db', 'db-0'), 0);
  assert.equal(ordinalOf('db', 'db-12'), 12);
  assert.equal(ordinalOf('db', 'db-01'), -1);
  assert.equal(ordinalOf('db', 'db-x-1'), -1);
  assert.equal(ordinalOf('db-x', 'db-x-1'), 1);
  assert.equal(claimName({ metadata: { name: 'data' } }, 'db', 0), 'data-db-0');
});

test('OrderedReady: one pod at a time, its claims first, identity and revision label set', async () => {
  const set = sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }], template: { ...template('v1'), spec: { ...(template('v1').spec as Obj), volumes: [{ name: 'data', emptyDir: {} }, { name: 'tmp', emptyDir: {} }] } } });
  const status = freshStatus('StatefulSet', 'db');
  const first = await pass(set, [], status);
  assert.deepEqual(first.created.map((r) => r.name), ['db-0']);
  assert.deepEqual(first.claims, [{ name: 'data-db-0', owner: 'StatefulSet/db' }]);
  const r = first.created[0];
  assert.equal(r.spec.hostname, 'db-0');
  assert.equal(r.spec.subdomain, 'db');
  // updateStorage: the template's volume of the claim template's name becomes the claim, in its place.
  assert.deepEqual(r.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }, { name: 'tmp', emptyDir: {} }]);
  assert.deepEqual(r.labels, { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0', [REVISION_LABEL]: status.updateRevision });
  const rev = status.updateRevision as string;
  assert.match(rev, /^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
  // db-0 not Ready yet: nothing more.
  const waiting = await pass(set, [pod('db-0', { [REVISION_LABEL]: rev }, { ready: false })], status, first.claims);
  assert.deepEqual([waiting.created, waiting.deleted], [[], []]);
  // db-0 Ready: db-1 comes.
  const next = await pass(set, [pod('db-0', { [REVISION_LABEL]: rev })], status, first.claims);
  assert.deepEqual(next.created.map((c) => c.name), ['db-1']);
});

test('Parallel: every missing pod at once; scale-down removes from the top, all at once', async () => {
  const status = freshStatus('StatefulSet', 'db');
  const up = await pass(sts({ podManagementPolicy: 'Parallel' }), [], status);
  assert.deepEqual(up.created.map((r) => r.name), ['db-0', 'db-1', 'db-2']);
  const rev = status.updateRevision as string;
  const three = ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: rev }));
  const down = await pass(sts({ podManagementPolicy: 'Parallel', replicas: 1 }), three, status);
  assert.deepEqual(down.deleted, ['db-2', 'db-1']);
});

test('OrderedReady scale-down: the highest ordinal first, one at a time, waiting for it to go', async () => {
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({}), [], status);
  const rev = status.updateRevision as string;
  const three = ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: rev }));
  assert.deepEqual((await pass(sts({ replicas: 1 }), three, status)).deleted, ['db-2']);
  const going = [three[0], three[1], pod('db-2', { [REVISION_LABEL]: rev }, { terminating: true })];
  assert.deepEqual((await pass(sts({ replicas: 1 }), going, status)).deleted, []);
  assert.deepEqual((await pass(sts({ replicas: 1 }), three.slice(0, 2), status)).deleted, ['db-1']);
});

test('whenScaled: Delete removes the claims of ordinals scaled away once their pods are gone; Retain keeps them', async () => {
  const claims = ['data-db-0', 'data-db-1', 'data-db-2'].map((name) => ({ name, owner: 'StatefulSet/db' }));
  const templates = [{ metadata: { name: 'data' }, spec: {} }];
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({ volumeClaimTemplates: templates }), [], status, claims);
  const rev = status.updateRevision as string;
  const policy = { whenScaled: 'Delete', whenDeleted: 'Retain' };
  const withPod2 = await pass(sts({ replicas: 2, volumeClaimTemplates: templates, persistentVolumeClaimRetentionPolicy: policy }), ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: rev })), status, claims);
  assert.deepEqual([withPod2.deleted, withPod2.deletedClaims], [['db-2'], []]);
  const gone = await pass(sts({ replicas: 2, volumeClaimTemplates: templates, persistentVolumeClaimRetentionPolicy: policy }), ['db-0', 'db-1'].map((n) => pod(n, { [REVISION_LABEL]: rev })), status, claims);
  assert.deepEqual(gone.deletedClaims, ['data-db-2']);
  const retained = await pass(sts({ replicas: 2, volumeClaimTemplates: templates }), ['db-0', 'db-1'].map((n) => pod(n, { [REVISION_LABEL]: rev })), status, claims);
  assert.deepEqual(retained.deletedClaims, []);
  // whenDeleted: Delete takes every claim of the set with it.
  const removed: string[] = [];
  await statefulSetController.deleted?.(sts({ volumeClaimTemplates: templates, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }), status, {
    list: async () => [...claims, { name: 'data-other-0', owner: 'StatefulSet/other' }],
    delete: async (n) => void removed.push(n),
  });
  assert.deepEqual(removed, ['data-db-0', 'data-db-1', 'data-db-2']);
});

test('rolling update: from the top down to the partition, one unavailable at a time; a pod below the partition comes back at the current revision', async () => {
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({}), [], status);
  const v1 = status.updateRevision as string;
  const old = ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: v1 }));
  await pass(sts({}), old, status);
  assert.equal(status.currentRevision, v1);
  const v2Set = sts({ template: template('v2'), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, 2);
  const first = await pass(v2Set, old, status);
  const v2 = status.updateRevision as string;
  assert.notEqual(v2, v1);
  assert.deepEqual(first.deleted, ['db-2']);
  // db-2 back at v2 but not Ready: db-1 waits.
  const waiting = await pass(v2Set, [old[0], old[1], pod('db-2', { [REVISION_LABEL]: v2 }, { ready: false })], status);
  assert.deepEqual(waiting.deleted, []);
  const second = await pass(v2Set, [old[0], old[1], pod('db-2', { [REVISION_LABEL]: v2 })], status);
  assert.deepEqual(second.deleted, ['db-1']);
  // Done down to the partition: db-0 stays at v1, the current revision stays v1.
  const done = await pass(v2Set, [old[0], pod('db-1', { [REVISION_LABEL]: v2 }), pod('db-2', { [REVISION_LABEL]: v2 })], status);
  assert.deepEqual(done.deleted, []);
  assert.deepEqual([status.currentRevision, status.updateRevision], [v1, v2]);
  assert.deepEqual(status.counters && [status.counters.currentReplicas, status.counters.updatedReplicas], [1, 2]);
  // db-0 deleted: it comes back at v1, the current revision's template.
  const healed = await pass(v2Set, [pod('db-1', { [REVISION_LABEL]: v2 }), pod('db-2', { [REVISION_LABEL]: v2 })], status);
  assert.deepEqual(healed.created.map((r) => [r.name, r.labels[REVISION_LABEL], (r.spec.containers as Obj[])[0].image]), [['db-0', v1, 'db:v1']]);
  // Partition 0: db-0 goes too, and once all are updated and ready the current revision is v2.
  const all = sts({ template: template('v2') }, 3);
  assert.deepEqual((await pass(all, [old[0], pod('db-1', { [REVISION_LABEL]: v2 }), pod('db-2', { [REVISION_LABEL]: v2 })], status)).deleted, ['db-0']);
  await pass(all, ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: v2 })), status);
  assert.equal(status.currentRevision, v2);
});

test('OnDelete: a changed template deletes nothing; a deleted pod comes back at the new revision', async () => {
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({}), [], status);
  const v1 = status.updateRevision as string;
  const onDelete = sts({ template: template('v2'), updateStrategy: { type: 'OnDelete' } }, 2);
  const old = ['db-0', 'db-1', 'db-2'].map((n) => pod(n, { [REVISION_LABEL]: v1 }));
  assert.deepEqual((await pass(onDelete, old, status)).deleted, []);
  const again = await pass(onDelete, [old[0], old[2]], status);
  assert.deepEqual(again.created.map((r) => [r.name, r.labels[REVISION_LABEL]]), [['db-1', status.updateRevision]]);
});

test('minReadySeconds: the next pod waits until the one before has been ready that long, and a pass is asked for then', async () => {
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({ minReadySeconds: 30 }), [], status);
  const rev = status.updateRevision as string;
  const young = await pass(sts({ minReadySeconds: 30 }), [pod('db-0', { [REVISION_LABEL]: rev }, { readyFor: 10 })], status);
  assert.deepEqual(young.created, []);
  assert.ok(young.wakes.includes(NOW + 20_000 + 1), JSON.stringify(young.wakes));
  const old = await pass(sts({ minReadySeconds: 30 }), [pod('db-0', { [REVISION_LABEL]: rev }, { readyFor: 31 })], status);
  assert.deepEqual(old.created.map((r) => r.name), ['db-1']);
});

test('a failed pod is deleted, and made again under its name once it is gone', async () => {
  const status = freshStatus('StatefulSet', 'db');
  await pass(sts({ replicas: 1 }), [], status);
  const rev = status.updateRevision as string;
  const failed = await pass(sts({ replicas: 1 }), [pod('db-0', { [REVISION_LABEL]: rev }, { phase: 'Failed', ready: false })], status);
  assert.deepEqual([failed.deleted, failed.created], [['db-0'], []]);
  assert.deepEqual((await pass(sts({ replicas: 1 }), [pod('db-0', { [REVISION_LABEL]: rev }, { terminating: true, ready: false })], status)).created, []);
  assert.deepEqual((await pass(sts({ replicas: 1 }), [], status)).created.map((r) => r.name), ['db-0']);
});

test('the node: named after the host, labelled as the kubelet labels it; nodeSelector, affinity and nodeName matched', () => {
  assert.equal(nodeName('My_Laptop.local'), 'my-laptop.local');
  const node = localNode('builder', 'x64');
  assert.deepEqual(node, { name: 'builder', labels: { 'kubernetes.io/hostname': 'builder', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } });
  assert.equal(localNode('b', 'arm64').labels['kubernetes.io/arch'], 'arm64');
  const at = 'spec.template.spec';
  assert.equal(unsuitable({ nodeSelector: { 'kubernetes.io/os': 'linux' } }, node, at), undefined);
  assert.equal(
    unsuitable({ nodeSelector: { disktype: 'ssd', 'kubernetes.io/os': 'linux' } }, node, at),
    "node(s) didn't match Pod's node affinity/selector: spec.template.spec.nodeSelector asks for disktype=ssd; node builder has kubernetes.io/arch=amd64,kubernetes.io/hostname=builder,kubernetes.io/os=linux",
  );
  const affinity = (terms: Obj[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  assert.equal(unsuitable(affinity([{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['builder'] }] }]), node, at), undefined);
  assert.match(unsuitable(affinity([{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }]), node, at) ?? '', /no term of spec\.template\.spec\.affinity\.nodeAffinity/);
  assert.match(unsuitable(affinity([{}]), node, at) ?? '', /no term/);
  assert.equal(unsuitable({ nodeName: 'other' }, node, at), 'spec.template.spec.nodeName is other, and the only node is builder');
});

test('DaemonSet: one pod, replaced on a template change (old first without surge, new first with it), none where the node does not suit', () => {
  const ds = (spec: Obj, generation = 1) => stored('DaemonSet', 'agent', { selector: { matchLabels: { app: 'db' } }, template: template('v1'), ...spec }, generation);
  const status = freshStatus('DaemonSet', 'agent');
  const run = (d: StoredObject, pods: PodStatus[]) => {
    const f = fake(pods, status);
    void daemonSetController.sync(d, f.ctx);
    return f;
  };
  const first = run(ds({}), []);
  assert.equal(first.created.length, 1);
  assert.match(first.created[0].name, /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const v1 = first.created[0].labels['controller-revision-hash'];
  assert.equal(first.created[0].labels['pod-template-generation'], '1');
  const p1 = pod(first.created[0].name, first.created[0].labels);
  assert.deepEqual([run(ds({}), [p1]).created, run(ds({}), [p1]).deleted], [[], []]);
  // Without surge: the old pod goes; the new one only once it is gone.
  const v2 = ds({ template: template('v2') }, 2);
  assert.deepEqual(run(v2, [p1]).deleted, [p1.name]);
  assert.deepEqual(run(v2, [pod(p1.name, p1.labels, { terminating: true })]).created, []);
  const next = run(v2, []);
  assert.notEqual(next.created[0].labels['controller-revision-hash'], v1);
  assert.equal(next.created[0].labels['pod-template-generation'], '2');
  // With surge: the new pod first, the old one once the new one is available.
  const surge = ds({ template: template('v3'), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }, 3);
  const p2 = pod(next.created[0].name, next.created[0].labels);
  const made = run(surge, [p2]);
  assert.deepEqual([made.created.length, made.deleted], [1, []]);
  assert.deepEqual(run(surge, [p2, pod(made.created[0].name, made.created[0].labels, { ready: false })]).deleted, []);
  assert.deepEqual(run(surge, [p2, pod(made.created[0].name, made.created[0].labels)]).deleted, [p2.name]);
  // OnDelete: nothing replaced.
  assert.deepEqual(run(ds({ template: template('v4'), updateStrategy: { type: 'OnDelete' } }, 4), [p2]).deleted, []);
  // A node that does not suit: no pod, the pod there goes, and the status says why.
  const away = run(ds({ template: { ...template('v1'), spec: { ...(template('v1').spec as Obj), nodeSelector: { disktype: 'ssd' } } } }, 5), [p2]);
  assert.deepEqual([away.created, away.deleted], [[], [p2.name]]);
  assert.match(status.message ?? '', /^failed to place pod on ".+": node\(s\) didn't match Pod's node affinity\/selector: spec\.template\.spec\.nodeSelector asks for disktype=ssd/);
  assert.equal(status.events.filter((e) => e.reason === 'FailedPlacement').length, 1);
  assert.equal(status.counters?.desiredNumberScheduled, 0);
  assert.deepEqual(updateBudget({}, 1), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(updateBudget({ maxSurge: '100%', maxUnavailable: 0 }, 1), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(updateBudget({ maxSurge: 0, maxUnavailable: 0 }, 1), { maxSurge: 0, maxUnavailable: 1 });
});

test("kubectl get columns: StatefulSet READY, DaemonSet's counters and node selector, claims", () => {
  const set = sts({ replicas: 3 });
  assert.deepEqual(summarise(set, undefined, [pod('db-0', {}), pod('db-1', {}, { ready: false })]).columns, [['READY', '1/3']]);
  const ds = stored('DaemonSet', 'agent', { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } } });
  const status = { ...freshStatus('DaemonSet', 'agent'), revisions: [{ name: 'agent-h', hash: 'h', revision: 1, generation: 1, template: {} }], updateRevision: 'agent-h' };
  assert.deepEqual(summarise(ds, status, [pod('agent-abcde', { 'controller-revision-hash': 'h' })]).columns, [
    ['DESIRED', '1'],
    ['CURRENT', '1'],
    ['READY', '1'],
    ['UP-TO-DATE', '1'],
    ['AVAILABLE', '1'],
    ['NODE SELECTOR', 'kubernetes.io/os=linux'],
  ]);
  const nowhere = stored('DaemonSet', 'agent', { template: { spec: { nodeSelector: { disktype: 'ssd', zone: 'a' } } } });
  assert.deepEqual(summarise(nowhere, undefined, []).columns.map(([k, v]) => `${k}=${v}`), ['DESIRED=0', 'CURRENT=0', 'READY=0', 'UP-TO-DATE=0', 'AVAILABLE=0', 'NODE SELECTOR=disktype=ssd,zone=a']);
  const claimSpec = { accessModes: ['ReadWriteMany', 'ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' };
  const info = { name: 'data', namespace: 'default', volume: 'podwright-pvc-default-data', spec: claimSpec, created: '' };
  assert.deepEqual(claimSummary('default', 'data', info, undefined).columns, [
    ['STATUS', 'Bound'],
    ['VOLUME', 'podwright-pvc-default-data'],
    ['CAPACITY', '1Gi'],
    ['ACCESS MODES', 'RWO,RWX'],
    ['STORAGECLASS', 'standard'],
    ['VOLUMEATTRIBUTESCLASS', '<unset>'],
  ]);
  const pvc = stored('PersistentVolumeClaim', 'data', claimSpec);
  assert.equal(claimSummary('default', 'data', info, { ...pvc, metadata: { ...pvc.metadata, deletionTimestamp: 'x' } }).columns[0][1], 'Terminating');
  assert.deepEqual(claimSummary('default', 'data', undefined, pvc).columns.slice(0, 4), [['STATUS', 'Pending'], ['VOLUME', ''], ['CAPACITY', ''], ['ACCESS MODES', '']]);
});
