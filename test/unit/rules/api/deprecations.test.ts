import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf } from './helpers';

test('deprecated node labels in nodeSelector, node affinity and topology spread, with a rename fix', () => {
  const text = pod(`  nodeSelector:
    beta.kubernetes.io/os: linux
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: failure-domain.beta.kubernetes.io/zone
            operator: In
            values: [a]
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: failure-domain.beta.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: x}}
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'deprecated-node-label');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.nodeSelector[beta.kubernetes.io/os]', 'beta.kubernetes.io/os', 'warning'],
    ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key', 'failure-domain.beta.kubernetes.io/zone', 'warning'],
    ['spec.topologySpreadConstraints[0].topologyKey', 'failure-domain.beta.kubernetes.io/zone', 'warning'],
  ]);
  const fixed = applyAndRecheck(text, fixNamed(ps[0], "Use 'kubernetes.io/os'"), 'never');
  assert.match(fixed, /nodeSelector:\n {4}kubernetes\.io\/os: linux/);
});

test('a seccomp annotation without the field warns; with the field it does not', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  containers:
  - name: app
    image: nginx
`;
  const ps = problemsOf(text, 'deprecated-annotation');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]', 'seccomp.security.alpha.kubernetes.io/pod', 'warning'],
  ]);
  const withField = text.replace('spec:\n', 'spec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n');
  assert.deepEqual(problemsOf(withField, 'deprecated-annotation'), []);
});

test('a topology spread constraint without labelSelector matches no pod (warning)', () => {
  const text = pod(`  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
  containers:
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, 'pod-fields');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [['spec.topologySpreadConstraints[0]', 'maxSkew: 1', 'warning']]);
});

test('annotation keys named like object methods are ordinary annotations', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: demo
  annotations:
    toString: a
    constructor: b
spec:
  containers:
  - name: app
    image: nginx:1.27
`;
  assert.deepEqual(problemsOf(text, 'deprecated-annotation'), []);
});
