// Deployment, ReplicaSet, StatefulSet and DaemonSet fields outside the pod template: one intended
// rejection per manifest, each checked against the pkg/apis/apps/validation/validation.go function
// named beside it, plus valid manifests that must get no error from any API rule.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { API_RULES } from '../../../../analysis/src/rules/api';
import { applyAndRecheck, at, fixNamed, single } from './helpers';

const API_IDS = new Set(API_RULES.map((r) => r.id));

/** A workload of `kind` with `spec` lines (indented two spaces) before its selector and template. */
function workload(kind: string, spec: string, name = 'web'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${spec}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
}

/** [upstream function, rule, manifest, path, text the range covers, message pattern, version]. */
type Case = [string, string, string, string, string, RegExp, string?];

const REJECTED: Case[] = [
  ['ValidateDeploymentSpec replicas', 'deployment-fields', workload('Deployment', '  replicas: -1\n'), 'spec.replicas', '-1', /replicas must be greater than or equal to 0/],
  ['ValidateDeploymentSpec revisionHistoryLimit', 'deployment-fields', workload('Deployment', '  revisionHistoryLimit: -3\n'), 'spec.revisionHistoryLimit', '-3', /greater than or equal to 0/],
  ['ValidateDeploymentSpec progressDeadlineSeconds', 'deployment-fields', workload('Deployment', '  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n'), 'spec.progressDeadlineSeconds', '30', /must be greater than minReadySeconds \(30\)/],
  ['ValidateDeploymentSpec default deadline', 'deployment-fields', workload('Deployment', '  minReadySeconds: 900\n'), 'spec.progressDeadlineSeconds', '900', /600 when left out/],
  ['ValidateDeploymentStrategy Recreate', 'deployment-fields', workload('Deployment', '  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n'), 'spec.strategy.rollingUpdate', 'rollingUpdate', /'Recreate'/],
  ['ValidateRollingUpdateDeployment both 0', 'deployment-fields', workload('Deployment', '  strategy:\n    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n'), 'spec.strategy.rollingUpdate.maxUnavailable', '0', /may not be 0 when maxSurge is 0/],
  ['IsNotMoreThan100Percent', 'deployment-fields', workload('Deployment', '  strategy:\n    rollingUpdate:\n      maxUnavailable: 150%\n'), 'spec.strategy.rollingUpdate.maxUnavailable', '150%', /more than 100%/],
  ['ValidatePositiveIntOrPercent', 'deployment-fields', workload('Deployment', '  strategy:\n    rollingUpdate:\n      maxSurge: one\n'), 'spec.strategy.rollingUpdate.maxSurge', 'one', /whole number or a percentage/],
  ['ValidateReplicaSetSpec', 'deployment-fields', workload('ReplicaSet', '  minReadySeconds: -5\n'), 'spec.minReadySeconds', '-5', /greater than or equal to 0/],
  ['ValidateStatefulSetSpec replicas', 'statefulset-fields', workload('StatefulSet', '  serviceName: web\n  replicas: -2\n'), 'spec.replicas', '-2', /greater than or equal to 0/],
  ['ValidateStatefulSetSpec ordinals', 'statefulset-fields', workload('StatefulSet', '  serviceName: web\n  ordinals:\n    start: -1\n'), 'spec.ordinals.start', '-1', /start must be greater than or equal to 0/],
  ['validateRollingUpdateStatefulSet partition', 'statefulset-fields', workload('StatefulSet', '  serviceName: web\n  updateStrategy:\n    rollingUpdate:\n      partition: -1\n'), 'spec.updateStrategy.rollingUpdate.partition', '-1', /partition must be/],
  ['ValidateStatefulSetSpec OnDelete', 'statefulset-fields', workload('StatefulSet', '  serviceName: web\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1\n'), 'spec.updateStrategy.rollingUpdate', 'rollingUpdate', /'OnDelete'/],
  ['ValidateStatefulSetSpec serviceName (1.33)', 'statefulset-fields', workload('StatefulSet', '  serviceName: Web_Service\n'), 'spec.serviceName', 'Web_Service', /not a valid DNS-1123 label/, '1.33'],
  ['ValidateDaemonSetSpec revisionHistoryLimit', 'daemonset-fields', workload('DaemonSet', '  revisionHistoryLimit: -1\n'), 'spec.revisionHistoryLimit', '-1', /greater than or equal to 0/],
  ['ValidateRollingUpdateDaemonSet surge and unavailable', 'daemonset-fields', workload('DaemonSet', '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n'), 'spec.updateStrategy.rollingUpdate.maxSurge', '1', /maxUnavailable defaults to 1/],
  ['ValidateRollingUpdateDaemonSet both 0', 'daemonset-fields', workload('DaemonSet', '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0%\n'), 'spec.updateStrategy.rollingUpdate.maxUnavailable', '0%', /cannot be 0 when maxSurge is 0/],
  ['ValidateRollingUpdateDaemonSet over 100%', 'daemonset-fields', workload('DaemonSet', '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 101%\n      maxUnavailable: 0\n'), 'spec.updateStrategy.rollingUpdate.maxSurge', '101%', /more than 100%/],
];

test('workloads: each intended rejection at the API server path, once', () => {
  for (const [fn, rule, text, path, covered, message, version] of REJECTED) {
    const p = single(text, rule, { kubernetesVersion: version });
    assert.equal(p.path, path, fn);
    assert.equal(p.severity, 'error', fn);
    assert.equal(at(text, p), covered, fn);
    assert.match(p.message, message, fn);
  }
});

const VALID: string[] = [
  workload('Deployment', '  replicas: 0\n  revisionHistoryLimit: 0\n  minReadySeconds: 10\n  progressDeadlineSeconds: 60\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n'),
  workload('Deployment', '  minReadySeconds: 599\n  strategy:\n    type: Recreate\n'),
  workload('Deployment', '  strategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n      maxSurge: 200%\n'),
  workload('ReplicaSet', '  replicas: 3\n'),
  workload('StatefulSet', '  serviceName: web\n  replicas: 3\n  podManagementPolicy: Parallel\n  ordinals:\n    start: 5\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Retain\n'),
  workload('DaemonSet', '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n'),
  workload('DaemonSet', '  updateStrategy:\n    type: OnDelete\n'),
];

test('workloads: valid manifests get no error from any API rule', () => {
  for (const text of VALID) {
    const errors = analyze(text).problems.filter((p) => p.severity === 'error' && (API_IDS.has(p.rule) || p.rule.startsWith('schema')));
    assert.deepEqual(errors.map((p) => `${p.rule} ${p.path}: ${p.message}`), [], text);
  }
});

test('StatefulSet serviceName is a label only from 1.33 on', () => {
  const text = workload('StatefulSet', '  serviceName: Web_Service\n');
  assert.equal(analyze(text, { kubernetesVersion: '1.31' }).problems.filter((p) => p.rule === 'statefulset-fields').length, 0);
  applyAndRecheck(text, fixNamed(single(text, 'statefulset-fields', { kubernetesVersion: '1.35' }), "Rename to 'web-service'"), 'statefulset-fields', { kubernetesVersion: '1.35' });
});

test('quick fixes: Recreate loses its rollingUpdate; a surging DaemonSet gets maxUnavailable: 0', () => {
  const recreate = workload('Deployment', '  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n');
  const fixed = applyAndRecheck(recreate, fixNamed(single(recreate, 'deployment-fields'), 'Remove rollingUpdate'), 'deployment-fields');
  assert.match(fixed, /strategy:\n    type: Recreate\n  selector:/);
  const ds = workload('DaemonSet', '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n');
  const dsFixed = applyAndRecheck(ds, fixNamed(single(ds, 'daemonset-fields'), 'Add maxUnavailable: 0'), 'daemonset-fields');
  assert.match(dsFixed, /maxSurge: 1\n      maxUnavailable: 0\n/);
});

test('a StatefulSet maxUnavailable the feature gate would refuse is a warning', () => {
  const text = workload('StatefulSet', '  serviceName: web\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 0\n');
  const p = single(text, 'statefulset-fields');
  assert.equal(p.severity, 'warning');
  assert.equal(p.path, 'spec.updateStrategy.rollingUpdate.maxUnavailable');
});

test('a workload selector is a valid label selector (ValidateLabelSelector)', () => {
  const exists = workload('Deployment', '').replace('    matchLabels:\n      app: web\n', '    matchLabels:\n      app: web\n    matchExpressions:\n    - key: tier\n      operator: Exists\n      values: [frontend]\n');
  const p = single(exists, 'invalid-label');
  assert.equal(p.path, 'spec.selector.matchExpressions[0].values');
  assert.equal(at(exists, p), 'values');
  assert.match(p.message, /may not be specified when operator is 'Exists'/);
  const noValues = workload('StatefulSet', '  serviceName: web\n').replace('    matchLabels:\n      app: web\n', '    matchLabels:\n      app: web\n    matchExpressions:\n    - key: tier\n      operator: NotIn\n');
  const q = single(noValues, 'invalid-label');
  assert.equal(q.path, 'spec.selector.matchExpressions[0].values');
  assert.match(q.message, /must be specified when operator is 'In' or 'NotIn'/);
  const valid = workload('DaemonSet', '').replace('    matchLabels:\n      app: web\n', '    matchLabels:\n      app: web\n    matchExpressions:\n    - {key: app.kubernetes.io/component, operator: NotIn, values: [test]}\n    - {key: canary, operator: DoesNotExist}\n');
  assert.deepEqual(analyze(valid).problems.filter((x) => x.severity === 'error').map((x) => `${x.rule} ${x.path}`), []);
});
