// A Job that fails, on the real engine with its controller, read as the extension reads it
// (PodReports) and placed on its manifest: BackoffLimitExceeded on backoffLimit, and each failed pod
// on the template's command (a Job's pods map to its template's paths).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PodReports } from '../../client/src/extension/podReports';
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import { runtimeProblems } from '../../client/src/flows/runtimeProblems';
import { FAST_BACKOFF, newRuntime, uniqueName, waitFor } from './helpers';

const runtime = newRuntime();
const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, jobBackoff: { initialMs: 500, maxMs: 2000 }, tickMs: 500 });

before(async () => {
  assert.equal(await manager.start(), true);
});
after(async () => {
  await manager.stop();
});

test('a Job past its backoffLimit: BackoffLimitExceeded on backoffLimit, each failed pod on the template command', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-rtp-job');
  const file = `/tmp/${name}.yaml`;
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
      - name: work
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, "echo no input; exit 2"]
`;
  t.after(() => runtime.workloads.delete({ kind: 'Job', name, namespace: 'default' }).then(() => undefined));
  await runtime.workloads.apply(text, file, { allowHostAccess: false });
  manager.kick();
  const reports = new PodReports(runtime);
  const placed = await waitFor(
    'the Job failed, with both pods',
    async () => {
      const mine = (await reports.reports()).filter((r) => r.manifest === file);
      const ps = placeProblems(text, mine.flatMap(runtimeProblems));
      return ps.some((p) => p.problem.code === 'BackoffLimitExceeded') && ps.filter((p) => p.problem.code === 'Error').length === 2 ? ps : undefined;
    },
    60_000,
    300,
  );
  const job = placed.find((p) => p.problem.code === 'BackoffLimitExceeded');
  assert.equal(job?.path, 'spec.backoffLimit');
  assert.equal(text.slice(job.range.start, job.range.end), '1');
  assert.equal(job.problem.message, 'Job failed (BackoffLimitExceeded): Job has reached the specified backoff limit');
  for (const p of placed.filter((x) => x.problem.code === 'Error')) {
    assert.equal(p.path, 'spec.template.spec.containers[0].command');
    assert.equal(p.problem.message, 'Container work exited with code 2.\nLast log lines:\n  no input');
  }
});
