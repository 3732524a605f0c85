import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, at, fixture, lineOf, one, onlyFix, problems } from './helpers';

const RULE = 'config-key-missing';

test('config-key-missing: env key refs, volume items and projected items into objects of the same file', () => {
  const text = fixture('config-key-missing.yaml');
  const ps = problems(text, RULE);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity, at(text, p), p.document]),
    [
      ['spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key', 'error', 'database_url', 2],
      ['spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef.key', 'info', 'trace', 2],
      ['spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.key', 'error', 'passwd', 2],
      ['spec.template.spec.volumes[0].configMap.items[1].key', 'error', 'settings.json', 2],
      ['spec.template.spec.volumes[1].projected.sources[0].secret.items[0].key', 'error', 'token', 2],
    ],
  );
  assert.equal(
    ps[0].message,
    "ConfigMap 'app-config' in this file has no key 'database_url': the pod will not start. Did you mean 'database-url'?",
  );
  assert.equal(
    ps[1].message,
    "ConfigMap 'app-config' in this file has no key 'trace': the reference is optional, so it is simply left out. It has 'database-url', 'log_level'.",
  );
});

test('config-key-missing: related information points into the ConfigMap\'s own document', () => {
  const text = fixture('config-key-missing.yaml');
  const [cm, , secret] = problems(text, RULE);
  const rel = cm.related?.[0];
  assert.ok(rel);
  assert.equal(at(text, rel), 'data');
  assert.equal(lineOf(text, rel.range.start), 5);
  const srel = secret.related?.[0];
  assert.ok(srel);
  assert.equal(at(text, srel), 'stringData');
  assert.equal(lineOf(text, srel.range.start), 13);
});

test('config-key-missing: a near miss gets a fix, applied and re-analysed', () => {
  const text = fixture('config-key-missing.yaml');
  const ps = problems(text, RULE);
  const fix = onlyFix(ps[0]);
  assert.equal(fix.title, "Use key 'database-url'");
  const fixed = applyFix(text, fix);
  assert.match(fixed, /configMapKeyRef: \{name: app-config, key: database-url\}/);
  assert.equal(problems(fixed, RULE).length, 4);
  // 'passwd' is two edits from 'password' but the key is short: one edit at most, so no guess.
  assert.equal(ps[2].fixes, undefined);
  assert.equal(ps[3].fixes, undefined);
});

test('config-key-missing: in a CronJob, with a ConfigMap written after the pod; configurable', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: c:1
            env:
            - name: MODE
              valueFrom: {configMapKeyRef: {name: settings, key: Mode}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key');
  assert.equal(at(text, p), 'Mode');
  assert.equal(onlyFix(p).title, "Use key 'mode'");
  assert.equal(at(text, p.related?.[0] ?? { range: { start: 0, end: 0 } }), 'data');
  assert.equal(one(text, RULE, { severities: { [RULE]: 'warning' } }).severity, 'warning');
  assert.equal(problems(text, RULE, { severities: { [RULE]: 'off' } }).length, 0);
});

test('config-key-missing: objects not in the file, and values of the wrong type, say nothing', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data: {a: "1"}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: c:1
    env:
    - {name: A, valueFrom: {configMapKeyRef: {name: other, key: b}}}
    - {name: B, valueFrom: {configMapKeyRef: {name: cm, key: 7}}}
    - {name: C, valueFrom: {configMapKeyRef: [cm]}}
    - {name: D, valueFrom: {configMapKeyRef: {name: cm, key: a}}}
  volumes:
  - {name: v, configMap: {name: cm, items: "a"}}
  - {name: w, secret: {secretName: cm, items: [{key: zz, path: z}]}}
`;
  // 'cm' is a ConfigMap, not a Secret: the secret volume refers to something not in the file.
  assert.equal(problems(text, RULE).length, 0);
});
