// Field paths as the API server writes them (k8s.io/apimachinery/pkg/util/validation/field/path.go):
// a field is `.name`, a list index `[i]` and every map key `[key]`, plain name or not. Whether a
// segment is a map key comes from the schema of the document's kind.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import { formatPath } from '../../analysis/src/fieldPath';
import { hostAccessOf } from '../../analysis/src/hostAccess';
import type { Problem } from '../../analysis/src/types';

function paths(text: string, rule?: string): string[] {
  return analyze(text)
    .problems.filter((p: Problem) => !rule || p.rule === rule)
    .map((p) => p.path);
}

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

test('label keys are map keys: metadata.labels[app], on the pod and in a template', () => {
  const pod = `${POD_HEAD}  labels:\n    app: "bad value!"\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
  assert.deepEqual(paths(pod, 'invalid-label'), ['metadata.labels[app]']);
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: "-bad"
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
  assert.deepEqual(paths(deployment, 'invalid-label'), ['spec.template.metadata.labels[tier]']);
});

test('annotation keys are map keys: metadata.annotations[replicas]', () => {
  const text = `${POD_HEAD}  annotations:\n    replicas: 3\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
  assert.deepEqual(paths(text, 'schema-type'), ['metadata.annotations[replicas]']);
});

test('resource names are map keys: resources.requests[cpu], pod-level and per container', () => {
  const text = `${POD_HEAD}spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: lots
      limits:
        memory: 1Gi
`;
  assert.deepEqual(paths(text, 'schema-value'), ['spec.containers[0].resources.requests[cpu]']);
  assert.equal(
    formatPath(['spec', 'resources', 'limits', 'memory'], { apiVersion: 'v1', kind: 'Pod' }),
    'spec.resources.limits[memory]',
  );
});

test('nodeSelector keys are map keys: spec.nodeSelector[disktype]', () => {
  const text = `${POD_HEAD}spec:\n  nodeSelector:\n    disktype: "not valid!"\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
  assert.deepEqual(paths(text, 'invalid-label'), ['spec.nodeSelector[disktype]']);
});

test('ConfigMap and Secret data keys are map keys: data[key]', () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  key: 1\n';
  assert.deepEqual(paths(configMap, 'schema-type'), ['data[key]']);
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not base64!\n';
  assert.deepEqual(paths(secret, 'schema-value'), ['data[password]']);
});

test('a key that is not an identifier stays in brackets, with dots and slashes as written', () => {
  const text = `${POD_HEAD}  labels:\n    app.kubernetes.io/name: "bad value!"\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
  assert.deepEqual(paths(text, 'invalid-label'), ['metadata.labels[app.kubernetes.io/name]']);
});

test('the kind decides: a Deployment selector is a struct, a ReplicationController selector a map', () => {
  assert.equal(
    formatPath(['spec', 'selector', 'matchLabels', 'app'], { apiVersion: 'apps/v1', kind: 'Deployment' }),
    'spec.selector.matchLabels[app]',
  );
  assert.equal(formatPath(['spec', 'selector', 'app'], { apiVersion: 'v1', kind: 'ReplicationController' }), 'spec.selector[app]');
  assert.equal(
    formatPath(['spec', 'jobTemplate', 'spec', 'template', 'spec', 'nodeSelector', 'zone'], { apiVersion: 'batch/v1', kind: 'CronJob' }),
    'spec.jobTemplate.spec.template.spec.nodeSelector[zone]',
  );
  assert.equal(formatPath(['items', 2, 'metadata', 'labels', 'app'], { apiVersion: 'v1', kind: 'PodList' }), 'items[2].metadata.labels[app]');
});

test('fields, indexes and lists of scalars are written as fields and indexes', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod' };
  assert.equal(formatPath(['spec', 'containers', 1, 'ports', 0, 'containerPort'], pod), 'spec.containers[1].ports[0].containerPort');
  assert.equal(formatPath(['spec', 'containers', 0, 'args', 2], pod), 'spec.containers[0].args[2]');
  // A field the schema does not define is still a field of its object.
  assert.equal(formatPath(['spec', 'containers', 0, 'imagePullPolicyy'], pod), 'spec.containers[0].imagePullPolicyy');
  assert.equal(formatPath([], pod), '');
});

test('a kind without a schema still has ObjectMeta; below that a plain name is taken for a field', () => {
  const crd = { apiVersion: 'example.com/v1', kind: 'Widget' };
  assert.equal(formatPath(['metadata', 'labels', 'app'], crd), 'metadata.labels[app]');
  assert.equal(formatPath(['spec', 'size', 'max'], crd), 'spec.size.max');
  assert.equal(formatPath(['spec', 'weird key'], crd), 'spec[weird key]');
  // The same for the 1.31 schema, and without any document at all (the name rule alone).
  assert.equal(formatPath(['metadata', 'annotations', 'note'], { apiVersion: 'v1', kind: 'Pod' }, '1.31'), 'metadata.annotations[note]');
  assert.equal(formatPath(['spec', 'containers', 0, 'name']), 'spec.containers[0].name');
});

test('the paths of what reaches the host are written for the kind of the document', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment' };
  const spec = { hostNetwork: true, volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] };
  assert.deepEqual(
    hostAccessOf(spec, ['spec', 'template', 'spec'], deployment).map((h) => h.path),
    ['spec.template.spec.hostNetwork', 'spec.template.spec.volumes[0].hostPath'],
  );
});
