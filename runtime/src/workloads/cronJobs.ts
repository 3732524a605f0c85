// CronJobs, as pkg/controller/cronjob (cronjob_controllerv2.go) runs them: while the CronJob is
// applied and not suspended, each time its schedule (in `timeZone`, else this machine's zone) comes
// due a Job `<cronjob>-<minutes since the epoch>` is made from jobTemplate, owned by the CronJob (its
// pods are the Job's), unless the time is older than startingDeadlineSeconds, or a Job still runs
// and concurrencyPolicy is Forbid (Replace deletes the running ones first). Only the most recent
// missed time is started. Finished Jobs beyond successfulJobsHistoryLimit (3) and
// failedJobsHistoryLimit (1) are deleted, oldest first. The Jobs are objects of their own, as on a
// cluster: `get jobs` lists them, the Job controller runs them, deleting the CronJob deletes them.
import { isTimeZone, nextRun, parseCron } from '../../../analysis/src';
import type { PlanProblem } from '../plan';
import type { Controller, ControllerContext, Obj } from './controller';
import { jobSpecProblems } from './jobLogic';
import { jobFinished } from './jobs';
import { cronJobName, historyToDelete, mostRecentScheduleTime, scheduledTimestamp, type FinishedJob } from './cronSchedule';
import type { StoredObject } from './records';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The Jobs a CronJob controls (an ownerReference with controller: true naming its uid). */
export function jobsOf(cronJob: StoredObject, objects: readonly StoredObject[]): StoredObject[] {
  return objects.filter((o) => o.kind === 'Job' && o.metadata.namespace === cronJob.metadata.namespace && o.metadata.ownerReferences?.some((r) => r.uid === cronJob.metadata.uid && r.controller));
}

/** Reconciles the active list with the Jobs there are, and deletes finished Jobs beyond the history limits. */
async function reconcileJobs(cj: StoredObject, ctx: ControllerContext, spec: Obj): Promise<void> {
  const status = ctx.status;
  const active = (status.activeJobs ??= []);
  const children = jobsOf(cj, ctx.objects);
  const finished: FinishedJob[] = [];
  for (const job of children) {
    const jobStatus = ctx.statusOf(job.metadata.uid);
    const result = jobFinished(jobStatus);
    const listed = active.some((a) => a.uid === job.metadata.uid);
    if (!listed && !result) {
      ctx.event('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`);
    } else if (listed && result) {
      active.splice(active.findIndex((a) => a.uid === job.metadata.uid), 1);
      ctx.event('Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${result}`);
    }
    if (result) {
      finished.push({ uid: job.metadata.uid, name: job.metadata.name, result, start: jobStatus?.times?.start });
      const completion = jobStatus?.times?.completion;
      if (result === 'Complete' && completion !== undefined && completion > (status.times?.lastSuccessful ?? -Infinity)) status.times = { ...status.times, lastSuccessful: completion };
    }
  }
  for (const a of [...active]) {
    if (children.some((c) => c.metadata.uid === a.uid)) continue;
    ctx.event('Normal', 'MissingJob', `Active job went missing: ${a.name}`);
    active.splice(active.indexOf(a), 1);
  }
  for (const old of historyToDelete(finished, num(spec.successfulJobsHistoryLimit) ?? 3, num(spec.failedJobsHistoryLimit) ?? 1)) {
    const job = children.find((c) => c.metadata.uid === old.uid);
    if (!job) continue;
    await ctx.deleteObject(job);
    ctx.event('Normal', 'SuccessfulDelete', `Deleted job ${old.name}`);
  }
}

export const cronJobController: Controller = {
  kind: 'CronJob',
  refuse(value: Obj): PlanProblem[] {
    const spec = (value.spec ?? {}) as Obj;
    const problems: PlanProblem[] = [];
    const parsed = parseCron(String(spec.schedule ?? ''));
    if (!parsed.ok) problems.push({ code: 'invalid', where: 'spec.schedule', message: `Invalid value: ${JSON.stringify(spec.schedule ?? '')}: ${parsed.error}` });
    if (spec.timeZone !== undefined && spec.timeZone !== null && !isTimeZone(String(spec.timeZone))) {
      problems.push({ code: 'invalid', where: 'spec.timeZone', message: `Invalid value: ${JSON.stringify(spec.timeZone)}: unknown time zone` });
    }
    if (spec.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(String(spec.concurrencyPolicy))) {
      problems.push({ code: 'invalid', where: 'spec.concurrencyPolicy', message: `Unsupported value: ${JSON.stringify(spec.concurrencyPolicy)}: supported values: "Allow", "Forbid", "Replace"` });
    }
    return [...problems, ...jobSpecProblems(((spec.jobTemplate ?? {}) as Obj).spec as Obj ?? {}, 'spec.jobTemplate.spec')];
  },
  async sync(cj: StoredObject, ctx: ControllerContext) {
    const spec = (cj.body.spec ?? {}) as Obj;
    const status = ctx.status;
    await reconcileJobs(cj, ctx, spec);
    const zone = typeof spec.timeZone === 'string' ? spec.timeZone : undefined;
    if (zone !== undefined && !isTimeZone(zone)) {
      ctx.event('Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(zone)}`);
      return;
    }
    if (spec.suspend === true) return;
    const parsed = parseCron(String(spec.schedule ?? ''));
    if (!parsed.ok) {
      ctx.event('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${parsed.error}`);
      return;
    }
    const schedule = parsed.schedule;
    // The next pass at the next scheduled time (and 100 ms, nextScheduleDelta), whatever happens now.
    const next = nextRun(schedule, ctx.now, zone);
    if (next !== undefined) ctx.wakeAt(next + 100);

    const lastSchedule = status.times?.lastSchedule;
    let earliest = lastSchedule ?? Date.parse(cj.metadata.creationTimestamp);
    const deadline = num(spec.startingDeadlineSeconds);
    // Nothing older than the starting deadline is scheduled any more.
    if (deadline !== undefined) earliest = Math.max(earliest, ctx.now - deadline * 1000);
    const { time: scheduled, missed } = mostRecentScheduleTime(schedule, earliest, ctx.now, zone);
    if (missed === 'many') {
      ctx.event('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    if (scheduled === undefined) return;
    if (deadline !== undefined && scheduled + deadline * 1000 < ctx.now) {
      ctx.event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(scheduled).toUTCString()}`);
      return;
    }
    const name = cronJobName(cj.metadata.name, scheduled);
    const active = (status.activeJobs ??= []);
    if (active.some((a) => a.name === name) || lastSchedule === scheduled) return;
    const policy = String(spec.concurrencyPolicy ?? 'Allow');
    if (policy === 'Forbid' && active.length > 0) {
      ctx.event('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return;
    }
    if (policy === 'Replace') {
      for (const a of [...active]) {
        const job = ctx.objects.find((o) => o.metadata.uid === a.uid);
        if (job) {
          await ctx.deleteObject(job);
          ctx.event('Normal', 'SuccessfulDelete', `Deleted job ${a.name}`);
        }
        active.splice(active.indexOf(a), 1);
      }
    }
    const template = (spec.jobTemplate ?? {}) as Obj;
    const meta = (template.metadata ?? {}) as Obj;
    const { object: job, created } = await ctx.createObject({
      kind: 'Job',
      apiVersion: 'batch/v1',
      name,
      labels: { ...((meta.labels ?? {}) as Record<string, string>) },
      annotations: { ...((meta.annotations ?? {}) as Record<string, string>), 'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduledTimestamp(scheduled, zone) },
      body: { spec: structuredClone((template.spec ?? {}) as Obj) },
    });
    if (!created) {
      // Made by someone else: theirs to look after. Ours but not listed (a pass cut short): listed now.
      const ours = job.metadata.ownerReferences?.some((r) => r.uid === cj.metadata.uid && r.controller);
      if (!ours || active.some((a) => a.uid === job.metadata.uid)) return;
    } else {
      ctx.event('Normal', 'SuccessfulCreate', `Created job ${name}`);
    }
    active.push({ name, uid: job.metadata.uid });
    status.times = { ...status.times, lastSchedule: scheduled };
  },
};
