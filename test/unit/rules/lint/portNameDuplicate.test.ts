import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { at, lineOf, one, problems } from './helpers';

const RULE = 'port-name-duplicate';

test('port-name-duplicate: the same name in two containers is reported on the second, related to the first (Deployment)', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      initContainers:
      - name: proxy
        image: proxy:1
        restartPolicy: Always
        ports:
        - name: http
          containerPort: 15001
      containers:
      - name: app
        image: app:1
        ports:
        - name: http
          containerPort: 8080
        - name: grpc
          containerPort: 9000
          protocol: TCP
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.template.spec.containers[0].ports[0].name');
  assert.equal(p.severity, 'warning');
  assert.equal(at(text, p), 'http');
  assert.equal(lineOf(text, p.range.start), 20);
  assert.match(p.message, /^Port name 'http' is already used by sidecar 'proxy' \(port 15001\)/);
  const rel = p.related?.[0];
  assert.ok(rel);
  assert.equal(lineOf(text, rel.range.start), 14);
  assert.equal(at(text, rel), 'http');
});

test('port-name-duplicate: a repeat inside one container is the API rules\' business; CronJob; off', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: a
            image: a:1
            ports: [{name: m, containerPort: 1}, {name: m, containerPort: 2}]
          - name: b
            image: b:1
            ports: [{name: m, containerPort: 3}, {name: 7, containerPort: 4}]
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.containers[1].ports[0].name');
  assert.equal(problems(text, RULE, { severities: { [RULE]: 'off' } }).length, 0);
});
