// CronJobs as their controller runs them, on the real engine: a Job made now from the CronJob
// (`kubectl create job --from=cronjob/x`) runs and completes, the history limit removes the older
// one, deleting the CronJob deletes its Jobs and their pods; and with a controller clock the test
// moves on, the schedule fires in its time zone, Forbid holds the next run while a Job runs, and
// suspend stops scheduling until it is lifted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodStatus } from '../../runtime/src';
import { FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

const cronJobYaml = (name: string, spec: string, command: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  jobTemplate:
    metadata:
      labels: {cron: ${name}}
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: work
            image: podwright-test/busybox:1
            imagePullPolicy: Never
            command: [sh, -c, ${JSON.stringify(command)}]
`;

const MINUTE = 60_000;

test('a Job made now from a CronJob completes; the history limit keeps the newest; the CronJob takes its Jobs with it', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-cron');
  const ref = { kind: 'CronJob', name, namespace: 'default' };
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete(ref);
  });
  assert.equal(await manager.start(), true);
  // A wake-up a year away must not become a timer that fires at once, pass after pass.
  const overflows: string[] = [];
  const onWarning = (w: Error) => void (w.name === 'TimeoutOverflowWarning' && overflows.push(w.message));
  process.on('warning', onWarning);
  t.after(() => void process.off('warning', onWarning));
  // Once a year: it does not fire by itself during the test.
  const applied = await runtime.workloads.apply(cronJobYaml(name, 'schedule: "0 0 1 1 *"\nsuccessfulJobsHistoryLimit: 1', 'echo done'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(applied.documents.map((d) => [d.kind, d.result]), [['CronJob', 'created']]);
  const cronJob = applied.documents[0].object;

  const complete = (job: string) =>
    waitFor(`job ${job} to complete`, async () => {
      const v = (await runtime.workloads.list(['Job'])).find((x) => x.object.metadata.name === job);
      return v?.status?.conditions.some((c) => c.type === 'Complete' && c.status === 'True') ? v : undefined;
    }, 60_000, 200);
  const first = await runtime.workloads.createJobFrom(ref, `${name}-manual-1`);
  assert.deepEqual(first.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]), [['CronJob', name, cronJob?.metadata.uid, true]]);
  assert.equal(first.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.equal(first.metadata.labels.cron, name);
  manager.kick();
  const firstView = await complete(first.metadata.name);
  // Its pod is the Job's, not the CronJob's, and it ran the template.
  assert.equal(firstView.pods.length, 1);
  const pod = firstView.pods[0];
  assert.deepEqual([pod.owner?.kind, pod.owner?.name, pod.phase], ['Job', first.metadata.name, 'Succeeded']);
  const lines: string[] = [];
  await runtime.logs(pod, { container: 'work' }, (l) => lines.push(l.text.trim()));
  assert.deepEqual(lines, ['done']);

  // A second one: with successfulJobsHistoryLimit 1 the first goes, with its pod.
  const second = await runtime.workloads.createJobFrom(ref, `${name}-manual-2`);
  manager.kick();
  const secondView = await complete(second.metadata.name);
  await waitFor('the older Job to be removed', async () => ((await runtime.workloads.list(['Job'])).some((v) => v.object.metadata.name === first.metadata.name) ? undefined : true), 30_000);
  await waitFor('its pod to go', async () => ((await runtime.list()).some((p) => p.uid === pod.uid) ? undefined : true), 30_000);
  const [summary] = (await runtime.workloads.summaries(['CronJob'])).filter((s) => s.name === name);
  // Jobs made by hand are not in the CronJob's active list, and nothing was scheduled.
  assert.deepEqual(summary.columns, [['SCHEDULE', '0 0 1 1 *'], ['TIMEZONE', '<none>'], ['SUSPEND', 'False'], ['ACTIVE', '0'], ['LAST SCHEDULE', '<none>']]);

  assert.deepEqual(overflows, []);

  // Deleting the CronJob deletes its Job and the Job's pod.
  await manager.stop();
  assert.equal(await runtime.workloads.delete(ref), true);
  assert.deepEqual((await runtime.workloads.list(['Job', 'CronJob'])).map((v) => v.object.metadata.name), []);
  for (const p of secondView.pods) assert.deepEqual(await objectsLeft(p.uid), { containers: 0, volumes: 0 });
});

test('with the test clock, the schedule fires in its time zone, Forbid holds the next run while one runs, suspend stops it', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  let offset = 0;
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500, now: () => Date.now() + offset });
  const name = uniqueName('pw-tick');
  const ref = { kind: 'CronJob', name, namespace: 'default' };
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete(ref);
  });
  assert.equal(await manager.start(), true);
  // 04:30 in Kolkata is 23:00 UTC: the machine's own zone would give another minute.
  const spec = (suspend: boolean) => `schedule: "30 4 * * *"\ntimeZone: Asia/Kolkata\nconcurrencyPolicy: Forbid\nsuspend: ${suspend}`;
  const apply = (suspend: boolean) => runtime.workloads.apply(cronJobYaml(name, spec(suspend), "trap 'exit 0' TERM; while :; do sleep 1; done"), `/tmp/${name}.yaml`, { allowHostAccess: false });
  await apply(false);
  const jobs = async () => (await runtime.workloads.list(['Job'])).filter((v) => v.object.metadata.ownerReferences?.some((r) => r.name === name));
  const cronView = () => runtime.workloads.get(ref);
  await manager.nextPass();
  assert.deepEqual(await jobs(), []);

  // The clock moves on to 2 s past the next 23:00 UTC.
  const now = Date.now();
  const d = new Date(now);
  let due = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 0, 0);
  if (due <= now) due += 24 * 60 * MINUTE;
  offset = due + 2000 - now;
  manager.kick();
  const jobName = `${name}-${due / MINUTE}`;
  const running = await waitFor('the scheduled Job to run', async () => {
    const [job] = await jobs();
    const pods: PodStatus[] = job?.pods ?? [];
    return job && pods.some((p) => p.phase === 'Running') ? job : undefined;
  }, 60_000, 200);
  assert.equal(running.object.metadata.name, jobName);
  assert.equal(running.object.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(due + 330 * MINUTE).toISOString().slice(0, 19) + '+05:30');
  const afterFirst = await cronView();
  assert.deepEqual(afterFirst.status?.activeJobs?.map((a) => a.name), [jobName]);
  assert.equal(afterFirst.status?.times?.lastSchedule, due);

  // A day later, the Job still running: Forbid starts no other.
  offset += 24 * 60 * MINUTE;
  await manager.nextPass();
  await manager.nextPass();
  assert.deepEqual((await jobs()).map((j) => j.object.metadata.name), [jobName]);
  assert.ok((await cronView()).status?.events.some((e) => e.reason === 'JobAlreadyActive'));

  // The CronJob suspended (first: the time Forbid held would run as soon as the Job goes), the Job
  // deleted, another day: nothing starts.
  await apply(true);
  await manager.nextPass();
  await runtime.workloads.delete({ kind: 'Job', name: jobName, namespace: 'default' });
  offset += 24 * 60 * MINUTE;
  await manager.nextPass();
  await manager.nextPass();
  assert.deepEqual(await jobs(), []);
  const suspended = await cronView();
  assert.deepEqual(suspended.status?.activeJobs, []);
  assert.ok(suspended.status?.events.some((e) => e.reason === 'MissingJob'));

  // Resumed: the most recent missed time runs, and only that one.
  await apply(false);
  manager.kick();
  const resumed = await waitFor('a Job after resuming', async () => {
    const js = await jobs();
    return js.length ? js : undefined;
  }, 30_000, 200);
  assert.deepEqual(resumed.map((j) => j.object.metadata.name), [`${name}-${(due + 2 * 24 * 60 * MINUTE) / MINUTE}`]);
});
