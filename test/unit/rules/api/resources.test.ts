import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compareQuantity, isInteger, parseQuantity } from '../../../../analysis/src/quantity';
import { applyAndRecheck, at, fixNamed, pod, problemsOf } from './helpers';

const RULE = 'resources';

test('quantities compare exactly across suffixes', () => {
  const q = (v: unknown) => {
    const r = parseQuantity(v);
    assert.ok(r, `${String(v)} should parse`);
    return r;
  };
  assert.equal(compareQuantity(q('1Gi'), q(1073741824)), 0);
  assert.equal(compareQuantity(q('1G'), q('1Gi')), -1);
  assert.equal(compareQuantity(q('500m'), q(0.5)), 0);
  assert.equal(compareQuantity(q('1e3'), q('1k')), 0);
  assert.equal(compareQuantity(q('.5'), q('499m')), 1);
  assert.equal(isInteger(q('1.5')), false);
  assert.equal(isInteger(q('1.5k')), true);
  assert.equal(parseQuantity('1 Gi'), null);
  assert.equal(parseQuantity('abc'), null);
});

test('a request above its limit, compared numerically, is an error on the request', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    resources:
      requests:
        memory: 2Gi
        cpu: "1"
      limits:
        memory: 1073741824
        cpu: 1000m
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [['spec.containers[0].resources.requests[memory]', '2Gi', 'error']]);
  assert.equal(at(text, ps[0].related![0]), '1073741824');
  applyAndRecheck(text, fixNamed(ps[0], 'Lower the request'), RULE);
});

test('unknown and negative resources; extended resources need request == limit', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    resources:
      limits:
        memmory: 1Gi
        cpu: -1
        example.com/gpu: 2
      requests:
        example.com/gpu: 1
        example.com/fpga: 1
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].resources.limits[memmory]', 'memmory'],
    ['spec.containers[0].resources.limits[cpu]', '-1'],
    ['spec.containers[0].resources.requests[example.com/gpu]', '1'],
    ['spec.containers[0].resources.requests[example.com/fpga]', 'example.com/fpga'],
  ]);
  const fixed = applyAndRecheck(text.replace(/        cpu: -1\n[\s\S]*$/, ''), fixNamed(ps[0], "Change to 'memory'"), RULE);
  assert.match(fixed, /memory: 1Gi/);
});

test('fractional bytes are a warning, with 500m -> 500Mi offered', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    resources:
      limits:
        memory: 500m
        ephemeral-storage: "1.5"
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.containers[0].resources.limits[memory]', '500m', 'warning'],
    ['spec.containers[0].resources.limits[ephemeral-storage]', '"1.5"', 'warning'],
  ]);
  const fix = fixNamed(ps[0], "Change to '500Mi'");
  assert.equal(fix.preferred, false);
  applyAndRecheck(text.replace(/        ephemeral-storage.*\n/, ''), fix, RULE);
});

test('pod-level resources (1.34+): containers together may not request more than the pod', () => {
  const text = pod(`  resources:
    requests:
      cpu: "1"
      memory: 1Gi
    limits:
      memory: 1Gi
  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    resources: {requests: {cpu: 500m}}
  - name: migrate
    image: busybox
    resources: {requests: {cpu: 800m}}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 400m}
      limits: {memory: 2Gi}
`);
  const ps = problemsOf(text, RULE);
  // init 'migrate' needs 800m beside the 500m sidecar: 1300m > 1; app's 2Gi limit > 1Gi.
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.resources.requests[cpu]', '"1"'],
    ['spec.resources.requests[memory]', '1Gi'],
    ['spec.containers[0].resources.limits[memory]', '2Gi'],
  ]);
  assert.match(ps[0].message, /1\.3/);
  // Before 1.34 the feature gate is off by default and the API server drops spec.resources.
  assert.deepEqual(problemsOf(text, RULE, { kubernetesVersion: '1.33' }), []);
});
