// The fields of a CronJob outside its jobTemplate's spec, as pkg/apis/batch/validation/validation.go
// validates them on create (ValidateCronJobCreate, validateCronJobSpec):
// - metadata.name at most 52 characters: the controller names each Job `<name>-<11-digit time>`,
//   and a Job's name, a label value, is at most 63;
// - schedule required, parsed by robfig/cron's ParseStandard (validateScheduleFormat; the grammar
//   and macros are analysis/src/cron.ts), and no `TZ` anywhere in it ("cannot use TZ or CRON_TZ in
//   schedule, use timeZone field instead");
// - timeZone not empty, a zone time.LoadLocation finds and not `Local` (validateTimeZone);
// - startingDeadlineSeconds, successfulJobsHistoryLimit and failedJobsHistoryLimit not negative.
// The jobTemplate's spec is job-fields'; concurrencyPolicy's enum is the schema's.
import { closestMacro, isTimeZone, parseCron } from '../../cron';
import type { ObjectContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { replaceScalar } from './edits';
import { nonNegative, objectOf, specOf } from './objectFields';
import { isObject, isPlaceholder, q, str } from './support';

export const ID = 'cronjob-fields';

/** ValidateCronJobCreate: 63 (a label value) minus the 11 characters of the Job name's suffix. */
const MAX_NAME = 52;

function checkSchedule(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const path: Segment[] = ['spec', 'schedule'];
  const schedule = spec.schedule;
  if (schedule === '') {
    ctx.report({ path, message: 'schedule is required: a cron schedule such as "*/5 * * * *" or "@hourly".' });
    return;
  }
  if (typeof schedule !== 'string' || isPlaceholder(schedule)) return;
  const parsed = parseCron(schedule);
  if (!parsed.ok) {
    const macro = closestMacro(schedule);
    // Quoted: a plain scalar may not start with '@'.
    const edit = macro ? replaceScalar(ctx, path, JSON.stringify(macro)) : null;
    const fixes: Fix[] | undefined = edit ? [{ title: `Change to '${macro}'`, edits: [edit], preferred: true }] : undefined;
    ctx.report({ path, message: `schedule ${q(schedule)} is not a valid cron schedule: ${parsed.error}.`, fixes });
    return;
  }
  if (schedule.includes('TZ')) {
    ctx.report({ path, message: 'schedule cannot use TZ or CRON_TZ: use the timeZone field instead.' });
  }
}

function checkTimeZone(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const zone = spec.timeZone;
  if (typeof zone !== 'string' || isPlaceholder(zone)) return;
  const path: Segment[] = ['spec', 'timeZone'];
  if (zone === '') {
    ctx.report({ path, message: 'timeZone must be left out or a time zone name, not empty.' });
  } else if (zone.toLowerCase() === 'local') {
    ctx.report({ path, message: `timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones, not ${q(zone)}.` });
  } else if (!isTimeZone(zone)) {
    ctx.report({ path, message: `unknown time zone ${q(zone)}: use an IANA name such as 'Etc/UTC' or 'Europe/Paris' (the case matters).` });
  }
}

function checkName(ctx: ObjectContext): void {
  const meta = isObject(ctx.value.metadata) ? ctx.value.metadata : null;
  const name = meta ? str(meta, 'name') : undefined;
  if (name === undefined || isPlaceholder(name) || name.length <= MAX_NAME) return;
  ctx.report({
    path: ['metadata', 'name'],
    message: `A CronJob's name must be no more than ${MAX_NAME} characters (it has ${name.length}): its Jobs are named after it with an 11-character suffix.`,
  });
}

function checkObject(ctx: ObjectContext): void {
  const spec = objectOf(ctx, 'batch/v1', ['CronJob']) ? specOf(ctx.value) : null;
  if (!spec) return;
  checkName(ctx);
  checkSchedule(ctx, spec);
  checkTimeZone(ctx, spec);
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(ctx.report, spec, key, ['spec']);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A CronJob's schedule, time zone, deadline, history limits or name length that the API server rejects.",
  checkObject,
  check: () => undefined,
};
