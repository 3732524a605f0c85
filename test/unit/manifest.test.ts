import { test } from 'node:test';
import assert from 'node:assert/strict';
// The pods of a manifest and what of them reaches the host: one function serves the runtime, the
// editor's confirmation and the command line.
import { hostAccessOf, objectsInManifest, podAt, podsInManifest, podsNamed } from '../../analysis/src';

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
  assert.deepEqual(
    pods[1].hostAccess.map((h) => [h.kind, h.path, h.what]),
    [
      ['hostNetwork', 'spec.template.spec.hostNetwork', 'hostNetwork: true'],
      ['privileged', 'spec.template.spec.containers[0].securityContext.privileged', "privileged container 'a'"],
    ],
  );
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
    }).map((h) => [h.path, h.what]),
    [
      ['spec.hostPID', 'hostPID: true'],
      ['spec.volumes[0].hostPath', "hostPath volume 'data' (/var/lib/data)"],
      ['spec.initContainers[0].securityContext.privileged', "privileged container 'setup'"],
    ],
  );
  assert.deepEqual(hostAccessOf('not a spec'), []);
});

test('a pod chosen by NAME or NAMESPACE/NAME', () => {
  const pods = podsInManifest(`kind: Pod\nmetadata: {name: a, namespace: one}\n---\nkind: Pod\nmetadata: {name: a, namespace: two}\n---\nkind: Pod\nmetadata: {name: b}\n`);
  assert.deepEqual(podsNamed(pods, 'a').map((p) => p.document), [0, 1], 'by name alone, both namespaces match');
  assert.deepEqual(podsNamed(pods, 'two/a').map((p) => p.document), [1]);
  assert.deepEqual(podsNamed(pods, 'default/b').map((p) => p.document), [2]);
  assert.deepEqual(podsNamed(pods, 'one/b'), []);
});

test('bad input never throws', () => {
  for (const text of ['', ':\n  - [', '\u0000\u0001', 'kind: Pod\nspec: 3\n', '- a\n- b\n']) {
    assert.doesNotThrow(() => podsInManifest(text));
  }
  assert.deepEqual(podsInManifest('kind: Pod\nspec: 3\n').map((p) => p.hostAccess), [[]]);
});

test('the objects of a manifest: every document with a kind, where its lens goes, its host access and spec', () => {
  const objects = objectsInManifest(`${TWO}---\nkind: Secret\n---\n# no kind\nfoo: bar\n`);
  assert.deepEqual(
    objects.map((o) => [o.document, o.kind, o.name, o.namespace, o.hostAccess.length > 0]),
    [
      [0, 'Pod', 'first', 'default', false],
      [1, 'ConfigMap', 'settings', 'default', false],
      [2, 'Deployment', 'web', 'shop', true],
      [3, 'Secret', '', 'default', false],
    ],
  );
  // The anchor is the document's first content line, past the leading comment, as for pods.
  assert.equal(objects[0].anchor, TWO.indexOf('apiVersion'));
  assert.equal(objects[2].anchor, podsInManifest(TWO)[1].anchor);
  assert.deepEqual(Object.keys(objects[2].spec), ['template']);
  assert.deepEqual(objects[1].spec, {});
  assert.deepEqual(objectsInManifest('a: [unclosed'), []);
});
