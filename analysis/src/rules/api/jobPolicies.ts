// A Job's podFailurePolicy and the index lists of its successPolicy, as
// pkg/apis/batch/validation/validation.go reads them (validatePodFailurePolicy,
// validatePodFailurePolicyRule, validatePodFailurePolicyRuleOnExitCodes,
// validatePodFailurePolicyRuleOnPodConditions, validatePodReplacementPolicy, validateIndexesFormat).
// The enums (action, operator) and the required fields (action, operator, values, type) are the
// schema's; an onPodConditions status left out defaults to True.
import type { Report } from '../../rule';
import type { Segment } from '../../types';
import { qualifiedNameProblem } from './invalidLabel';
import { isObject, isSet, listOf, q, str } from './support';

const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;

function containerNames(spec: Record<string, unknown>): Set<string> {
  const template = isObject(spec.template) ? spec.template : {};
  const podSpec = isObject(template.spec) ? template.spec : {};
  const names = new Set<string>();
  for (const key of ['containers', 'initContainers']) {
    for (const c of listOf(podSpec[key])) if (isObject(c) && typeof c.name === 'string') names.add(c.name);
  }
  return names;
}

function exitCodeProblems(req: Record<string, unknown>, path: Segment[], names: Set<string>, out: Report[]): void {
  const container = str(req, 'containerName');
  if (container !== undefined && !names.has(container)) {
    out.push({ path: [...path, 'containerName'], message: `containerName ${q(container)} must be one of the template's containers or init containers.` });
  }
  if (!Array.isArray(req.values)) return;
  const values = req.values;
  if (values.length === 0) {
    out.push({ path: [...path, 'values'], anchor: 'key', message: 'onExitCodes needs at least one value.' });
    return;
  }
  if (values.length > MAX_EXIT_CODES) out.push({ path: [...path, 'values'], anchor: 'key', message: `onExitCodes may have at most ${MAX_EXIT_CODES} values, not ${values.length}.` });
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (typeof v !== 'number') return;
    if (req.operator === 'In' && v === 0) out.push({ path: [...path, 'values', j], message: 'Exit code 0 cannot be used with the In operator: a pod that succeeded is not a failure.' });
    if (seen.has(v)) out.push({ path: [...path, 'values', j], message: `Duplicate exit code ${v}.` });
    seen.add(v);
    const prev = values[j - 1];
    if (j > 0 && typeof prev === 'number' && prev > v) ordered = false;
  });
  if (!ordered) out.push({ path: [...path, 'values'], anchor: 'key', message: 'onExitCodes values must be in increasing order.' });
}

function conditionProblems(patterns: unknown[], path: Segment[], out: Report[]): void {
  if (patterns.length > MAX_CONDITION_PATTERNS) out.push({ path, anchor: 'key', message: `onPodConditions may have at most ${MAX_CONDITION_PATTERNS} patterns, not ${patterns.length}.` });
  patterns.forEach((p, j) => {
    if (!isObject(p)) return;
    const type = str(p, 'type');
    const problem = type !== undefined ? qualifiedNameProblem(type) : null;
    if (type !== undefined && (type === '' || problem)) out.push({ path: [...path, j, 'type'], message: `Condition type ${q(type)} is not a valid qualified name${problem ? `: it ${problem}` : ''}.` });
    const status = p.status;
    if (typeof status === 'string' && !['True', 'False', 'Unknown'].includes(status)) {
      out.push({ path: [...path, j, 'status'], message: `status must be True, False or Unknown, not ${q(status)}.` });
    }
  });
}

/** The problems of a Job spec's podFailurePolicy (and of what it requires of the rest of the spec). */
export function podFailurePolicyProblems(spec: Record<string, unknown>, path: Segment[]): Report[] {
  const policy = spec.podFailurePolicy;
  if (!isObject(policy)) return [];
  const out: Report[] = [];
  const rulesPath = [...path, 'podFailurePolicy', 'rules'];
  const rules = listOf(policy.rules);
  if (rules.length > MAX_RULES) out.push({ path: rulesPath, anchor: 'key', message: `podFailurePolicy may have at most ${MAX_RULES} rules, not ${rules.length}.` });
  const names = containerNames(spec);
  rules.forEach((r, i) => {
    if (!isObject(r)) return;
    const rulePath = [...rulesPath, i];
    if (r.action === 'FailIndex' && !isSet(spec, 'backoffLimitPerIndex')) {
      out.push({ path: [...rulePath, 'action'], message: 'The FailIndex action requires backoffLimitPerIndex.' });
    }
    const onExitCodes = isObject(r.onExitCodes) ? r.onExitCodes : null;
    const conditions = listOf(r.onPodConditions);
    if (onExitCodes) exitCodeProblems(onExitCodes, [...rulePath, 'onExitCodes'], names, out);
    if (conditions.length > 0) conditionProblems(conditions, [...rulePath, 'onPodConditions'], out);
    if (onExitCodes && conditions.length > 0) {
      out.push({ path: [...rulePath, 'onPodConditions'], anchor: 'key', message: 'A rule takes onExitCodes or onPodConditions, not both.' });
    } else if (!onExitCodes && conditions.length === 0) {
      out.push({ path: [...rulePath, 'action'], anchor: 'key', message: 'A rule needs onExitCodes or onPodConditions.' });
    }
  });
  const template = isObject(spec.template) ? spec.template : {};
  const podSpec = isObject(template.spec) ? template.spec : {};
  if (podSpec.restartPolicy === 'OnFailure') {
    out.push({ path: [...path, 'template', 'spec', 'restartPolicy'], message: 'With a podFailurePolicy the pod template needs restartPolicy: Never: a restarted container never fails the pod.' });
  }
  const replacement = spec.podReplacementPolicy;
  if (typeof replacement === 'string' && replacement !== 'Failed' && replacement !== '') {
    out.push({ path: [...path, 'podReplacementPolicy'], message: `With a podFailurePolicy, podReplacementPolicy must be Failed, not ${q(replacement)}.` });
  }
  return out;
}

/**
 * validateIndexesFormat: `1,3-5,7`, increasing, each below `completions`. The number of indexes, or
 * why the text is not such a list.
 */
export function parseIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) return `has ${q(interval)}: an interval has at most two parts separated by '-'`;
    const [x, y] = parts.map((p) => (/^\+?\d+$/.test(p) ? Number(p) : NaN));
    if (Number.isNaN(x)) return `has ${q(parts[0])}, which is not an index`;
    if (x >= completions) return `has index ${x}, which is not below completions (${completions})`;
    if (last !== undefined && last >= x) return `is not in increasing order (${x} after ${last})`;
    total += 1;
    last = x;
    if (parts.length === 2) {
      if (Number.isNaN(y)) return `has ${q(parts[1])}, which is not an index`;
      if (y >= completions) return `has index ${y}, which is not below completions (${completions})`;
      if (last >= y) return `is not in increasing order (${y} after ${last})`;
      total += y - x;
      last = y;
    }
  }
  return total;
}
