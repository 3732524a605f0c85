import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, problemsOf, single } from './helpers';

const RULE = 'workload-restart-policy';

test('a CronJob template without restartPolicy is rejected (it defaults to Always); the fix adds Never', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: backup
            image: busybox
`;
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.restartPolicy');
  assert.equal(at(text, p), 'spec');
  assert.equal(p.range.start, text.lastIndexOf('spec:'));
  const fixed = applyAndRecheck(text, fixNamed(p, 'Set restartPolicy: Never'), RULE);
  assert.ok(fixed.endsWith('            image: busybox\n          restartPolicy: Never\n'), fixed);
});

test('a Job with restartPolicy Always gets the value replaced', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: job
        image: busybox
`;
  const p = single(text, RULE);
  assert.equal(at(text, p), 'Always');
  applyAndRecheck(text, fixNamed(p, 'Set restartPolicy: OnFailure'), RULE);
});

test('a Deployment template takes only Always and no activeDeadlineSeconds', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      restartPolicy: Never
      activeDeadlineSeconds: 60
      containers:
      - name: app
        image: nginx
`;
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.template.spec.restartPolicy', 'Never'],
    ['spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds'],
  ]);
  const once = applyAndRecheck(text.replace('      activeDeadlineSeconds: 60\n', ''), fixNamed(single(text.replace('      activeDeadlineSeconds: 60\n', ''), RULE), 'Remove restartPolicy'), RULE);
  assert.ok(!once.includes('restartPolicy'));
});
