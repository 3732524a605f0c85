// `podwright wait` as a CI script runs it between `apply` and its tests: a pod's Ready condition, a
// Job's Complete, a deletion, and the failures worded as kubectl words them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { sleeperPod, uniqueName } from './helpers';

const podwright = cliHarness('podwright-wait');

/** A pod that turns Ready once its readiness probe first runs, 5 s after its container starts. */
const slowReady = (name: string, app: string) => `${sleeperPod(name, app)}    readinessProbe:
      exec: {command: ['true']}
      initialDelaySeconds: 5
      periodSeconds: 1
`;

test('wait --for=condition=Ready on a pod and -l; a timeout and a missing pod worded as kubectl words them; --for=delete', { timeout: 150_000 }, async (t) => {
  const app = uniqueName('pw-wait');
  const name = `${app}-a`;
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  writeFileSync(join(podwright.work, 'pod.yaml'), slowReady(name, app));
  const run = await podwright(['run', 'pod.yaml']);
  assert.equal(run.code, 0, run.err);

  // Not Ready before its probe has run: a look with no time to wait fails.
  const early = await podwright(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout', '0']);
  assert.deepEqual([early.code, early.out, early.err], [1, '', `error: timed out waiting for the condition on pods/${name}\n`]);

  const ready = await podwright(['wait', '--for', 'condition=ready', 'pod', name, '--timeout', '60s']);
  assert.deepEqual([ready.code, ready.out, ready.err], [0, `pod/${name} condition met\n`, '']);
  const bySelector = await podwright(['wait', '--for=condition=ContainersReady=True', 'pods', '-l', `app=${app}`, '--timeout', '5s']);
  assert.deepEqual([bySelector.code, bySelector.out], [0, `pod/${name} condition met\n`]);
  const notFalse = await podwright(['wait', '--for=condition=Ready=false', `pod/${name}`, '--timeout', '0']);
  assert.equal(notFalse.code, 1);

  const none = await podwright(['wait', '--for=condition=Ready', 'pods', '-l', 'app=nobody']);
  assert.deepEqual([none.code, none.err], [1, 'error: no matching resources found\n']);
  const missing = await podwright(['wait', '--for=condition=Ready', 'pod/nope', '--timeout', '1s']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /pod\/nope not found in namespace 'default'/);

  // --for=delete ends once the pod is gone.
  const [gone, stopped] = await Promise.all([podwright(['wait', '--for=delete', `pod/${name}`, '--timeout', '60s']), podwright(['stop', name])]);
  assert.equal(stopped.code, 0, stopped.err);
  assert.deepEqual([gone.code, gone.out], [0, `pod/${name} condition met\n`]);
  const ps = await podwright(['get', 'pods', '-l', `app=${app}`, '-o', 'name']);
  assert.equal(ps.out, '');
});

test('wait --for=condition=complete on a Job run by the background controller manager', { timeout: 150_000 }, async (t) => {
  const name = uniqueName('pw-waitjob');
  t.after(() => podwright(['delete', `job/${name}`, '--ignore-not-found']));
  writeFileSync(
    join(podwright.work, 'job.yaml'),
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, 'sleep 2']
`,
  );
  const applied = await podwright(['apply', '-f', 'job.yaml']);
  assert.equal(applied.code, 0, applied.err);
  const done = await podwright(['wait', '--for=condition=Complete', `job/${name}`, '--timeout', '90s']);
  assert.deepEqual([done.code, done.out, done.err], [0, `job.batch/${name} condition met\n`, '']);
  const failed = await podwright(['wait', '--for=condition=Failed', `job/${name}`, '--timeout', '0']);
  assert.deepEqual([failed.code, failed.err], [1, `error: timed out waiting for the condition on jobs/${name}\n`]);
  const usage = await podwright(['wait', `job/${name}`]);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--for is required/);
});
