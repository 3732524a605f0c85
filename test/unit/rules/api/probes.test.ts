import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf } from './helpers';

const RULE = 'probes';

test('a probe needs exactly one handler', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    livenessProbe:
      periodSeconds: 5
    readinessProbe:
      httpGet: {path: /, port: 80}
      tcpSocket: {port: 80}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].livenessProbe', 'livenessProbe'],
    ['spec.containers[0].readinessProbe.tcpSocket', 'tcpSocket'],
  ]);
  assert.match(ps[0].message, /exec, httpGet, tcpSocket or grpc/);
  assert.equal(at(text, ps[1].related![0]), 'httpGet');
});

test('ports: a number 1-65535 or a port name; a quoted number gets a fix', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    livenessProbe:
      httpGet:
        port: "8080"
    readinessProbe:
      tcpSocket:
        port: 0
    startupProbe:
      tcpSocket:
        port: Http
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].livenessProbe.httpGet.port', '"8080"'],
    ['spec.containers[0].readinessProbe.tcpSocket.port', '0'],
    ['spec.containers[0].startupProbe.tcpSocket.port', 'Http'],
  ]);
  const fixed = applyAndRecheck(text.replace(/    readinessProbe:[\s\S]*$/, ''), fixNamed(ps[0], 'Use the number 8080'), RULE);
  assert.match(fixed, /port: 8080\n/);
});

test('liveness and startup successThreshold must be 1; readiness may not set terminationGracePeriodSeconds', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: nginx
        livenessProbe:
          exec:
            command: [true]
          successThreshold: 3
          failureThreshold: -1
        readinessProbe:
          httpGet: {port: 80}
          terminationGracePeriodSeconds: 10
          successThreshold: 3
`;
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.template.spec.containers[0].livenessProbe.successThreshold', '3'],
    ['spec.template.spec.containers[0].livenessProbe.failureThreshold', '-1'],
    ['spec.template.spec.containers[0].readinessProbe.terminationGracePeriodSeconds', 'terminationGracePeriodSeconds'],
  ]);
  let fixed = applyAndRecheck(text, fixNamed(ps[2], 'Remove terminationGracePeriodSeconds'), 'never');
  assert.ok(fixed.includes('          httpGet: {port: 80}\n          successThreshold: 3\n'), fixed);
  fixed = applyAndRecheck(text.replace('          failureThreshold: -1\n', ''), fixNamed(ps[0], 'Set successThreshold to 1'), 'never');
  assert.match(fixed, /successThreshold: 1\n/);
});

test('lifecycle hooks: one handler, sleep within the grace period; exec needs a command', () => {
  const text = pod(`  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: nginx
    lifecycle:
      preStop:
        sleep: {seconds: 20}
      postStart:
        exec: {}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].lifecycle.preStop.sleep.seconds', '20'],
    ['spec.containers[0].lifecycle.postStart.exec.command', 'exec'],
  ]);
  assert.match(ps[0].message, /\(10\)/);
});
