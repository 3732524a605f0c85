import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostAccessOf, podAt, podsInManifest } from '../../client/src/podsView/manifestPods';

const TWO = `# leading comment
apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  containers: [{ name: a, image: busybox:1.36 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { a: b }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{ name: a, image: busybox:1.36, securityContext: { privileged: true } }]
`;

test('pods and workloads of a manifest, with the offset of their first content line for the CodeLens', () => {
  const pods = podsInManifest(TWO);
  assert.deepEqual(
    pods.map((p) => [p.document, p.kind, p.namespace, p.name, TWO.slice(p.anchor, p.anchor + 11)]),
    [
      [0, 'Pod', 'default', 'first', 'apiVersion:'],
      [2, 'Deployment', 'shop', 'web', 'apiVersion:'],
    ],
  );
  assert.deepEqual(pods[0].hostAccess, []);
  assert.deepEqual(pods[1].hostAccess, ['hostNetwork: true', "privileged container 'a'"]);
});

test('the pod under the cursor, else the only one', () => {
  const pods = podsInManifest(TWO);
  assert.equal(podAt(pods, TWO.indexOf('name: web'))?.name, 'web');
  assert.equal(podAt(pods, TWO.indexOf('containers:'))?.name, 'first');
  assert.equal(podAt(pods, TWO.indexOf('data: { a')), undefined, 'a ConfigMap between two pods: no guess');
  const one = podsInManifest('kind: Pod\nmetadata: {name: x}\n---\nkind: Service\nmetadata: {name: s}\n');
  assert.equal(podAt(one, 30)?.name, 'x');
});

test('what reaches the host: host namespaces, hostPath volumes, privileged containers of every list', () => {
  assert.deepEqual(
    hostAccessOf({
      hostPID: true,
      hostIPC: false,
      volumes: [{ name: 'data', hostPath: { path: '/var/lib/data' } }, { name: 'tmp', emptyDir: {} }],
      initContainers: [{ name: 'setup', securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: 'debug', securityContext: { privileged: 'yes' } }],
    }),
    ['hostPID: true', "hostPath volume 'data' (/var/lib/data)", "privileged container 'setup'"],
  );
  assert.deepEqual(hostAccessOf('not a spec'), []);
});

test('bad input never throws', () => {
  for (const text of ['', ':\n  - [', '\u0000\u0001', 'kind: Pod\nspec: 3\n', '- a\n- b\n']) {
    assert.doesNotThrow(() => podsInManifest(text));
  }
  assert.deepEqual(podsInManifest('kind: Pod\nspec: 3\n').map((p) => p.hostAccess), [[]]);
});
