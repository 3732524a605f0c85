// The fields of a Job's spec outside its pod template, and of a CronJob's jobTemplate.spec, as
// pkg/apis/batch/validation/validation.go validates them (validateJobSpec, ValidateJob,
// ValidateJobTemplateSpec), and the warning of pkg/api/job/warnings.go (WarningsForJobSpec):
// - parallelism, completions, activeDeadlineSeconds, backoffLimit, ttlSecondsAfterFinished,
//   backoffLimitPerIndex and maxFailedIndexes not negative;
// - maxFailedIndexes needs backoffLimitPerIndex; both need completionMode Indexed;
// - Indexed needs completions; its parallelism at most 100,000; maxFailedIndexes at most completions
//   and 100,000; above 100,000 completions with backoffLimitPerIndex, maxFailedIndexes is required and
//   parallelism and maxFailedIndexes are at most 10,000;
// - an Indexed Job's pods are named `<name>-<index>`: `<name>-<completions - 1>` must be a DNS label;
// - podFailurePolicy (validatePodFailurePolicy): at most 20 rules, each with an action (FailIndex
//   needs backoffLimitPerIndex) and exactly one of onExitCodes and onPodConditions; onExitCodes names
//   a container of the template, has 1 to 255 values, ordered, without duplicates and without 0 for
//   In; onPodConditions' status True, False or Unknown; and the template's restartPolicy must be Never;
// - podReplacementPolicy must be Failed with a podFailurePolicy;
// - successPolicy needs Indexed, 1 to 20 rules, each with succeededCount or succeededIndexes
//   (validateSuccessPolicy): indexes within completions, succeededCount at most completions and the
//   number of succeededIndexes;
// - managedBy (the JobManagedBy feature, beta and on from 1.32; before, the field is dropped): at
//   most 63 characters, a domain-prefixed path such as `kueue.x-k8s.io/multikueue`
//   (IsDomainPrefixedPath);
// - a Job's own selector: only with manualSelector: true (validateGeneratedSelector), and then
//   required (ValidateJobSpec); a CronJob's
//   jobTemplate takes neither a selector nor manualSelector: true.
import type { ObjectContext, PodRule, Report } from '../../rule';
import type { Segment } from '../../types';
import { int, nonNegative, objectOf, specOf } from './objectFields';
import { parseIndexes, podFailurePolicyProblems } from './jobPolicies';
import { dnsLabelProblem, dnsSubdomainProblem, isObject, isPlaceholder, isSet, listOf, minor, q, str } from './support';

export const ID = 'job-fields';

const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const LIMIT_FOR_HIGH_COMPLETIONS = 10_000;

function checkCounts(report: (r: Report) => void, spec: Record<string, unknown>, path: Segment[]): Set<string> {
  const bad = new Set<string>();
  for (const key of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    if (nonNegative(report, spec, key, path)) bad.add(key);
  }
  return bad;
}

function checkIndexed(report: (r: Report) => void, spec: Record<string, unknown>, path: Segment[]): void {
  const indexed = spec.completionMode === 'Indexed';
  const completions = int(spec, 'completions');
  const parallelism = int(spec, 'parallelism');
  const maxFailed = int(spec, 'maxFailedIndexes');
  if (isSet(spec, 'maxFailedIndexes') && !isSet(spec, 'backoffLimitPerIndex')) {
    report({ path: [...path, 'maxFailedIndexes'], apiPath: [...path, 'backoffLimitPerIndex'], anchor: 'key', message: 'maxFailedIndexes needs backoffLimitPerIndex.' });
  }
  if (!indexed) {
    for (const key of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isSet(spec, key)) report({ path: [...path, key], message: `${key} requires completionMode: Indexed.` });
    }
    if (isSet(spec, 'successPolicy')) report({ path: [...path, 'successPolicy'], anchor: 'key', message: 'successPolicy requires completionMode: Indexed.' });
    return;
  }
  if (!isSet(spec, 'completions')) {
    report({ path: [...path, 'completionMode'], apiPath: [...path, 'completions'], message: 'An Indexed Job needs completions: the indexes run from 0 to completions - 1.' });
  }
  if (parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
    report({ path: [...path, 'parallelism'], message: `parallelism must be at most ${MAX_INDEXED_PARALLELISM} in an Indexed Job.` });
  }
  if (maxFailed !== undefined && completions !== undefined && maxFailed > completions) {
    report({ path: [...path, 'maxFailedIndexes'], message: `maxFailedIndexes (${maxFailed}) must be at most completions (${completions}).` });
  } else if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) {
    report({ path: [...path, 'maxFailedIndexes'], message: `maxFailedIndexes must be at most ${MAX_FAILED_INDEXES}.` });
  }
  if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && isSet(spec, 'backoffLimitPerIndex')) {
    const why = `when completions are above ${COMPLETIONS_SOFT_LIMIT} with backoffLimitPerIndex`;
    if (!isSet(spec, 'maxFailedIndexes')) report({ path: [...path, 'completions'], apiPath: [...path, 'maxFailedIndexes'], message: `maxFailedIndexes is required ${why}.` });
    if (parallelism !== undefined && parallelism > LIMIT_FOR_HIGH_COMPLETIONS) report({ path: [...path, 'parallelism'], message: `parallelism must be at most ${LIMIT_FOR_HIGH_COMPLETIONS} ${why}.` });
    if (maxFailed !== undefined && maxFailed > LIMIT_FOR_HIGH_COMPLETIONS) report({ path: [...path, 'maxFailedIndexes'], message: `maxFailedIndexes must be at most ${LIMIT_FOR_HIGH_COMPLETIONS} ${why}.` });
  }
  if (completions !== undefined && parallelism !== undefined && completions > COMPLETIONS_SOFT_LIMIT && parallelism > LIMIT_FOR_HIGH_COMPLETIONS) {
    report({
      path: [...path, 'completionMode'],
      apiPath: path,
      severity: 'warning',
      message: 'With more than 10^5 completions and a parallelism above 10^4, Kubernetes might not be able to track completedIndexes when many indexes fail.',
    });
  }
}

function checkSuccessPolicy(report: (r: Report) => void, spec: Record<string, unknown>, path: Segment[]): void {
  const policy = spec.successPolicy;
  if (spec.completionMode !== 'Indexed' || !isObject(policy)) return;
  const rulesPath = [...path, 'successPolicy', 'rules'];
  const rules = listOf(policy.rules);
  if (rules.length === 0) {
    report({ path: rulesPath, anchor: 'key', message: 'successPolicy needs at least one rule.' });
    return;
  }
  if (rules.length > 20) report({ path: rulesPath, anchor: 'key', message: `successPolicy may have at most 20 rules, not ${rules.length}.` });
  const completions = int(spec, 'completions');
  rules.forEach((r, i) => {
    if (!isObject(r)) return;
    const rulePath = [...rulesPath, i];
    const count = int(r, 'succeededCount');
    const indexes = str(r, 'succeededIndexes');
    if (!isSet(r, 'succeededCount') && !isSet(r, 'succeededIndexes')) {
      report({ path: rulePath, message: 'A successPolicy rule needs succeededCount or succeededIndexes.' });
      return;
    }
    let total: number | undefined;
    if (indexes !== undefined && completions !== undefined && !isPlaceholder(indexes)) {
      const parsed = parseIndexes(indexes, completions);
      if (typeof parsed === 'string') report({ path: [...rulePath, 'succeededIndexes'], message: `succeededIndexes ${parsed}.` });
      else total = parsed;
    }
    if (count === undefined) return;
    if (nonNegative(report, r, 'succeededCount', rulePath)) return;
    if (completions !== undefined && count > completions) {
      report({ path: [...rulePath, 'succeededCount'], message: `succeededCount must be at most ${completions} (the number of completions).` });
    } else if (total !== undefined && count > total) {
      report({ path: [...rulePath, 'succeededCount'], message: `succeededCount must be at most ${total} (the number of indexes in succeededIndexes).` });
    }
  });
}

function checkSelector(report: (r: Report) => void, spec: Record<string, unknown>, path: Segment[], name: string | undefined, cronJob: boolean): void {
  if (cronJob) {
    if (isSet(spec, 'selector')) report({ path: [...path, 'selector'], anchor: 'key', message: "A CronJob's jobTemplate takes no selector: each Job's is generated." });
    if (spec.manualSelector === true) report({ path: [...path, 'manualSelector'], message: "A CronJob's jobTemplate cannot use manualSelector: true." });
    return;
  }
  const selector = spec.selector;
  // ValidateJobSpec: with manualSelector: true nothing generates the selector, so it is required.
  if (spec.manualSelector === true && !isSet(spec, 'selector')) {
    report({ path: [...path, 'manualSelector'], apiPath: [...path, 'selector'], message: 'With manualSelector: true the Job needs a selector matching its template\'s labels.' });
    return;
  }
  if (spec.manualSelector === true || !isObject(selector)) return;
  // The generated selector selects `controller-uid` and `job-name` (and their batch.kubernetes.io/
  // forms); a written one must match those labels, which only the API server's own values do.
  const generated = new Set(['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name']);
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const foreign =
    Object.entries(matchLabels).some(([k, v]) => !generated.has(k) || (k.endsWith('job-name') && name !== undefined && v !== name)) ||
    listOf(selector.matchExpressions).length > 0;
  if (foreign) {
    report({
      path: [...path, 'selector'],
      anchor: 'key',
      message: "A Job's selector is generated: set manualSelector: true to use your own, or remove selector.",
    });
  }
}

function checkIndexedName(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const meta = isObject(ctx.value.metadata) ? ctx.value.metadata : {};
  const name = str(meta, 'name');
  const completions = int(spec, 'completions');
  if (spec.completionMode !== 'Indexed' || !name || isPlaceholder(name) || completions === undefined || completions <= 0) return;
  const hostname = `${name}-${completions - 1}`;
  // A name that is no valid name at all is invalid-name's finding.
  if (dnsLabelProblem(hostname) && !dnsSubdomainProblem(name)) {
    ctx.report({ path: ['metadata', 'name'], message: `An Indexed Job's pods are named '${hostname}' for the last index, which is not a valid DNS label: shorten the name.` });
  }
}

/** Why `value` is not a domain-prefixed path (IsDomainPrefixedPath), or null. */
function domainPrefixedPathProblem(value: string): string | null {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return 'must be a domain-prefixed path (such as "acme.io/foo")';
  const host = dnsSubdomainProblem(value.slice(0, slash));
  if (host) return `has a domain that ${host}`;
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(value.slice(slash + 1))) return 'has a path with characters a URL path may not have';
  return null;
}

function checkManagedBy(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const value = str(spec, 'managedBy');
  if (value === undefined || isPlaceholder(value) || minor(ctx.kubernetesVersion) < 32) return;
  const problem = value.length > 63 ? 'must be no more than 63 characters' : domainPrefixedPathProblem(value);
  if (problem) ctx.report({ path: ['spec', 'managedBy'], message: `managedBy ${q(value)} is invalid: it ${problem}.` });
}

function checkObject(ctx: ObjectContext): void {
  const kind = objectOf(ctx, 'batch/v1', ['Job', 'CronJob']);
  const top = kind ? specOf(ctx.value) : null;
  if (!kind || !top) return;
  const cronJob = kind === 'CronJob';
  const path: Segment[] = cronJob ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
  const template = cronJob ? (isObject(top.jobTemplate) ? top.jobTemplate : null) : null;
  const spec = cronJob ? (template && isObject(template.spec) ? template.spec : null) : top;
  if (!spec) return;
  const bad = checkCounts(ctx.report, spec, path);
  checkIndexed(ctx.report, spec, path);
  if (!bad.has('completions')) checkSuccessPolicy(ctx.report, spec, path);
  for (const r of podFailurePolicyProblems(spec, path)) ctx.report(r);
  const meta = isObject(ctx.value.metadata) ? ctx.value.metadata : {};
  checkSelector(ctx.report, spec, path, str(meta, 'name'), cronJob);
  if (!cronJob && !bad.has('completions')) checkIndexedName(ctx, spec);
  if (!cronJob) checkManagedBy(ctx, spec);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A Job's (or CronJob's jobTemplate's) counts, Indexed settings, backoff per index, podFailurePolicy, successPolicy or selector that the API server rejects.",
  checkObject,
  check: () => undefined,
};
