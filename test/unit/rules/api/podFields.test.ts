import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf, single } from './helpers';

test('activeDeadlineSeconds must be at least 1; a negative grace period is a warning', () => {
  const text = pod(`  activeDeadlineSeconds: 0
  terminationGracePeriodSeconds: -5
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'pod-fields');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.activeDeadlineSeconds', '0', 'error'],
    ['spec.terminationGracePeriodSeconds', '-5', 'warning'],
  ]);
  const withoutDeadline = text.replace('  activeDeadlineSeconds: 0\n', '');
  applyAndRecheck(withoutDeadline, fixNamed(problemsOf(withoutDeadline, 'pod-fields')[0], 'Set it to 1'), 'pod-fields');
});

test('duplicate imagePullSecrets are a warning with a removal fix', () => {
  const text = pod(`  imagePullSecrets:
  - name: regcred
  - name: regcred
  containers:
  - name: app
    image: nginx
`);
  const p = single(text, 'pod-fields');
  assert.equal(p.path, 'spec.imagePullSecrets[1].name');
  assert.equal(p.severity, 'warning');
  applyAndRecheck(text, fixNamed(p, 'Remove the duplicate'), 'pod-fields');
});

test('hostIP without hostPort is a warning; not with hostNetwork', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    ports:
    - containerPort: 80
      hostIP: 127.0.0.1
`);
  const p = single(text, 'host-ip-without-host-port');
  assert.equal(p.severity, 'warning');
  assert.equal(p.path, 'spec.containers[0].ports[0].hostIP');
  assert.equal(at(text, p), 'hostIP');
  applyAndRecheck(text, fixNamed(p, 'Remove hostIP'), 'host-ip-without-host-port');
  assert.deepEqual(problemsOf(text.replace('  containers:', '  hostNetwork: true\n  containers:'), 'host-ip-without-host-port'), []);
});

test('deprecated volume plugins warn with the versions from warnings.go; gitRepo by version', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
  volumes:
  - name: src
    gitRepo:
      repository: https://example.com/repo.git
  - name: ceph
    rbd:
      monitors: [10.0.0.1]
      image: foo
`);
  const ps = problemsOf(text, 'deprecated-volume-plugin');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.volumes[0].gitRepo', 'gitRepo', 'warning'],
    ['spec.volumes[1].rbd', 'rbd', 'warning'],
  ]);
  assert.match(ps[0].message, /disabled by default since 1\.33/);
  assert.match(ps[1].message, /deprecated since Kubernetes 1\.28 and non-functional since 1\.31/);
  const old = problemsOf(text, 'deprecated-volume-plugin', { kubernetesVersion: '1.29' });
  assert.doesNotMatch(old[0].message, /1\.33/);
  assert.match(old[1].message, /non-functional from 1\.31/);
});

test('hostAliases need IP addresses; scheduling gates are unique qualified names', () => {
  const text = pod(`  hostAliases:
  - ip: example.com
    hostnames: [a]
  schedulingGates:
  - name: example.com/wait
  - name: example.com/wait
  - name: "bad gate"
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'pod-fields');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.hostAliases[0].ip', 'example.com', 'error'],
    ['spec.schedulingGates[1].name', 'example.com/wait', 'error'],
    ['spec.schedulingGates[2].name', '"bad gate"', 'error'],
  ]);
});
