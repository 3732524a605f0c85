// Services on the real engine: a 2-replica Deployment behind a Service whose targetPort is a port
// name (8080, "http") different from its port (80), reached by the Service's names from another pod,
// spread over both replicas, following readiness; a headless Service resolving to the pods' own
// addresses; Service link variables; and nothing (proxies, networks) left after delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planManifest } from '../../runtime/src';
import { isReady } from '../../runtime/src/workloads/controller';
import { NETWORK_LABEL, networkName } from '../../runtime/src/network';
import { SERVICE_LABEL } from '../../runtime/src/workloads/services';
import { cleanup, engine, FAST_BACKOFF, infraAddress, newRuntime, uniqueName, waitFor } from './helpers';

const app = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "mkdir -p /www && hostname > /www/index.html && touch /tmp/ready && exec httpd -f -p 8080 -h /www"]
        ports:
        - {name: http, containerPort: 8080}
        readinessProbe:
          exec: {command: [cat, /tmp/ready]}
          periodSeconds: 1
          failureThreshold: 1
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
  - {name: web, port: 80, targetPort: http}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-hl
spec:
  clusterIP: None
  selector: {app: ${name}}
  ports:
  - {port: 8080}
`;

const client = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: c
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, "trap 'exit 0' TERM; while :; do sleep 1; done"]
`;

test('a Service by name from another pod: both replicas, readiness followed, headless, links, nothing left', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-svc');
  const { plans, problems } = planManifest(client(`${name}-client`), '/tmp/client.yaml');
  assert.deepEqual(problems, []);
  t.after(async () => {
    await manager.stop();
    await cleanup(runtime, plans);
    for (const kind of ['Deployment', 'Service']) for (const n of [name, `${name}-hl`]) await runtime.workloads.delete({ kind, name: n, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  const applied = await runtime.workloads.apply(app(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(applied.documents.map((d) => [d.kind, d.result]), [['Deployment', 'created'], ['Service', 'created'], ['Service', 'created']]);
  const pods = () => runtime.list().then((all) => all.filter((p) => p.owner?.name === name));
  const web = await waitFor('2 ready replicas', async () => {
    const ps = await pods();
    return ps.filter(isReady).length === 2 ? ps : undefined;
  }, 60_000);
  // The Service's cluster IP exists before the client: the client gets its link variables.
  const svcRow = await waitFor('the cluster IP', async () => {
    const [row] = await runtime.workloads.summaries(['Service']).then((rows) => rows.filter((r) => r.name === name).map((r) => Object.fromEntries(r.columns)));
    return row && /^\d+\.\d+\.\d+\.\d+$/.test(row['CLUSTER-IP'] ?? '') ? row : undefined;
  }, 20_000);
  assert.deepEqual([svcRow.TYPE, svcRow['EXTERNAL-IP'], svcRow['PORT(S)']], ['ClusterIP', '<none>', '80/TCP']);
  const started = await runtime.run(plans[0], { supervise: 'inProcess', timeoutMs: 30_000 });
  assert.equal(started.outcome, 'Running', started.message);
  const sh = async (cmd: string) => {
    const pod = await runtime.pod({ name: plans[0].name, namespace: 'default' });
    const chunks: Buffer[] = [];
    const session = await runtime.exec(pod, 'c', ['sh', '-c', cmd], { onOutput: (b) => chunks.push(b) });
    const code = await session.exit;
    return { code, out: Buffer.concat(chunks).toString('utf8').trim() };
  };
  const envName = name.toUpperCase().replace(/-/g, '_');
  const env = await sh(`echo $${envName}_SERVICE_HOST:$${envName}_SERVICE_PORT:$${envName}_SERVICE_PORT_WEB`);
  assert.equal(env.out, `${svcRow['CLUSTER-IP']}:80:80`);

  // Every name of the Service, on its port 80, reaches a replica's named port 8080.
  const hostnames = new Set(web.map((p) => p.name));
  // (The first answer is waited for: a replica turning Ready is re-connected once, for the headless Service.)
  for (const host of [name, `${name}.default`, `${name}.default.svc`, `${name}.default.svc.cluster.local`]) {
    const out = await waitFor(host, async () => {
      const r = await sh(`timeout 5 wget -qO- http://${host}:80/`);
      return r.code === 0 ? r.out : undefined;
    }, 10_000, 300);
    assert.ok(hostnames.has(out), `${host} answered ${out}`);
  }
  // Spread over both replicas.
  const answers = await sh(`for i in 1 2 3 4 5 6; do timeout 5 wget -qO- http://${name}/; done`);
  assert.deepEqual(new Set(answers.out.split('\n')), hostnames, answers.out);

  // Headless: the pods' own addresses.
  const addresses = await Promise.all(web.map((p) => infraAddress(p.uid)));
  const resolved = await waitFor('the headless Service to resolve to both pods', async () => {
    const r = await sh(`nslookup ${name}-hl`);
    const found = [...r.out.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]).filter((a) => a !== '127.0.0.11');
    return found.length === 2 ? found.sort() : undefined;
  }, 20_000, 500);
  assert.deepEqual(resolved, [...addresses].sort());

  // A replica that is no longer Ready receives nothing.
  const [out, stays] = web;
  const pod = await runtime.pod({ name: out.name, namespace: 'default' });
  await (await runtime.exec(pod, 'web', ['rm', '/tmp/ready'], { onOutput: () => undefined })).exit;
  await waitFor('the replica to be not Ready', async () => ((await pods()).find((p) => p.uid === out.uid && !isReady(p)) ? true : undefined), 20_000);
  await waitFor('its endpoint to go', async () => {
    const r = await sh(`for i in 1 2 3 4 5 6; do timeout 5 wget -qO- http://${name}/; done`);
    return r.out.split('\n').every((h) => h === stays.name) ? true : undefined;
  }, 20_000, 300);
  await waitFor('the headless Service to follow', async () => {
    const r = await sh(`nslookup ${name}-hl`);
    const found = [...r.out.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]).filter((a) => a !== '127.0.0.11');
    return found.length === 1 ? true : undefined;
  }, 20_000, 500);

  // A replica that is deleted receives nothing; its replacement does once Ready.
  await runtime.stop(stays.uid, { timeoutSeconds: 0 });
  const replacement = await waitFor('a Ready replacement', async () => (await pods()).find((p) => isReady(p) && p.uid !== stays.uid && p.uid !== out.uid), 30_000);
  await waitFor('traffic to the replacement only', async () => {
    const r = await sh(`for i in 1 2 3 4; do timeout 5 wget -qO- http://${name}/; done`);
    return r.out.split('\n').every((h) => h === replacement.name) ? true : undefined;
  }, 20_000, 300);

  // Delete: no proxy is left; of the networks, only the `default` namespace's, which stays with its
  // cluster as that namespace does (network.ts), empty.
  await manager.stop();
  await cleanup(runtime, plans);
  for (const n of [name, `${name}-hl`]) assert.equal(await runtime.workloads.delete({ kind: 'Service', name: n, namespace: 'default' }), true);
  assert.equal(await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' }), true);
  const cluster = runtime.clusterId();
  assert.equal((await engine().listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.cluster}=${cluster}`] } })).length, 0);
  const left = await engine().listNetworks({ filters: { label: [`${NETWORK_LABEL.cluster}=${cluster}`] } });
  assert.deepEqual(left.map((n) => n.Name), [networkName(cluster, 'default')]);
  assert.equal((await engine().listContainers({ all: true, filters: { network: [left[0].Name] } })).length, 0);
  await engine().getNetwork(left[0].Name).remove();
});

const stateful = (name: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  replicas: 2
  podManagementPolicy: Parallel
  serviceName: ${name}-db
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: db
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports:
        - {name: db, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-db
spec:
  clusterIP: None
  selector: {app: ${name}}
  ports:
  - {port: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-np
spec:
  type: NodePort
  selector: {app: ${name}}
  ports:
  - {port: 80, targetPort: db}
`;

test('StatefulSet pods by <pod>.<svc>.<ns>.svc.cluster.local; a NodePort Service on 127.0.0.1', { timeout: 90_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-sts');
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete({ kind: 'StatefulSet', name, namespace: 'default' });
    for (const n of [`${name}-db`, `${name}-np`]) await runtime.workloads.delete({ kind: 'Service', name: n, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  await runtime.workloads.apply(stateful(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  await waitFor('2 ready pods', async () => ((await runtime.list()).filter((p) => p.owner?.name === name && isReady(p)).length === 2 ? true : undefined), 60_000);
  const sh = async (pod: string, cmd: string) => {
    const chunks: Buffer[] = [];
    const session = await runtime.exec(await runtime.pod({ name: pod, namespace: 'default' }), 'db', ['sh', '-c', cmd], { onOutput: (b) => chunks.push(b) });
    const code = await session.exit;
    return { code, out: Buffer.concat(chunks).toString('utf8').trim() };
  };
  // From one pod of the set to the other: the full name, and the short one through the search path.
  // (Waited for: a pod that turns Ready is re-connected once, with its headless Service's names.)
  for (const host of [`${name}-0.${name}-db.default.svc.cluster.local`, `${name}-0.${name}-db`]) {
    const out = await waitFor(host, async () => {
      const r = await sh(`${name}-1`, `timeout 5 wget -qO- http://${host}:8080/`);
      return r.code === 0 ? r.out : undefined;
    }, 10_000, 300);
    assert.equal(out, `${name}-0`, host);
  }
  // The NodePort: published on 127.0.0.1, on the port the engine picked, shown as kubectl shows it.
  const row = await waitFor('the node port', async () => {
    const [r] = (await runtime.workloads.summaries(['Service'])).filter((s) => s.name === `${name}-np`).map((s) => Object.fromEntries(s.columns));
    return r && /^80:\d+\/TCP$/.test(r['PORT(S)']) ? r : undefined;
  }, 20_000);
  assert.equal(row.TYPE, 'NodePort');
  const nodePort = Number(/^80:(\d+)/.exec(row['PORT(S)'])?.[1]);
  const body = await waitFor('an answer on the node port', async () => {
    const res = await fetch(`http://127.0.0.1:${nodePort}/`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    return res?.ok ? (await res.text()).trim() : undefined;
  }, 20_000, 300);
  assert.match(body, new RegExp(`^${name}-[01]$`));
  // get endpoints: both pods, on their named port.
  // (Waited for, as endpoints are: a pod re-connected with its headless names is briefly out of them.)
  const both = /^\d+\.\d+\.\d+\.\d+:8080,\d+\.\d+\.\d+\.\d+:8080$/;
  const endpoints = async () => Object.fromEntries((await runtime.workloads.summaries(['Endpoints'])).find((s) => s.name === `${name}-np`)?.columns ?? []).ENDPOINTS as string | undefined;
  const listed = await waitFor('both pods in the endpoints', async () => {
    const e = await endpoints();
    return e && both.test(e) ? e : undefined;
  }, 20_000, 300);
  assert.match(listed, both);
});

test("a namespace's network stays when its last pod goes, and goes once its state folder is gone", { timeout: 60_000 }, async (t) => {
  const gone = newRuntime();
  const kept = newRuntime();
  const pods = [client(uniqueName('pw-net')), client(uniqueName('pw-net'))].map((m) => planManifest(m, '/tmp/pod.yaml').plans[0]);
  t.after(() => Promise.all([cleanup(gone, [pods[0]]), cleanup(kept, [pods[1]])]));
  const networks = async () => (await engine().listNetworks({ filters: { label: [NETWORK_LABEL.cluster] } })).map((n) => n.Name);
  const first = await gone.run(pods[0], { supervise: 'none', timeoutMs: 30_000 });
  assert.equal(first.outcome, 'Running', first.message);
  await gone.stop(pods[0].uid, { timeoutSeconds: 0 });
  const name = `podwright-${gone.clusterId().replace(/-/g, '').slice(0, 12)}-default`;
  // Kept: the next pod of the namespace does not pay for a new network.
  assert.ok((await networks()).includes(name));
  // Its state folder removed, it goes when another cluster makes a network.
  rmSync(gone.stateDir, { recursive: true, force: true });
  const second = await kept.run(pods[1], { supervise: 'none', timeoutMs: 30_000 });
  assert.equal(second.outcome, 'Running', second.message);
  assert.ok(!(await networks()).includes(name));
  await kept.stop(pods[1].uid, { timeoutSeconds: 0 });
  await engine().getNetwork(`podwright-${kept.clusterId().replace(/-/g, '').slice(0, 12)}-default`).remove();
});

test('a network goes too when its state folder was removed and made again by a process still running there', { timeout: 60_000 }, async (t) => {
  const old = newRuntime();
  const other = newRuntime();
  const pods = [client(uniqueName('pw-net')), client(uniqueName('pw-net'))].map((m) => planManifest(m, '/tmp/pod.yaml').plans[0]);
  t.after(() => Promise.all([cleanup(old, [pods[0]]), cleanup(other, [pods[1]])]));
  const networks = async () => (await engine().listNetworks({ filters: { label: [NETWORK_LABEL.cluster] } })).map((n) => n.Name);
  assert.equal((await old.run(pods[0], { supervise: 'none', timeoutMs: 30_000 })).outcome, 'Running');
  await old.stop(pods[0].uid, { timeoutSeconds: 0 });
  const name = `podwright-${old.clusterId().replace(/-/g, '').slice(0, 12)}-default`;
  assert.ok((await networks()).includes(name));
  // Removed, then written to again (a controller manager that had not exited yet): the folder is
  // there, but with no cluster id, or another one; the old cluster's network is no one's.
  rmSync(old.stateDir, { recursive: true, force: true });
  mkdirSync(join(old.stateDir, 'objects'), { recursive: true });
  writeFileSync(join(old.stateDir, 'objects', 'status.json'), '{}');
  assert.equal((await other.run(pods[1], { supervise: 'none', timeoutMs: 30_000 })).outcome, 'Running');
  assert.ok(!(await networks()).includes(name));
  await other.stop(pods[1].uid, { timeoutSeconds: 0 });
  await engine().getNetwork(`podwright-${other.clusterId().replace(/-/g, '').slice(0, 12)}-default`).remove();
  rmSync(old.stateDir, { recursive: true, force: true });
});
