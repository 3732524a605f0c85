// The CronJob controller without an engine: which scheduled time is due, Job names and their
// scheduled-timestamp annotation, history limits, what is refused with its path, and passes over a
// fake context (a Job made when the schedule comes due, in its time zone; Forbid, Replace, suspend,
// startingDeadlineSeconds; the active list), and kubectl's columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCron, type CronSchedule } from '../../analysis/src';
import { cronJobController } from '../../runtime/src/workloads/cronJobs';
import { cronJobName, historyToDelete, mostRecentScheduleTime, scheduledTimestamp } from '../../runtime/src/workloads/cronSchedule';
import type { ObjectStatus } from '../../runtime/src/workloads/objectStatus';
import { summarise } from '../../runtime/src/workloads/summary';
import { fake, stored } from './fakeContext';

const at = (iso: string) => Date.parse(iso);
const cron = (text: string): CronSchedule => {
  const p = parseCron(text);
  if (!p.ok) throw new Error(p.error);
  return p.schedule;
};

test('the most recent scheduled time due: none before the first, the last one missed, and many missed counted', () => {
  const every = cron('* * * * *');
  assert.deepEqual(mostRecentScheduleTime(every, at('2025-03-01T10:00:30Z'), at('2025-03-01T10:00:59Z'), 'UTC'), { missed: 'none' });
  assert.deepEqual(mostRecentScheduleTime(every, at('2025-03-01T10:00:30Z'), at('2025-03-01T10:01:10Z'), 'UTC'), { time: at('2025-03-01T10:01:00Z'), missed: 'none' });
  assert.deepEqual(mostRecentScheduleTime(every, at('2025-03-01T10:00:30Z'), at('2025-03-01T10:05:10Z'), 'UTC'), { time: at('2025-03-01T10:05:00Z'), missed: 'few' });
  // A year of minutes: found in a few steps, and flagged.
  const started = Date.now();
  assert.deepEqual(mostRecentScheduleTime(every, at('2024-03-01T10:00:30Z'), at('2025-03-01T10:05:10Z'), 'UTC'), { time: at('2025-03-01T10:05:00Z'), missed: 'many' });
  assert.ok(Date.now() - started < 1000);
  // Uneven schedules: 06:30, 10:30, 14:30 on weekdays; Saturday 2025-03-01 looks back to Friday 14:30.
  assert.equal(mostRecentScheduleTime(cron('30 6-16/4 * * 1-5'), at('2025-02-24T00:00:00Z'), at('2025-03-01T12:00:00Z'), 'UTC').time, at('2025-02-28T14:30:00Z'));
  // In the schedule's time zone: 04:30 in Kolkata is 23:00 UTC the day before.
  assert.equal(mostRecentScheduleTime(cron('30 4 * * *'), at('2025-03-01T12:00:00Z'), at('2025-03-01T23:00:05Z'), 'Asia/Kolkata').time, at('2025-03-01T23:00:00Z'));
});

test('Jobs are named <cronjob>-<minutes since the epoch>, annotated with the scheduled time in the zone', () => {
  assert.equal(cronJobName('backup', at('2025-03-01T10:05:00Z')), `backup-${at('2025-03-01T10:05:00Z') / 60_000}`);
  assert.equal(cronJobName('backup', at('2025-03-01T10:05:42Z')), cronJobName('backup', at('2025-03-01T10:05:00Z')));
  assert.equal(scheduledTimestamp(at('2025-03-01T23:00:00Z'), 'Asia/Kolkata'), '2025-03-02T04:30:00+05:30');
  assert.equal(scheduledTimestamp(at('2025-03-01T23:00:00Z'), 'America/New_York'), '2025-03-01T18:00:00-05:00');
  assert.equal(scheduledTimestamp(at('2025-03-01T23:00:00Z'), 'UTC'), '2025-03-01T23:00:00Z');
});

test('history limits remove the oldest finished Jobs by start time, those without one last', () => {
  const jobs = [
    { uid: 'a', name: 'a', result: 'Complete' as const, start: 3 },
    { uid: 'b', name: 'b', result: 'Complete' as const, start: 1 },
    { uid: 'c', name: 'c', result: 'Complete' as const },
    { uid: 'd', name: 'd', result: 'Complete' as const, start: 2 },
    { uid: 'e', name: 'e', result: 'Failed' as const, start: 5 },
    { uid: 'f', name: 'f', result: 'Failed' as const, start: 4 },
  ];
  assert.deepEqual(historyToDelete(jobs, 3, 1).map((j) => j.name), ['b', 'f']);
  assert.deepEqual(historyToDelete(jobs, 1, 0).map((j) => j.name), ['b', 'd', 'a', 'f', 'e']);
  assert.deepEqual(historyToDelete(jobs, 10, 10), []);
});

test('a schedule, time zone or policy the API server refuses is refused with its path, and so is the job template', () => {
  const where = (spec: Record<string, unknown>) => (cronJobController.refuse?.({ spec }, undefined) ?? []).map((p) => `${p.code} ${p.where}`);
  const jobTemplate = { spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } } };
  assert.deepEqual(where({ schedule: '*/5 * * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid', jobTemplate }), []);
  assert.deepEqual(where({ schedule: '61 * * * *', jobTemplate }), ['invalid spec.schedule']);
  assert.deepEqual(where({ schedule: '* * * * *', timeZone: 'Mars/Olympus', jobTemplate }), ['invalid spec.timeZone']);
  assert.deepEqual(where({ schedule: '* * * * *', concurrencyPolicy: 'Sometimes', jobTemplate }), ['invalid spec.concurrencyPolicy']);
  assert.deepEqual(where({ schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [] } } } } }), ['invalid spec.jobTemplate.spec.template.spec.restartPolicy']);
});

const cronJob = (spec: Record<string, unknown>, created = '2025-03-01T10:00:30Z') =>
  stored('CronJob', 'tick', { spec: { schedule: '* * * * *', jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec } }, { creationTimestamp: created });

const finishedJob = (type: 'Complete' | 'Failed', start: number): Omit<ObjectStatus, 'uid' | 'name'> => ({
  kind: 'Job',
  namespace: 'default',
  observedGeneration: 1,
  conditions: [{ type, status: 'True', lastTransitionTime: '' }],
  times: { start, ...(type === 'Complete' ? { completion: start + 1000 } : {}) },
  events: [],
});

test('a Job when the schedule comes due, once; Forbid waits while it runs; Allow runs another; the active list follows the Jobs', async () => {
  const cj = cronJob({ concurrencyPolicy: 'Forbid', timeZone: 'UTC' });
  const f = fake(cj, at('2025-03-01T10:00:50Z'));
  await cronJobController.sync(cj, f.ctx());
  assert.equal(f.createdObjects.length, 0);
  assert.ok(f.wakes.includes(at('2025-03-01T10:01:00.100Z')), 'a pass at the next scheduled time');
  f.now = at('2025-03-01T10:01:02Z');
  await cronJobController.sync(cj, f.ctx());
  const first = f.createdObjects[0];
  assert.equal(first.metadata.name, `tick-${at('2025-03-01T10:01:00Z') / 60_000}`);
  assert.deepEqual(first.metadata.labels, { team: 'a' });
  assert.equal(first.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2025-03-01T10:01:00Z');
  assert.deepEqual(first.metadata.ownerReferences?.map((r) => [r.kind, r.uid, r.controller]), [['CronJob', 'uid-tick', true]]);
  assert.deepEqual(f.status.activeJobs, [{ name: first.metadata.name, uid: first.metadata.uid }]);
  assert.equal(f.status.times?.lastSchedule, at('2025-03-01T10:01:00Z'));
  // The same minute again: nothing.
  f.now = at('2025-03-01T10:01:30Z');
  await cronJobController.sync(cj, f.ctx());
  assert.equal(f.createdObjects.length, 1);
  // The next minute while the first runs: Forbid.
  f.now = at('2025-03-01T10:02:01Z');
  await cronJobController.sync(cj, f.ctx());
  assert.equal(f.createdObjects.length, 1);
  assert.equal(f.events.at(-1)?.reason, 'JobAlreadyActive');
  assert.deepEqual(summarise(cj, f.status, [], f.now).columns, [['SCHEDULE', '* * * * *'], ['TIMEZONE', 'UTC'], ['SUSPEND', 'False'], ['ACTIVE', '1'], ['LAST SCHEDULE', '61s']]);
  // It finished: off the active list, and the due time (10:02) runs now.
  f.statuses.set(first.metadata.uid, { uid: first.metadata.uid, name: first.metadata.name, ...finishedJob('Complete', at('2025-03-01T10:01:03Z')) });
  f.now = at('2025-03-01T10:02:20Z');
  await cronJobController.sync(cj, f.ctx());
  assert.equal(f.createdObjects.length, 2);
  assert.ok(f.events.some((e) => e.reason === 'SawCompletedJob' && e.message === `Saw completed job: ${first.metadata.name}, condition: Complete`));
  assert.equal(f.status.times?.lastSuccessful, at('2025-03-01T10:01:04Z'));
  // Allow: a third while the second runs.
  const allow = cronJob({ timeZone: 'UTC' });
  f.now = at('2025-03-01T10:03:01Z');
  await cronJobController.sync(allow, f.ctx());
  assert.equal(f.createdObjects.length, 3);
  assert.equal(f.status.activeJobs?.length, 2);
  // A Job deleted by hand goes off the active list.
  f.objects = f.objects.filter((o) => o !== f.createdObjects[1]);
  await cronJobController.sync(allow, f.ctx());
  assert.ok(f.events.some((e) => e.reason === 'MissingJob'));
  assert.deepEqual(f.status.activeJobs?.map((a) => a.name), [f.createdObjects[2].metadata.name]);
});

test('Replace deletes the running Job first; suspend schedules nothing; a time older than startingDeadlineSeconds is missed', async () => {
  const replace = cronJob({ concurrencyPolicy: 'Replace' });
  const f = fake(replace, at('2025-03-01T10:01:01Z'));
  await cronJobController.sync(replace, f.ctx());
  f.now = at('2025-03-01T10:02:01Z');
  await cronJobController.sync(replace, f.ctx());
  assert.deepEqual(f.deletedObjects, [f.createdObjects[0].metadata.name]);
  assert.deepEqual(f.status.activeJobs?.map((a) => a.name), [f.createdObjects[1].metadata.name]);

  const suspended = cronJob({ suspend: true });
  const s = fake(suspended, at('2025-03-01T10:05:01Z'));
  await cronJobController.sync(suspended, s.ctx());
  assert.equal(s.createdObjects.length, 0);
  assert.deepEqual(summarise(suspended, s.status, [], s.now).columns.slice(2), [['SUSPEND', 'True'], ['ACTIVE', '0'], ['LAST SCHEDULE', '<none>']]);
  // Resumed: the most recent missed time runs (no starting deadline), only that one.
  const resumed = cronJob({});
  await cronJobController.sync(resumed, s.ctx());
  assert.deepEqual(s.createdObjects.map((o) => o.metadata.name), [`tick-${at('2025-03-01T10:05:00Z') / 60_000}`]);

  // With a deadline of 10 s, a time 30 s old is not started.
  const late = cronJob({ startingDeadlineSeconds: 10, schedule: '0 * * * *' }, '2025-03-01T09:00:00Z');
  const l = fake(late, at('2025-03-01T10:00:30Z'));
  await cronJobController.sync(late, l.ctx());
  assert.equal(l.createdObjects.length, 0);
  const inTime = fake(late, at('2025-03-01T10:00:08Z'));
  await cronJobController.sync(late, inTime.ctx());
  assert.equal(inTime.createdObjects.length, 1);
});

test('finished Jobs beyond the history limits are deleted, the oldest first', async () => {
  const cj = cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1, suspend: true });
  const f = fake(cj, at('2025-03-01T11:00:00Z'));
  const owner = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'uid-tick', controller: true }];
  const results: ['Complete' | 'Failed', number][] = [['Complete', 1], ['Complete', 3], ['Failed', 2], ['Failed', 4], ['Complete', 2]];
  for (const [i, [type, start]] of results.entries()) {
    const job = stored('Job', `j${i}`, {}, { ownerReferences: owner });
    f.objects.push(job);
    f.statuses.set(job.metadata.uid, { uid: job.metadata.uid, name: job.metadata.name, ...finishedJob(type, start) });
  }
  // Not ours: never touched.
  f.objects.push(stored('Job', 'other', {}));
  f.statuses.set('uid-other', { uid: 'uid-other', name: 'other', ...finishedJob('Complete', 0) });
  await cronJobController.sync(cj, f.ctx());
  assert.deepEqual(f.deletedObjects, ['j0', 'j4', 'j2']);
});
