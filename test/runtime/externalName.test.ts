// ExternalName Services on the real engine: an alias of a ClusterIP Service reaches its pods through
// the proxy, an alias of a headless Service resolves to the Ready pod's own address, an alias of a
// StatefulSet-style pod name (<pod>.<svc>.<ns>.svc.cluster.local) resolves to that pod, and a name
// outside the cluster is refused at apply with its path and an exact message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest } from '../../runtime/src';
import { isReady } from '../../runtime/src/workloads/controller';
import { cleanup, FAST_BACKOFF, infraAddress, newRuntime, uniqueName, waitFor } from './helpers';

const app = (name: string) => `apiVersion: apps/v1
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
      - name: web
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports:
        - {name: http, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
  - {port: 80, targetPort: http}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-hl
spec:
  clusterIP: None
  selector: {app: ${name}}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-a
spec:
  type: ExternalName
  externalName: ${name}.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-b
spec:
  type: ExternalName
  externalName: ${name}-hl
`;

const stateful = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}-0
  labels: {app: ${name}-sts}
spec:
  hostname: ${name}-0
  subdomain: ${name}-sts
  terminationGracePeriodSeconds: 0
  containers:
  - name: c
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, "trap 'exit 0' TERM; while :; do sleep 1; done"]
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

const addressesIn = (out: string) => [...out.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]).filter((a) => a !== '127.0.0.11');

test('an ExternalName is an alias of a Service or pod of its namespace; an outside name is refused with its path', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-ext');
  const pods = [...planManifest(client(`${name}-client`), '/tmp/client.yaml').plans, ...planManifest(stateful(name), '/tmp/sts.yaml').plans];
  assert.equal(pods.length, 2);
  const services = [name, `${name}-hl`, `${name}-a`, `${name}-b`, `${name}-c`];
  t.after(async () => {
    await manager.stop();
    await cleanup(runtime, pods);
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
    for (const n of services) await runtime.workloads.delete({ kind: 'Service', name: n, namespace: 'default' });
  });

  // Outside the cluster: refused, nothing stored.
  const outside = await runtime.workloads.apply(
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-out\nspec:\n  type: ExternalName\n  externalName: api.example.com\n`,
    `/tmp/${name}-out.yaml`,
    { allowHostAccess: false },
  );
  assert.deepEqual(
    outside.documents.map((d) => [d.result, d.problems.map((p) => [p.where, p.message])]),
    [
      [
        'refused',
        [
          [
            'spec.externalName',
            "'api.example.com' is outside the cluster: the engine's DNS server has no CNAME records, so podwright makes an ExternalName an alias of a Service or pod on namespace default's network only " +
              '(<service>, <service>.default.svc.cluster.local or <pod>.<service>.default.svc.cluster.local); a name outside the cluster cannot be aliased, and no outside network is reached from here.',
          ],
        ],
      ],
    ],
  );
  assert.deepEqual((await runtime.workloads.list(['Service'])).filter((v) => v.object.metadata.name === `${name}-out`), []);

  assert.equal(await manager.start(), true);
  const applied = await runtime.workloads.apply(app(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(applied.documents.map((d) => [d.kind, d.result]), [['Deployment', 'created'], ['Service', 'created'], ['Service', 'created'], ['Service', 'created'], ['Service', 'created']]);
  for (const plan of pods) assert.equal((await runtime.run(plan, { supervise: 'inProcess', timeoutMs: 30_000 })).outcome, 'Running');
  // The pod's own name under its subdomain, aliased in turn (as a StatefulSet pod would be).
  const sts = await runtime.workloads.apply(
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-c\nspec:\n  type: ExternalName\n  externalName: ${name}-0.${name}-sts.default.svc.cluster.local\n`,
    `/tmp/${name}-c.yaml`,
    { allowHostAccess: false },
  );
  assert.deepEqual(sts.documents.map((d) => d.result), ['created']);
  const [web] = await waitFor('a Ready web pod', async () => {
    const ps = (await runtime.list()).filter((p) => p.owner?.name === name && isReady(p));
    return ps.length === 1 ? ps : undefined;
  }, 60_000);
  const sh = async (cmd: string) => {
    const pod = await runtime.pod({ name: `${name}-client`, namespace: 'default' });
    const chunks: Buffer[] = [];
    const session = await runtime.exec(pod, 'c', ['sh', '-c', cmd], { onOutput: (b) => chunks.push(b) });
    const code = await session.exit;
    return { code, out: Buffer.concat(chunks).toString('utf8').trim() };
  };

  // The alias of the ClusterIP Service: its names reach the pod through the Service's port 80.
  for (const host of [`${name}-a`, `${name}-a.default.svc.cluster.local`]) {
    const out = await waitFor(host, async () => {
      const r = await sh(`timeout 5 wget -qO- http://${host}:80/`);
      return r.code === 0 ? r.out : undefined;
    }, 30_000, 300);
    assert.equal(out, web.name, `${host} answered ${out}`);
  }
  // The alias of the headless Service: the Ready pod's own address.
  const webIp = await infraAddress(web.uid);
  assert.deepEqual(await waitFor(`${name}-b`, async () => {
    const found = addressesIn((await sh(`nslookup ${name}-b`)).out);
    return found.length ? found : undefined;
  }, 30_000, 300), [webIp]);
  // The alias of one pod's name.
  const stsIp = await infraAddress(pods[1].uid);
  assert.deepEqual(await waitFor(`${name}-c`, async () => {
    const found = addressesIn((await sh(`nslookup ${name}-c.default.svc.cluster.local`)).out);
    return found.length ? found : undefined;
  }, 30_000, 300), [stsIp]);

  // Deleting an alias takes its name away; its target keeps answering.
  assert.equal(await runtime.workloads.delete({ kind: 'Service', name: `${name}-a`, namespace: 'default' }), true);
  await waitFor(`${name}-a to stop resolving`, async () => ((await sh(`nslookup ${name}-a`)).code !== 0 ? true : undefined), 30_000, 300);
  assert.equal((await sh(`timeout 5 wget -qO- http://${name}/`)).out, web.name);
});
