import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf, single } from './helpers';

const RULE = 'invalid-name';

test('a pod name that is not a DNS-1123 subdomain, with a rename fix', () => {
  const text = pod(`  containers:\n  - name: app\n    image: nginx:1.27\n`, 'My_Pod');
  const p = single(text, RULE);
  assert.equal(p.path, 'metadata.name');
  assert.equal(p.severity, 'error');
  assert.equal(at(text, p), 'My_Pod');
  const fixed = applyAndRecheck(text, fixNamed(p, "Rename to 'my-pod'"), RULE);
  assert.match(fixed, /name: my-pod\n/);
});

test('a pod needs a name or a generateName; a generateName may end in a dash', () => {
  const missing = 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: x}\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
  const p = single(missing, RULE);
  assert.equal(p.path, 'metadata.name');
  assert.equal(at(missing, p), 'metadata');
  const generated = missing.replace('labels: {app: x}', 'generateName: web-');
  assert.deepEqual(problemsOf(generated, RULE), []);
  const badPrefix = missing.replace('labels: {app: x}', 'generateName: Web-');
  assert.equal(single(badPrefix, RULE).path, 'metadata.generateName');
});

test('container, init container and volume names are DNS-1123 labels; port names IANA service names', () => {
  const text = pod(`  initContainers:
  - name: Init.1
    image: busybox
  containers:
  - name: web_server
    image: nginx
    ports:
    - name: http-metrics-port
      containerPort: 9090
    - name: "8080"
      containerPort: 8080
    - name: ok-name
      containerPort: 80
  volumes:
  - name: Data
    emptyDir: {}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.initContainers[0].name', 'Init.1'],
    ['spec.containers[0].name', 'web_server'],
    ['spec.containers[0].ports[0].name', 'http-metrics-port'],
    ['spec.containers[0].ports[1].name', '"8080"'],
    ['spec.volumes[0].name', 'Data'],
  ]);
  assert.match(ps[2].message, /no more than 15 characters/);
  assert.match(ps[3].message, /at least one letter/);
  // Volumes are referenced by mounts: no blind rename there. Containers: a safe rename.
  assert.equal(ps[4].fixes, undefined);
  applyAndRecheck(text, fixNamed(ps[1], "Rename to 'web-server'"), RULE + '-never');
});

test('in a CronJob the object name may have at most 52 characters; the template name is not judged', () => {
  const long = 'a'.repeat(53);
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${long}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          name: Whatever_Here
        spec:
          restartPolicy: Never
          containers:
          - name: Job
            image: busybox
`;
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['metadata.name', long],
    ['spec.jobTemplate.spec.template.spec.containers[0].name', 'Job'],
  ]);
  assert.match(ps[0].message, /52 characters/);
});

test('template placeholders are left alone', () => {
  const text = pod(`  containers:\n  - name: app\n    image: nginx\n`, 'vttablet-{{uid}}');
  assert.deepEqual(problemsOf(text, RULE), []);
});

test('names of referenced objects and nodeSelector labels are checked', () => {
  const text = pod(`  serviceAccountName: Build_Bot
  nodeSelector:
    disktype: "ssd fast"
  containers:
  - name: app
    image: nginx
`);
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.serviceAccountName');
  assert.equal(at(text, p), 'Build_Bot');
  const label = single(text, 'invalid-label');
  assert.equal(label.path, 'spec.nodeSelector[disktype]');
  assert.equal(at(text, label), '"ssd fast"');
});

test('metadata.namespace is a DNS-1123 label, for a pod and any other object (ValidateNamespaceName)', () => {
  const text = pod(`  containers:\n  - name: app\n    image: nginx:1.27\n`).replace('  name: demo\n', '  name: demo\n  namespace: ../../etc\n');
  const p = single(text, RULE);
  assert.deepEqual([p.path, at(text, p), p.severity], ['metadata.namespace', '../../etc', 'error']);
  assert.equal(p.message, "Namespace '../../etc' is not a valid DNS-1123 label: it must consist of lower case letters, digits and '-', and start and end with a letter or digit.");
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: Team_A\ndata: {}\n';
  assert.deepEqual(problemsOf(cm, RULE).map((x) => [x.path, at(cm, x)]), [['metadata.namespace', 'Team_A']]);
  for (const ok of ['default', 'team-a', '{{ .Release.Namespace }}']) assert.deepEqual(problemsOf(cm.replace('Team_A', ok), RULE), [], ok);
});

test('ConfigMap and Secret keys the API server rejects (IsConfigMapKey), on the key', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  ../x: a
  /abs: b
  ok-key_1.txt: c
  ".": d
  ..: e
  ..hidden: f
  "a b": g
  ${'k'.repeat(254)}: h
binaryData:
  x/y: aGk=
---
apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  good.pem: aGk=
stringData:
  k:1: v
`;
  assert.deepEqual(
    problemsOf(text, RULE).map((p) => [p.path.replace(/k{60}…/, 'k…'), at(text, p).slice(0, 10), p.message.replace(/k{60}…/, 'k…')]),
    [
      ['data[../x]', '../x', "ConfigMap key '../x' is not a valid key: it must consist of letters, digits, '-', '_' and '.'."],
      ['data[/abs]', '/abs', "ConfigMap key '/abs' is not a valid key: it must consist of letters, digits, '-', '_' and '.'."],
      ['data[.]', '"."', "ConfigMap key '.' is not a valid key: it must not be '.'."],
      ['data[..]', '..', "ConfigMap key '..' is not a valid key: it must not be '..'."],
      ['data[..hidden]', '..hidden', "ConfigMap key '..hidden' is not a valid key: it must not start with '..'."],
      ['data[a b]', '"a b"', "ConfigMap key 'a b' is not a valid key: it must consist of letters, digits, '-', '_' and '.'."],
      ['data[k…]', 'kkkkkkkkkk', "ConfigMap key 'k…' is not a valid key: it must be no more than 253 characters."],
      ['binaryData[x/y]', 'x/y', "ConfigMap key 'x/y' is not a valid key: it must consist of letters, digits, '-', '_' and '.'."],
      ['stringData[k:1]', 'k:1', "Secret key 'k:1' is not a valid key: it must consist of letters, digits, '-', '_' and '.'."],
    ],
  );
});
