// Jobs, as pkg/controller/job runs them: up to `parallelism` pods at a time until `completions` of
// them succeeded (an Indexed Job: one success per index 0..completions-1), failed pods replaced after
// a back-off (10 s doubling), the Job Failed once more pods failed than backoffLimit allows
// (BackoffLimitExceeded), once activeDeadlineSeconds passed (DeadlineExceeded) or when a
// podFailurePolicy rule says FailJob (PodFailurePolicy). A suspended Job has no pods. Finished pods
// stay, as upstream keeps them, until the Job goes; ttlSecondsAfterFinished deletes the Job that
// long after it finished (the ttlafterfinished controller). Each pod is counted once, by uid, in the
// status (upstream's tracking finalizers and uncountedTerminatedPods): a finished pod removed later
// still counts, and one deleted while running by anyone but this controller counts as failed.
import { generateName } from '../names';
import type { PodStatus } from '../status';
import { isActive, isReady, type Controller, type ControllerContext, type Obj, type PodRequest } from './controller';
import { backoffRemaining, completionIndex, COMPLETION_INDEX_ENV, finishedAt, JOB_BACKOFF, jobSpec, jobSpecProblems, jobUpdateProblems, LABELS, matchFailurePolicy, nextBackoffRecord, pastBackoffLimitOnFailure, pendingIndexes, podPrefix, type JobSpec } from './jobLogic';
import { conditionOf, setCondition, type ObjectStatus, type TrackedPod } from './objectStatus';
import type { StoredObject } from './records';

/** Complete or Failed, as IsJobFinished reads the conditions. */
export function jobFinished(status: ObjectStatus | undefined): 'Complete' | 'Failed' | undefined {
  if (conditionOf(status, 'Complete')?.status === 'True') return 'Complete';
  if (conditionOf(status, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

/** The pod a Job asks for: its template, labelled for the Job, and for an Indexed Job its index. */
export function jobPodRequest(job: StoredObject, index?: number): PodRequest {
  const template = ((job.body.spec ?? {}) as Obj).template as Obj | undefined;
  const meta = (template?.metadata ?? {}) as Obj;
  const name = job.metadata.name;
  const uid = job.metadata.uid;
  // The labels the API server's defaulting puts on a Job's template (pkg/registry/batch/job/strategy.go).
  const labels: Record<string, string> = { ...((meta.labels ?? {}) as Record<string, string>), [LABELS.controllerUid]: uid, [LABELS.jobName]: name, [LABELS.legacyControllerUid]: uid, [LABELS.legacyJobName]: name };
  const annotations: Record<string, string> = { ...((meta.annotations ?? {}) as Record<string, string>) };
  const spec = structuredClone((template?.spec ?? {}) as Obj);
  if (index !== undefined) {
    annotations[LABELS.completionIndex] = String(index);
    labels[LABELS.completionIndex] = String(index);
    spec.hostname = `${name}-${index}`;
    // Each container reads the index through the downward API (addCompletionIndexEnvVariables).
    for (const key of ['initContainers', 'containers']) {
      for (const c of (Array.isArray(spec[key]) ? spec[key] : []) as Obj[]) {
        const env = (Array.isArray(c.env) ? c.env : []) as Obj[];
        if (env.some((e) => e.name === COMPLETION_INDEX_ENV)) continue;
        c.env = [...env, { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${LABELS.completionIndex}']` } } }];
      }
    }
  }
  const prefix = podPrefix(name, index);
  return { name: generateName(prefix), generateName: prefix, labels, annotations, spec, specPath: 'spec.template.spec' };
}

interface Counted {
  succeeded: number;
  failed: number;
  /** Indexed: the indexes done. */
  done: Set<number>;
  /** A FailJob rule matched: its message. */
  failJob?: string;
}

/** Counts the pods that finished since the last pass, once each, and the running ones that vanished. */
function track(ctx: ControllerContext, spec: JobSpec): Counted & { newSucceeded: number[]; newFailed: number[] } {
  const tracked = (ctx.status.trackedPods ??= {});
  const newSucceeded: number[] = [];
  const newFailed: number[] = [];
  let failJob: string | undefined;
  const listed = new Set<string>();
  for (const p of ctx.pods) {
    if (p.uid.startsWith('pending:')) continue;
    listed.add(p.uid);
    const seen = tracked[p.uid];
    // Counted already, or deleted by this controller (it may fail as it is killed: not a failure).
    if (seen && (seen.phase !== 'Active' || seen.deleted)) continue;
    const index = completionIndex(p);
    if (p.phase === 'Succeeded') {
      const at = finishedAt(p, ctx.now);
      tracked[p.uid] = { name: p.name, phase: 'Succeeded', index, at };
      newSucceeded.push(at);
    } else if (p.phase === 'Failed') {
      const at = finishedAt(p, ctx.now);
      const match = spec.podFailurePolicy ? matchFailurePolicy(spec.podFailurePolicy, p) : undefined;
      if (match?.action === 'FailJob') failJob ??= match.message;
      const counted = match?.action !== 'Ignore';
      tracked[p.uid] = { name: p.name, phase: 'Failed', index, at, counted };
      // Ignored or not, a failure delays the replacement (getNewFinishedPods feeds the back-off all of them).
      newFailed.push(at);
    } else if (p.terminating && !spec.replaceOnlyFailed) {
      // Being deleted by someone else: failed already (isPodFailed counts a deletionTimestamp),
      // unless podReplacementPolicy Failed waits for its phase.
      tracked[p.uid] = { name: p.name, phase: 'Failed', index, at: ctx.now, counted: true };
      newFailed.push(ctx.now);
    } else if (!seen) {
      tracked[p.uid] = { name: p.name, phase: 'Active', index };
    }
  }
  for (const [uid, t] of Object.entries(tracked)) {
    if (t.phase !== 'Active' || listed.has(uid)) continue;
    if (t.deleted) {
      delete tracked[uid];
      continue;
    }
    // Deleted while it ran, by someone else: a failure, as upstream counts a pod deleted before it finished.
    tracked[uid] = { ...t, phase: 'Failed', at: ctx.now, counted: true };
    newFailed.push(ctx.now);
  }
  const all = Object.values(tracked);
  const done = new Set(all.filter((t) => t.phase === 'Succeeded' && t.index !== undefined && t.index < (spec.completions ?? 0)).map((t) => t.index as number));
  return {
    succeeded: spec.indexed ? done.size : all.filter((t) => t.phase === 'Succeeded').length,
    failed: all.filter((t) => t.phase === 'Failed' && t.counted).length,
    done,
    failJob,
    newSucceeded,
    newFailed,
  };
}

function deletePods(ctx: ControllerContext, pods: readonly PodStatus[]): void {
  const tracked = (ctx.status.trackedPods ??= {});
  for (const p of pods) {
    if (tracked[p.uid]) tracked[p.uid] = { ...tracked[p.uid], deleted: true } as TrackedPod;
    ctx.deletePod(p);
    if (!p.uid.startsWith('pending:')) ctx.event('Normal', 'SuccessfulDelete', `Deleted pod: ${p.name}`);
  }
}

function finish(ctx: ControllerContext, type: 'Complete' | 'Failed', reason: string, message: string): void {
  const status = ctx.status;
  setCondition(status, { type, status: 'True', reason, message }, ctx.now);
  status.times = { ...status.times, finished: ctx.now, ...(type === 'Complete' ? { completion: ctx.now } : {}) };
  if (type === 'Complete') ctx.event('Normal', 'Completed', 'Job completed');
  else ctx.event('Warning', reason, message);
}

/** The ttlafterfinished controller's part: the Job goes ttlSecondsAfterFinished after it finished. */
async function expire(job: StoredObject, ctx: ControllerContext, spec: JobSpec): Promise<void> {
  const finished = ctx.status.times?.finished;
  if (spec.ttlSecondsAfterFinished === undefined || finished === undefined) return;
  const at = finished + spec.ttlSecondsAfterFinished * 1000;
  if (ctx.now >= at) await ctx.deleteObject(job);
  else ctx.wakeAt(at);
}

export const jobController: Controller = {
  kind: 'Job',
  refuse(value: Obj, current: StoredObject | undefined) {
    const spec = (value.spec ?? {}) as Obj;
    return [...jobSpecProblems(spec, 'spec'), ...(current ? jobUpdateProblems(spec, (current.body.spec ?? {}) as Obj) : [])];
  },
  async sync(job: StoredObject, ctx: ControllerContext) {
    const spec = jobSpec((job.body.spec ?? {}) as Obj);
    const status = ctx.status;
    const active = ctx.pods.filter(isActive);
    if (jobFinished(status)) {
      // Pods asked to go when it finished and still there (a pass that ended early) go now.
      deletePods(ctx, active);
      await expire(job, ctx, spec);
      return;
    }
    const counted = track(ctx, spec);
    const record = nextBackoffRecord({ failuresAfterLastSuccess: status.counters?.failuresAfterLastSuccess ?? 0, lastFailureTime: status.times?.lastFailure }, counted.newSucceeded, counted.newFailed);
    status.counters = { ...status.counters, failuresAfterLastSuccess: record.failuresAfterLastSuccess };
    const { lastFailure: _previous, ...times } = status.times ?? {};
    void _previous;
    status.times = record.lastFailureTime === undefined ? times : { ...times, lastFailure: record.lastFailureTime };

    // Suspended: no pods, and the deadline does not run (startTime is reset when it resumes).
    const suspended = conditionOf(status, 'Suspended')?.status === 'True';
    if (spec.suspend) {
      deletePods(ctx, active);
      if (setCondition(status, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, ctx.now)) ctx.event('Normal', 'Suspended', 'Job suspended');
      writeCounters(ctx, counted, 0, 0);
      return;
    }
    if (suspended) {
      setCondition(status, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, ctx.now);
      ctx.event('Normal', 'Resumed', 'Job resumed');
      status.times = { ...status.times, start: ctx.now };
    }
    if (status.times?.start === undefined) status.times = { ...status.times, start: ctx.now };
    const start = status.times.start as number;

    const deadline = spec.activeDeadlineSeconds !== undefined ? start + spec.activeDeadlineSeconds * 1000 : undefined;
    let failure: [string, string] | undefined;
    if (counted.failJob) failure = ['PodFailurePolicy', counted.failJob];
    else if (counted.failed > spec.backoffLimit || pastBackoffLimitOnFailure(spec, active)) failure = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
    else if (deadline !== undefined && ctx.now >= deadline) failure = ['DeadlineExceeded', 'Job was active longer than specified deadline'];
    if (failure) {
      deletePods(ctx, active);
      finish(ctx, 'Failed', ...failure);
      writeCounters(ctx, counted, 0, 0);
      await expire(job, ctx, spec);
      return;
    }
    if (deadline !== undefined) ctx.wakeAt(deadline);

    const remaining = manage(job, ctx, spec, counted, active);
    const done = spec.completions === undefined ? counted.succeeded > 0 && remaining === 0 : counted.succeeded >= spec.completions && remaining === 0;
    writeCounters(ctx, counted, remaining, active.filter(isReady).length);
    if (done) {
      finish(ctx, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
      await expire(job, ctx, spec);
    }
  },
};

/**
 * manageJob: deletes the pods beyond what is wanted (an Indexed Job's pods of indexes done or taken
 * twice too), creates the missing ones once the back-off allows it; returns how many pods are
 * active now, those just asked for included.
 */
function manage(job: StoredObject, ctx: ControllerContext, spec: JobSpec, counted: Counted, active: PodStatus[]): number {
  let keep = active;
  if (spec.indexed) {
    const seen = new Set<number>();
    const extra: PodStatus[] = [];
    for (const p of active) {
      const i = completionIndex(p);
      if (i === undefined || i >= (spec.completions ?? 0) || counted.done.has(i) || seen.has(i)) extra.push(p);
      else seen.add(i);
    }
    deletePods(ctx, extra);
    keep = active.filter((p) => !extra.includes(p));
  }
  let want: number;
  if (spec.completions === undefined) want = counted.succeeded > 0 ? keep.length : spec.parallelism;
  else want = Math.max(0, Math.min(spec.parallelism, spec.completions - counted.succeeded));
  if (keep.length > want) {
    // Newest first, as activePodsForRemoval ranks them (not ready and newer go first).
    const victims = [...keep].sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || b.name.localeCompare(a.name)).slice(0, keep.length - want);
    deletePods(ctx, victims);
    keep = keep.filter((p) => !victims.includes(p));
  }
  // With podReplacementPolicy Failed, a pod still terminating holds its place until it is gone.
  const holding = spec.replaceOnlyFailed ? ctx.pods.filter((p) => p.terminating).length : 0;
  const missing = want - keep.length - holding;
  if (missing <= 0) return keep.length;
  const wait = backoffRemaining({ failuresAfterLastSuccess: ctx.status.counters?.failuresAfterLastSuccess ?? 0, lastFailureTime: ctx.status.times?.lastFailure }, ctx.now, ctx.options.jobBackoff ?? JOB_BACKOFF);
  if (wait > 0) {
    ctx.wakeAt(ctx.now + wait);
    return keep.length;
  }
  let created = 0;
  if (spec.indexed) {
    const taken = new Set(keep.map(completionIndex).filter((i): i is number => i !== undefined));
    for (const i of pendingIndexes(spec.completions ?? 0, counted.done, taken, missing)) {
      ctx.createPod(jobPodRequest(job, i));
      created++;
    }
  } else {
    for (; created < missing; created++) ctx.createPod(jobPodRequest(job));
  }
  return keep.length + created;
}

/** .status's counts, as `kubectl describe job` shows them: active, ready, succeeded, failed. */
function writeCounters(ctx: ControllerContext, counted: Counted, active: number, ready: number): void {
  ctx.status.counters = { ...ctx.status.counters, active, ready, succeeded: counted.succeeded, failed: counted.failed };
}
