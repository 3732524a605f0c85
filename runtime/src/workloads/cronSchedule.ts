// The CronJob controller's arithmetic (pkg/controller/cronjob/utils.go), as plain functions: which
// scheduled time is due now, how a Job made for it is named and annotated, and which finished Jobs
// the history limits remove. Schedules are parsed and stepped by the analysis' cron module, the
// parser the API server validates with.
import { nextRun, type CronSchedule } from '../../../analysis/src';

export type Missed = 'none' | 'few' | 'many';

/**
 * The most recent scheduled time in (earliest, now] (mostRecentScheduleTime): undefined when none is
 * due. Like upstream, it estimates how many times were missed from the interval between the next two
 * runs, so that a CronJob left alone for a year costs a few steps, not half a million; more than 100
 * missed is `many` (the TooManyMissedTimes warning).
 */
export function mostRecentScheduleTime(schedule: CronSchedule, earliest: number, now: number, zone?: string): { time?: number; missed: Missed } {
  const t1 = nextRun(schedule, earliest, zone);
  if (t1 === undefined || now < t1) return { missed: 'none' };
  const t2 = nextRun(schedule, t1, zone);
  if (t2 === undefined || now < t2) return { time: t1, missed: 'none' };
  const interval = Math.round((t2 - t1) / 1000);
  if (interval < 1) return { missed: 'none' };
  const missedCount = Math.floor((now - t1) / 1000 / interval) + 1;
  // One interval back from the estimate, so that uneven schedules (`30 6-16/4 * * 1-5`) are stepped right.
  let time = lastBefore(schedule, t1 + (missedCount - 2) * interval * 1000, now, zone);
  // Over a gap longer than the first interval (that schedule over a weekend) the estimate lands
  // past the last run, and upstream finds none; looking back twice as far each time finds it.
  for (let back = interval * 1000; time === undefined; back *= 2) {
    const from = Math.max(earliest, now - back);
    time = lastBefore(schedule, from, now, zone);
    if (from === earliest) break;
  }
  return { time, missed: missedCount > 100 ? 'many' : 'few' };
}

/** The last run in (from, now], stepping from `from`. */
function lastBefore(schedule: CronSchedule, from: number, now: number, zone: string | undefined): number | undefined {
  let time: number | undefined;
  for (let t = nextRun(schedule, from, zone); t !== undefined && t <= now; t = nextRun(schedule, t, zone)) time = t;
  return time;
}

/** `<cronjob>-<scheduled time in minutes since the epoch>` (getJobName): the name is the lock against making a Job twice. */
export function cronJobName(cronJob: string, scheduledMs: number): string {
  return `${cronJob}-${Math.floor(scheduledMs / 60_000)}`;
}

/**
 * The scheduled time as the batch.kubernetes.io/cronjob-scheduled-timestamp annotation writes it:
 * RFC 3339 in the CronJob's time zone (the local one when it has none).
 */
export function scheduledTimestamp(ms: number, zone?: string): string {
  const d = new Date(ms);
  let offsetMinutes: number;
  if (zone) {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  } else {
    offsetMinutes = -d.getTimezoneOffset();
  }
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface FinishedJob {
  uid: string;
  name: string;
  result: 'Complete' | 'Failed';
  /** status.startTime, epoch ms. */
  start?: number;
}

/**
 * The finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit, oldest first
 * (cleanupFinishedJobs, removeOldestJobs: by start time, those without one last, then by name).
 */
export function historyToDelete(jobs: readonly FinishedJob[], successfulLimit: number, failedLimit: number): FinishedJob[] {
  const byStart = (a: FinishedJob, b: FinishedJob) => {
    if (a.start === undefined || b.start === undefined) return a.start === b.start ? a.name.localeCompare(b.name) : a.start === undefined ? 1 : -1;
    return a.start - b.start || a.name.localeCompare(b.name);
  };
  const oldest = (result: FinishedJob['result'], limit: number) => {
    const of = jobs.filter((j) => j.result === result).sort(byStart);
    return of.slice(0, Math.max(0, of.length - limit));
  };
  return [...oldest('Complete', successfulLimit), ...oldest('Failed', failedLimit)];
}
