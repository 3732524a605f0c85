import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { apply, applyAndRecheck, at, fixNamed, fixture, pod, problemsOf, single } from './helpers';

const V133 = { kubernetesVersion: '1.33' };

test('restartPolicy on a regular container is Forbidden; fixes remove it or move the container to initContainers', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
  - name: log-shipper
    image: fluent-bit
    restartPolicy: Always
`);
  const p = single(text, 'sidecar-restart-policy', V133);
  assert.equal(p.path, 'spec.containers[1].restartPolicy');
  assert.equal(at(text, p), 'restartPolicy');
  assert.equal(p.severity, 'error');
  const removed = applyAndRecheck(text, fixNamed(p, 'Remove restartPolicy'), 'sidecar-restart-policy', V133);
  assert.ok(!removed.includes('restartPolicy'));
  const moved = applyAndRecheck(text, fixNamed(p, 'Move it to initContainers'), 'sidecar-restart-policy', V133);
  assert.equal(
    moved,
    pod(`  initContainers:
  - name: log-shipper
    image: fluent-bit
    restartPolicy: Always
  containers:
  - name: app
    image: nginx
`),
  );
});

test('the only container is not moved away; an init container takes only Always', () => {
  const text = pod(`  initContainers:
  - name: setup
    image: busybox
    restartPolicy: OnFailure
  containers:
  - name: app
    image: nginx
    restartPolicy: Always
`);
  const ps = problemsOf(text, 'sidecar-restart-policy');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.initContainers[0].restartPolicy', 'OnFailure'],
    ['spec.containers[0].restartPolicy', 'restartPolicy'],
  ]);
  assert.deepEqual(ps[1].fixes?.map((f) => f.title), ['Remove restartPolicy']);
  applyAndRecheck(apply(text, fixNamed(ps[0], 'Remove restartPolicy')), fixNamed(single(apply(text, fixNamed(ps[0], 'Remove restartPolicy')), 'sidecar-restart-policy'), 'Remove'), 'sidecar-restart-policy');
});

test('a probe on a plain init container in a CronJob: Forbidden, fix makes it a native sidecar', () => {
  const text = fixture('cronjob-init-probe.yaml');
  const p = single(text, 'probe-on-init-container');
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.initContainers[0].readinessProbe');
  assert.equal(at(text, p), 'readinessProbe');
  const sidecar = fixNamed(p, 'Make it a native sidecar');
  assert.equal(sidecar.preferred, true);
  const fixed = applyAndRecheck(text, sidecar, 'probe-on-init-container');
  assert.ok(fixed.includes('          - name: proxy\n            restartPolicy: Always\n            image: envoyproxy/envoy:v1.31\n'), fixed);
  assert.deepEqual(analyze(fixed).problems.filter((x) => x.rule === 'sidecar-restart-policy' || x.rule === 'probes'), []);
  const removed = applyAndRecheck(text, fixNamed(p, 'Remove readinessProbe'), 'probe-on-init-container');
  assert.ok(!removed.includes('tcpSocket'));
});

test('a sidecar may have all probes, the startup probe included; lifecycle alone prefers removal', () => {
  const ok = pod(`  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    startupProbe:
      tcpSocket: {port: 9901}
    livenessProbe:
      tcpSocket: {port: 9901}
  containers:
  - name: app
    image: nginx
`);
  assert.deepEqual(problemsOf(ok, 'probe-on-init-container'), []);
  const hook = pod(`  initContainers:
  - name: setup
    image: busybox
    lifecycle:
      postStart:
        exec: {command: [echo]}
  containers:
  - name: app
    image: nginx
`);
  const p = single(hook, 'probe-on-init-container');
  assert.equal(p.fixes?.[0].title, 'Remove lifecycle');
  assert.equal(p.fixes?.[0].preferred, true);
  applyAndRecheck(hook, p.fixes![0], 'probe-on-init-container');
});

test('on 1.35, container restart rules make restartPolicy on a regular or init container a warning', () => {
  const text = pod(`  initContainers:
  - name: setup
    image: busybox
    restartPolicy: Never
  containers:
  - name: app
    image: nginx
    restartPolicy: OnFailure
`);
  const found = problemsOf(text, 'sidecar-restart-policy', { kubernetesVersion: '1.35' });
  assert.deepEqual(
    found.map((p) => [p.path, p.severity]),
    [
      ['spec.initContainers[0].restartPolicy', 'warning'],
      ['spec.containers[0].restartPolicy', 'warning'],
    ],
  );
  assert.match(found[1].message, /ContainerRestartRules/);
  // Before 1.35 both are errors. The init container's value is outside the 1.33 schema's enum, and
  // that one problem is all that is said there; on the regular container the schema flags the
  // value and the rule the key.
  assert.deepEqual(
    problemsOf(text, 'sidecar-restart-policy', V133).map((p) => [p.path, p.severity]),
    [['spec.containers[0].restartPolicy', 'error']],
  );
  assert.deepEqual(
    problemsOf(text, 'schema-value', V133).map((p) => p.path),
    ['spec.initContainers[0].restartPolicy', 'spec.containers[0].restartPolicy'],
  );
});
