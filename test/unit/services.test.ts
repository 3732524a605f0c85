// Services without an engine: kubectl's `get svc` and `get endpoints` columns (printService,
// printEndpoints in pkg/printers/internalversion/printers.go), the ports a Service forwards (a named
// targetPort kept as a name, resolved per pod later), what apply refuses, a pod's own DNS names, and
// the cluster search path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterSearches, networkName, serviceNames } from '../../runtime/src/network';
import { externalTarget } from '../../runtime/src/workloads/externalName';
import type { Obj, StoredObject } from '../../runtime/src/workloads/records';
import { podAliases, serviceProblems, servicePorts } from '../../runtime/src/workloads/services';
import { endpointsSummary, serviceSummary } from '../../runtime/src/workloads/summary';
import type { PodPlan } from '../../runtime/src/types';

function svc(spec: Obj, publishAddress?: string): StoredObject {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1, creationTimestamp: '', labels: {}, annotations: {} },
    body: { spec },
    manifest: '',
    hash: '',
    options: { allowHostAccess: false, publishAddress },
    record: '',
  };
}

const columns = (s: { columns: [string, string][] }) => Object.fromEntries(s.columns);

test('get svc: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), SELECTOR as kubectl prints them', () => {
  const cluster = svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { port: 443, protocol: 'TCP' }] });
  assert.deepEqual(columns(serviceSummary(cluster, { clusterIP: '172.20.0.5', endpoints: [] })), {
    TYPE: 'ClusterIP',
    'CLUSTER-IP': '172.20.0.5',
    'EXTERNAL-IP': '<none>',
    'PORT(S)': '80/TCP,443/TCP',
    SELECTOR: 'app=web',
  });
  // Not yet made by the controller manager.
  assert.equal(columns(serviceSummary(cluster, { endpoints: [] }))['CLUSTER-IP'], '<pending>');
  assert.equal(columns(serviceSummary(svc({ clusterIP: 'None', ports: [{ port: 5432 }] }), { endpoints: [] }))['CLUSTER-IP'], 'None');
  const nodePort = svc({ type: 'NodePort', ports: [{ port: 80 }, { port: 81, nodePort: 30081 }] });
  assert.equal(columns(serviceSummary(nodePort, { clusterIP: '172.20.0.6', nodePorts: new Map([[80, 32768]]), endpoints: [] }))['PORT(S)'], '80:32768/TCP,81:30081/TCP');
  const lb = columns(serviceSummary(svc({ type: 'LoadBalancer', ports: [{ port: 8080 }] }, '127.0.0.2'), { clusterIP: '172.20.0.7', endpoints: [] }));
  assert.deepEqual([lb.TYPE, lb['EXTERNAL-IP']], ['LoadBalancer', '127.0.0.2']);
});

test('get endpoints: three, then "+ N more...", <none> when no pod is Ready', () => {
  const s = svc({ ports: [{ port: 80 }] });
  assert.equal(columns(endpointsSummary(s, { endpoints: [] })).ENDPOINTS, '<none>');
  assert.equal(columns(endpointsSummary(s, { endpoints: ['10.0.0.1:80', '10.0.0.2:80'] })).ENDPOINTS, '10.0.0.1:80,10.0.0.2:80');
  assert.equal(columns(endpointsSummary(s, { endpoints: ['a:1', 'b:1', 'c:1', 'd:1', 'e:1'] })).ENDPOINTS, 'a:1,b:1,c:1 + 2 more...');
});

test('Service ports: targetPort defaults to port, a name stays a name, a numeric string is a number', () => {
  const ports = servicePorts(svc({ ports: [{ port: 80 }, { port: 81, targetPort: 'http' }, { port: 82, targetPort: '8082' }, { port: 83, targetPort: 8083, nodePort: 30083 }] }));
  assert.deepEqual(ports.map((p) => [p.port, p.targetPort, p.protocol, p.nodePort]), [
    [80, 80, 'TCP', undefined],
    [81, 'http', 'TCP', undefined],
    [82, 8082, 'TCP', undefined],
    [83, 8083, 'TCP', 30083],
  ]);
});

test('apply refuses an ExternalName outside the namespace, UDP ports and a cluster IP of ones own, with their paths', () => {
  assert.deepEqual(serviceProblems({ spec: { type: 'ExternalName', externalName: 'db.example.com' } }).map((p) => [p.where, p.message]), [
    [
      'spec.externalName',
      "'db.example.com' is outside the cluster: the engine's DNS server has no CNAME records, so podwright makes an ExternalName an alias of a Service or pod on namespace default's network only " +
        '(<service>, <service>.default.svc.cluster.local or <pod>.<service>.default.svc.cluster.local); a name outside the cluster cannot be aliased, and no outside network is reached from here.',
    ],
  ]);
  assert.deepEqual(serviceProblems({ metadata: { namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'web.shop.svc.cluster.local.' } }), []);
  assert.deepEqual(serviceProblems({ spec: { ports: [{ port: 53 }, { port: 53, protocol: 'UDP' }] } }).map((p) => p.where), ['spec.ports[1].protocol']);
  assert.deepEqual(serviceProblems({ spec: { clusterIP: '10.96.0.10' } }).map((p) => p.where), ['spec.clusterIP']);
  assert.deepEqual(serviceProblems({ spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }] } }), []);
});

test('names: a Service answers to four, a pod with a subdomain to its own, ClusterFirst searches the namespace first', () => {
  assert.deepEqual(serviceNames('web', 'shop'), ['web', 'web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local']);
  assert.deepEqual(clusterSearches('shop'), ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  const plan = { name: 'db-0', namespace: 'shop', hostname: 'db-0', domainname: 'db.shop.svc.cluster.local' } as PodPlan;
  assert.deepEqual(podAliases(plan), ['db-0.db', 'db-0.db.shop', 'db-0.db.shop.svc', 'db-0.db.shop.svc.cluster.local']);
  assert.deepEqual(podAliases({ ...plan, domainname: undefined }), []);
  // Namespaces of two clusters are two networks.
  assert.notEqual(networkName('aaaaaaaa-1111-2222-3333-444444444444', 'default'), networkName('bbbbbbbb-1111-2222-3333-444444444444', 'default'));
});

test('an ExternalName names a Service or a pod of its own namespace, in any of their forms', () => {
  assert.deepEqual(externalTarget('web', 'shop'), { target: { service: 'web' } });
  for (const name of ['web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local', 'Web.Shop.svc.cluster.local.']) assert.deepEqual(externalTarget(name, 'shop'), { target: { service: 'web' } }, name);
  assert.deepEqual(externalTarget('db-0.db.shop.svc.cluster.local', 'shop'), { target: { service: 'db', pod: 'db-0' } });
  const other = externalTarget('web.tools.svc.cluster.local', 'shop');
  assert.ok('problem' in other && other.problem.startsWith("'web.tools.svc.cluster.local' is a name of namespace tools, another network in podwright: "), JSON.stringify(other));
  // Two labels not ending in the namespace: a pod under a Service is written with its namespace (db-0.db.shop.svc.cluster.local).
  assert.ok('problem' in externalTarget('db-0.db', 'shop'));
  assert.ok('problem' in externalTarget('a.b.c.shop', 'shop'));
});
