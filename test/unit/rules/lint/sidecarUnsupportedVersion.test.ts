import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { at, fixture, one, problems } from './helpers';

const RULE = 'sidecar-unsupported-version';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      initContainers:
      - name: setup
        image: setup:1
      - name: proxy
        image: proxy:1
        restartPolicy: Always
      containers:
      - name: app
        image: app:1
`;

test('sidecar-unsupported-version: before 1.28 a native sidecar is an error on its restartPolicy', () => {
  const p = one(DEPLOYMENT, RULE, { kubernetesVersion: '1.27' });
  assert.equal(p.severity, 'error');
  assert.equal(p.path, 'spec.template.spec.initContainers[1].restartPolicy');
  assert.equal(at(DEPLOYMENT, p), 'Always');
  assert.equal(p.range.start, DEPLOYMENT.indexOf('Always'));
  assert.match(p.message, /^Kubernetes 1\.27 has no native sidecars/);
});

test('sidecar-unsupported-version: 1.28 has them behind a feature gate, off by default: a warning', () => {
  const p = one(DEPLOYMENT, RULE, { kubernetesVersion: '1.28' });
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /SidecarContainers feature gate/);
});

test('sidecar-unsupported-version: nothing on 1.29 and later, or for plain init containers', () => {
  for (const v of ['1.29', '1.31', '1.35']) assert.equal(problems(DEPLOYMENT, RULE, { kubernetesVersion: v }).length, 0, v);
  assert.equal(problems(DEPLOYMENT.replace('        restartPolicy: Always\n', ''), RULE, { kubernetesVersion: '1.25' }).length, 0);
});

test('sidecar-unsupported-version: in a CronJob, configurable', () => {
  const text = fixture('sidecar-in-cronjob.yaml').replace(
    '          containers:\n',
    '          initContainers:\n          - name: agent\n            image: agent:1\n            restartPolicy: Always\n          containers:\n',
  );
  const p = one(text, RULE, { kubernetesVersion: '1.26' });
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.initContainers[0].restartPolicy');
  assert.equal(one(text, RULE, { kubernetesVersion: '1.26', severities: { [RULE]: 'warning' } }).severity, 'warning');
  assert.equal(problems(text, RULE, { kubernetesVersion: '1.26', severities: { [RULE]: 'off' } }).length, 0);
});
