import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, at, one, onlyFix, problems } from './helpers';

const RULE = 'probe-port-undeclared';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
      - name: app
        image: app:1
        ports:
        - name: web
          containerPort: 8080
        readinessProbe:
          httpGet: {path: /ready, port: http}
        livenessProbe:
          tcpSocket:
            port: web
        startupProbe:
          grpc: {port: 9000}
      - name: side
        image: side:1
        ports:
        - {name: metrics, containerPort: 9090}
        - {containerPort: 9091}
        lifecycle:
          preStop:
            httpGet: {path: /quit, port: admin}
        readinessProbe:
          httpGet: {path: /, port: 9091}
`;

test('probe-port-undeclared: a port name the container does not declare is a warning on the port', () => {
  const ps = problems(DEPLOYMENT, RULE);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity, at(DEPLOYMENT, p)]),
    [
      ['spec.template.spec.containers[0].readinessProbe.httpGet.port', 'warning', 'http'],
      ['spec.template.spec.containers[0].startupProbe.grpc.port', 'info', '9000'],
      ['spec.template.spec.containers[1].lifecycle.preStop.httpGet.port', 'warning', 'admin'],
    ],
  );
  assert.match(ps[0].message, /The readinessProbe cannot resolve its port: no port of this container is named 'http'/);
  assert.match(ps[1].message, /port 9000, which no container of the pod declares/);
  assert.match(ps[2].message, /The preStop hook cannot resolve its port/);
});

test('probe-port-undeclared: with exactly one declared port the fix uses it (by name when it has one)', () => {
  const ps = problems(DEPLOYMENT, RULE);
  const fix = onlyFix(ps[0]);
  assert.equal(fix.title, "Use the container's port 'web'");
  const fixed = applyFix(DEPLOYMENT, fix);
  assert.match(fixed, /httpGet: \{path: \/ready, port: web\}/);
  assert.equal(problems(fixed, RULE).length, 2);
  // The numeric grpc port: the one declared port is offered by number.
  assert.equal(onlyFix(ps[1]).title, "Use the container's port 8080");
  // Two declared ports: no guess.
  assert.equal(ps[2].fixes, undefined);
});

test('probe-port-undeclared: a name declared only by another container still fails: the kubelet looks in the probe\'s own container', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1
    livenessProbe:
      httpGet: {path: /, port: metrics}
  - name: exporter
    image: exporter:1
    ports: [{name: metrics, containerPort: 9100}]
`;
  const p = one(text, RULE);
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /'metrics' is declared by container 'exporter', but the kubelet looks a livenessProbe's port name up only in its own container/);
});

test('probe-port-undeclared: a numeric port declared by any container of the pod is fine (CronJob)', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          initContainers:
          - name: proxy
            image: proxy:1
            restartPolicy: Always
            ports: [{containerPort: 15020}]
            startupProbe: {tcpSocket: {port: 15021}}
          containers:
          - name: job
            image: job:1
            livenessProbe: {httpGet: {port: 15020, path: /healthz}}
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.initContainers[0].startupProbe.tcpSocket.port');
  assert.equal(p.severity, 'info');
  assert.equal(at(text, p), '15021');
  assert.equal(onlyFix(p).title, "Use the container's port 15020");
});

test('probe-port-undeclared: configurable; all-digit strings and wrong types are left to other rules', () => {
  assert.equal(problems(DEPLOYMENT, RULE, { severities: { [RULE]: 'off' } }).length, 0);
  assert.deepEqual(
    problems(DEPLOYMENT, RULE, { severities: { [RULE]: 'error' } }).map((p) => p.severity),
    ['error', 'error', 'error'],
  );
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1\n    livenessProbe: {httpGet: {port: "8080"}, tcpSocket: {port: [1]}}\n    readinessProbe: 3\n';
  assert.equal(problems(text, RULE).length, 0);
});
