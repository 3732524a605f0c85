// The Job controller's arithmetic and rules, as plain functions (pkg/controller/job): the spec with
// its defaults, pod names, the back-off before a failed pod is replaced, podFailurePolicy matching,
// restarts counted against backoffLimit with OnFailure, completed indexes as intervals, and what
// the API server's validation (pkg/apis/batch/validation) or this runtime refuses in a JobSpec.
import type { BackoffOptions } from '../backoff';
import { MAX_GENERATED_PREFIX } from '../names';
import type { PlanProblem } from '../plan';
import type { PodStatus } from '../status';
import type { Obj } from './controller';
import { digest } from './replicas';

/**
 * The Job controller's delay before a failed pod is replaced: 10 s (DefaultJobPodFailureBackOff),
 * doubling with each failure since the last success, at most 6 minutes, as the Job documentation
 * states it. (pkg/controller/job/job_controller.go's MaxJobPodFailureBackOff is 10 minutes today; the
 * two differ only from the 7th consecutive failure on, past the default backoffLimit of 6.)
 */
export const JOB_BACKOFF: BackoffOptions = { initialMs: 10_000, maxMs: 360_000 };

export const LABELS = {
  jobName: 'batch.kubernetes.io/job-name',
  legacyJobName: 'job-name',
  controllerUid: 'batch.kubernetes.io/controller-uid',
  legacyControllerUid: 'controller-uid',
  /** Label and annotation of an Indexed Job's pods. */
  completionIndex: 'batch.kubernetes.io/job-completion-index',
} as const;

export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface JobSpec {
  parallelism: number;
  /** Undefined: a work queue (parallelism set, completions not): done once a pod succeeded and none runs. */
  completions: number | undefined;
  backoffLimit: number;
  indexed: boolean;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend: boolean;
  restartPolicy: string;
  podFailurePolicy?: Obj;
  /** Failed: a replacement waits until the deleted pod is gone; TerminatingOrFailed (the default without a podFailurePolicy): at once. */
  replaceOnlyFailed: boolean;
}

/** The JobSpec with the API server's defaults (SetDefaults_Job, pkg/apis/batch/v1/defaults.go). */
export function jobSpec(spec: Obj): JobSpec {
  const parallelism = num(spec.parallelism);
  let completions = num(spec.completions);
  // Both unset: one pod to complete. Only parallelism set: completions stays unset (a work queue).
  if (completions === undefined && parallelism === undefined) completions = 1;
  const podFailurePolicy = spec.podFailurePolicy ? obj(spec.podFailurePolicy) : undefined;
  return {
    parallelism: parallelism ?? 1,
    completions,
    backoffLimit: num(spec.backoffLimit) ?? 6,
    indexed: spec.completionMode === 'Indexed',
    activeDeadlineSeconds: num(spec.activeDeadlineSeconds),
    ttlSecondsAfterFinished: num(spec.ttlSecondsAfterFinished),
    suspend: spec.suspend === true,
    restartPolicy: String(obj(obj(spec.template).spec).restartPolicy ?? 'Always'),
    podFailurePolicy,
    replaceOnlyFailed: spec.podReplacementPolicy === 'Failed' || (spec.podReplacementPolicy === undefined && podFailurePolicy !== undefined),
  };
}

/**
 * The generateName of a Job's pods: `<job>-`, or `<job>-<index>-` for an Indexed Job, cut so that
 * the index survives (podGenerateNameWithIndex).
 */
export function podPrefix(job: string, index?: number): string {
  if (index === undefined) return `${job}-`;
  const append = `-${index}-`;
  const prefix = `${job}${append}`;
  return prefix.length > MAX_GENERATED_PREFIX ? prefix.slice(0, MAX_GENERATED_PREFIX - append.length) + append : prefix;
}

/** Consecutive failures since the last success, and when the last of them finished (backoffRecord). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/**
 * The record after a pass saw pods finish (newBackoffRecord): failures add up; a success resets the
 * count to the failures that finished after it.
 */
export function nextBackoffRecord(prev: BackoffRecord, succeededAt: number[], failedAt: number[]): BackoffRecord {
  const failed = [...failedAt].sort((a, b) => a - b);
  if (!succeededAt.length) {
    if (!failed.length) return prev;
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + failed.length, lastFailureTime: failed[failed.length - 1] };
  }
  const lastSuccess = Math.max(...succeededAt);
  const after = failed.filter((t) => t > lastSuccess);
  return after.length ? { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] } : { failuresAfterLastSuccess: 0 };
}

/** How long a replacement still waits (getRemainingTimeForFailuresCount): initial × 2^(failures-1), capped. */
export function backoffRemaining(record: BackoffRecord, now: number, o: BackoffOptions): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = o.initialMs;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= o.maxMs) {
      delay = o.maxMs;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return elapsed > delay ? 0 : delay - elapsed;
}

/**
 * With restartPolicy OnFailure, container restarts of pods still Pending or Running count as
 * retries (pastBackoffLimitOnFailure); a backoffLimit of 0 allows none.
 */
export function pastBackoffLimitOnFailure(spec: JobSpec, pods: readonly PodStatus[]): boolean {
  if (spec.restartPolicy !== 'OnFailure') return false;
  const restarts = pods.filter((p) => p.phase === 'Running' || p.phase === 'Pending').reduce((n, p) => n + p.containers.reduce((m, c) => m + c.restarts, 0), 0);
  return spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit;
}

export type FailureAction = 'FailJob' | 'Ignore' | 'Count';

/**
 * The podFailurePolicy rule a failed pod matches, first one wins (matchPodFailurePolicy): onExitCodes
 * on a terminated container (init or app, the named one if containerName is set) with a non-zero
 * exit code In or NotIn the values. onPodConditions rules only name DisruptionTarget here, which no
 * pod gets (nothing evicts or preempts): they never match.
 */
export function matchFailurePolicy(policy: Obj | undefined, pod: PodStatus): { action: FailureAction; message: string } | undefined {
  for (const [index, r] of list(policy?.rules).entries()) {
    const rule = obj(r);
    const action = String(rule.action) as FailureAction;
    const req = rule.onExitCodes ? obj(rule.onExitCodes) : undefined;
    if (!req) continue;
    const values = list(req.values).map(Number);
    const container = pod.containers.find((c) => {
      if (c.state !== 'terminated' || c.exitCode === undefined || c.exitCode === 0) return false;
      if (req.containerName !== undefined && req.containerName !== c.name) return false;
      return req.operator === 'In' ? values.includes(c.exitCode) : req.operator === 'NotIn' ? !values.includes(c.exitCode) : false;
    });
    if (container) {
      return { action, message: `Container ${container.name} for pod ${pod.namespace}/${pod.name} failed with exit code ${container.exitCode} matching ${action} rule at index ${index}` };
    }
  }
  return undefined;
}

/** When a finished pod finished: its last container's finishedAt, or `fallback`. */
export function finishedAt(pod: PodStatus, fallback: number): number {
  const times = pod.containers.map((c) => (c.finishedAt ? Date.parse(c.finishedAt) : NaN)).filter((t) => Number.isFinite(t));
  return times.length ? Math.max(...times) : fallback;
}

/** A pod's completion index, from its annotation (getCompletionIndex); undefined when absent or not a number. */
export function completionIndex(pod: { annotations: Record<string, string> }): number | undefined {
  const v = pod.annotations[LABELS.completionIndex];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Indexes as .status.completedIndexes writes them: `1,3-5,7`. */
export function formatIntervals(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** The lowest `count` indexes below `completions` that are neither done nor taken (firstPendingIndexes). */
export function pendingIndexes(completions: number, done: ReadonlySet<number>, taken: ReadonlySet<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!done.has(i) && !taken.has(i)) out.push(i);
  return out;
}

const invalid = (where: string, message: string): PlanProblem => ({ code: 'invalid', where, message });
const unsupported = (where: string, message: string): PlanProblem => ({ code: 'unsupported', where, message });

/**
 * What a JobSpec at `at` (`spec`, or a CronJob's `spec.jobTemplate.spec`) may not hold: what
 * ValidateJobSpec refuses, and what podwright does not run.
 */
export function jobSpecProblems(spec: Obj, at: string): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const restartPolicy = obj(obj(spec.template).spec).restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    problems.push(invalid(`${at}.template.spec.restartPolicy`, `Unsupported value: ${JSON.stringify(restartPolicy ?? 'Always')}: a Job's pods need restartPolicy "Never" or "OnFailure".`));
  }
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    problems.push(invalid(`${at}.completionMode`, `Unsupported value: ${JSON.stringify(spec.completionMode)}: supported values: "NonIndexed", "Indexed".`));
  }
  if (spec.completionMode === 'Indexed' && num(spec.completions) === undefined) {
    problems.push(invalid(`${at}.completions`, 'Required value: when completion mode is Indexed.'));
  }
  for (const field of ['successPolicy', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    if (spec[field] !== undefined && spec[field] !== null) problems.push(unsupported(`${at}.${field}`, `${field} is not supported by podwright's Job controller; remove it (backoffLimit, podFailurePolicy on exit codes and completions are).`));
  }
  if (spec.managedBy !== undefined && spec.managedBy !== 'kubernetes.io/job-controller') {
    problems.push(unsupported(`${at}.managedBy`, `this Job is left to the controller ${JSON.stringify(spec.managedBy)}, which does not run here; podwright runs Jobs of the built-in job controller.`));
  }
  if (spec.podReplacementPolicy !== undefined && spec.podReplacementPolicy !== 'Failed' && spec.podReplacementPolicy !== 'TerminatingOrFailed') {
    problems.push(invalid(`${at}.podReplacementPolicy`, `Unsupported value: ${JSON.stringify(spec.podReplacementPolicy)}: supported values: "Failed", "TerminatingOrFailed".`));
  }
  const policy = spec.podFailurePolicy;
  if (policy !== undefined && policy !== null) {
    if (restartPolicy !== 'Never') problems.push(invalid(`${at}.template.spec.restartPolicy`, `Invalid value: ${JSON.stringify(restartPolicy ?? 'Always')}: only "Never" is supported when podFailurePolicy is specified.`));
    for (const [i, r] of list(obj(policy).rules).entries()) {
      const rule = obj(r);
      const path = `${at}.podFailurePolicy.rules[${i}]`;
      if (!['FailJob', 'Ignore', 'Count'].includes(String(rule.action))) {
        problems.push(unsupported(`${path}.action`, `${JSON.stringify(rule.action)} is not supported by podwright (FailIndex needs backoffLimitPerIndex); use FailJob, Ignore or Count.`));
      }
      const codes = rule.onExitCodes ? obj(rule.onExitCodes) : undefined;
      if (codes && codes.operator !== 'In' && codes.operator !== 'NotIn') problems.push(invalid(`${path}.onExitCodes.operator`, `Unsupported value: ${JSON.stringify(codes.operator)}: supported values: "In", "NotIn".`));
      for (const [j, c] of list(rule.onPodConditions).entries()) {
        if (obj(c).type !== 'DisruptionTarget') {
          problems.push(unsupported(`${path}.onPodConditions[${j}].type`, `podwright gives failed pods no ${JSON.stringify(obj(c).type)} condition to match; rules on exit codes, and on DisruptionTarget (which nothing here sets), are supported.`));
        }
      }
    }
  }
  return problems;
}

/** Fields of a stored Job that an apply may not change (ValidateJobSpecUpdate: template, completionMode, completions). */
export function jobUpdateProblems(spec: Obj, current: Obj): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (digest(spec.template ?? {}) !== digest(current.template ?? {})) problems.push(invalid('spec.template', 'field is immutable: delete the Job and apply it again to change its pod template.'));
  for (const field of ['completionMode', 'completions']) {
    if (JSON.stringify(spec[field] ?? null) !== JSON.stringify(current[field] ?? null)) problems.push(invalid(`spec.${field}`, 'field is immutable.'));
  }
  return problems;
}
