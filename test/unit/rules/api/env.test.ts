import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf } from './helpers';

const RULE = 'env';

test('env names: relaxed from 1.32, strict before', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    env:
    - name: 1ST-VALUE
      value: a
    - name: HAS=EQUALS
      value: b
`);
  const relaxed = problemsOf(text, RULE);
  assert.deepEqual(relaxed.map((p) => [p.path, at(text, p)]), [['spec.containers[0].env[1].name', 'HAS=EQUALS']]);
  const strict = problemsOf(text, RULE, { kubernetesVersion: '1.31' });
  assert.deepEqual(strict.map((p) => p.path), ['spec.containers[0].env[0].name', 'spec.containers[0].env[1].name']);
  assert.match(strict[0].message, /1\.32 and later/);
});

test('valueFrom: one source, not with value; fieldRef paths that env supports', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    env:
    - name: A
      valueFrom: {}
    - name: B
      value: x
      valueFrom:
        fieldRef: {fieldPath: metadata.name}
    - name: C
      valueFrom:
        fieldRef: {fieldPath: status.podIp}
    - name: D
      valueFrom:
        fieldRef: {fieldPath: metadata.labels}
    - name: E
      valueFrom:
        fieldRef: {fieldPath: "metadata.labels['app.kubernetes.io/name']"}
    - name: F
      valueFrom:
        configMapKeyRef: {key: k}
        secretKeyRef: {name: s, key: k}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].env[0].valueFrom', 'valueFrom'],
    ['spec.containers[0].env[1].value', 'value'],
    ['spec.containers[0].env[2].valueFrom.fieldRef.fieldPath', 'status.podIp'],
    ['spec.containers[0].env[3].valueFrom.fieldRef.fieldPath', 'metadata.labels'],
    ['spec.containers[0].env[5].valueFrom.configMapKeyRef.name', 'configMapKeyRef'],
    ['spec.containers[0].env[5].valueFrom.secretKeyRef', 'secretKeyRef'],
  ]);
  assert.equal(ps[2].fixes?.[0].title, "Change to 'status.podIP'");
  assert.match(ps[3].message, /metadata\.labels\['key'\]/);
});

test('a later entry hiding an earlier one is a warning, with a fix removing the earlier one (in a CronJob)', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: busybox
            env:
            - name: MODE
              value: fast
            - name: PATH_EXT
              value: /a
            - name: PATH_EXT
              value: $(PATH_EXT):/b
            - name: MODE
              value: slow
`;
  const ps = problemsOf(text, RULE);
  assert.equal(ps.length, 1);
  const p = ps[0];
  assert.equal(p.severity, 'warning');
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.containers[0].env[3].name');
  assert.equal(at(text, p), 'MODE');
  assert.equal(p.range.start, text.lastIndexOf('MODE'));
  assert.equal(p.related?.[0].range.start, text.indexOf('MODE'));
  const fixed = applyAndRecheck(text, fixNamed(p, 'Remove the earlier definition'), RULE);
  assert.ok(!fixed.includes('value: fast'));
  assert.ok(fixed.includes('value: slow'));
});
