// Pod-level fields (pkg/apis/core/validation/validation.go, ValidatePodSpec, and warnings from
// pkg/api/pod/warnings.go, warningsForPodSpecAndMeta):
// - activeDeadlineSeconds between 1 and 2^31-1 (error);
// - on a Pod, nodeName together with schedulingGates (ValidatePodCreate: "cannot be set until all
//   schedulingGates have been cleared") (error);
// - a negative terminationGracePeriodSeconds is accepted and treated as 1 (warning);
// - duplicate imagePullSecrets names and an empty one (warnings);
// - duplicate hostAliases IPs (warning);
// - a topology spread constraint or pod (anti-)affinity term without labelSelector, which matches no
//   pod (warning);
// - ValidateHostAliases: each ip an IP address (error); validateReadinessGates and
//   validateSchedulingGates: qualified names, gates unique (error).
import type { PodContext, PodRule } from '../../rule';
import { isIP } from 'node:net';
import type { Segment } from '../../types';
import { qualifiedNameProblem } from './invalidLabel';
import { removeSeqItem, replaceScalar } from './edits';
import { isObject, isSet, listOf, num, objAt, q, str } from './support';

export const ID = 'pod-fields';

const MAX_INT32 = 2147483647;

function nullSelector(ctx: PodContext, item: unknown, path: Segment[], what: string): void {
  if (isObject(item) && !isSet(item, 'labelSelector')) {
    ctx.report({
      path,
      anchor: 'key',
      severity: 'warning',
      message: `This ${what} has no labelSelector, so it matches no pod: add one (an empty labelSelector: {} matches all).`,
    });
  }
}

function checkSelectors(ctx: PodContext): void {
  listOf(ctx.spec.topologySpreadConstraints).forEach((c, i) => nullSelector(ctx, c, ctx.at('topologySpreadConstraints', i), 'topology spread constraint'));
  const affinity = objAt(ctx.spec, 'affinity') ?? {};
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = objAt(affinity, kind);
    if (!a) continue;
    listOf(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      nullSelector(ctx, t, ctx.at('affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution', i), `${kind} term`),
    );
    listOf(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (isObject(t)) nullSelector(ctx, t.podAffinityTerm, ctx.at('affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'), `${kind} term`);
    });
  }
}

function checkGates(ctx: PodContext): void {
  listOf(ctx.spec.readinessGates).forEach((g, i) => {
    const type = isObject(g) ? str(g, 'conditionType') : undefined;
    const problem = type !== undefined ? qualifiedNameProblem(type) : null;
    if (problem) ctx.report({ path: ctx.at('readinessGates', i, 'conditionType'), message: `conditionType ${q(type)} is not a valid condition name: it ${problem}.` });
  });
  const seen = new Map<string, number>();
  listOf(ctx.spec.schedulingGates).forEach((g, i) => {
    const name = isObject(g) ? str(g, 'name') : undefined;
    if (name === undefined) return;
    const problem = qualifiedNameProblem(name);
    if (problem) ctx.report({ path: ctx.at('schedulingGates', i, 'name'), message: `Scheduling gate ${q(name)} is not a valid name: it ${problem}.` });
    const first = seen.get(name);
    if (first !== undefined) {
      ctx.report({
        path: ctx.at('schedulingGates', i, 'name'),
        message: `Scheduling gate ${q(name)} is listed twice.`,
        related: [{ path: ctx.at('schedulingGates', first, 'name'), message: 'first listed here' }],
      });
    } else seen.set(name, i);
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'activeDeadlineSeconds out of range, bad hostAliases IPs or gate names; (warnings) a negative grace period, duplicate imagePullSecrets or hostAliases, a term without labelSelector.',
  check(ctx) {
    checkSelectors(ctx);
    const deadline = num(ctx.spec, 'activeDeadlineSeconds');
    if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32 || !Number.isInteger(deadline))) {
      ctx.report({
        path: ctx.at('activeDeadlineSeconds'),
        message: `activeDeadlineSeconds ${deadline} must be between 1 and ${MAX_INT32}; leave it out for no deadline.`,
      });
    }
    if (!ctx.pod.isTemplate && typeof ctx.spec.nodeName === 'string' && ctx.spec.nodeName !== '' && listOf(ctx.spec.schedulingGates).length > 0) {
      ctx.report({
        path: ctx.at('nodeName'),
        anchor: 'key',
        message: 'nodeName cannot be set while the pod has schedulingGates: a gated pod is not scheduled yet.',
        related: [{ path: ctx.at('schedulingGates'), anchor: 'key', message: 'schedulingGates set here' }],
      });
    }
    const grace = num(ctx.spec, 'terminationGracePeriodSeconds');
    if (grace !== undefined && grace < 0) {
      const edit = replaceScalar(ctx, ctx.at('terminationGracePeriodSeconds'), '1');
      ctx.report({
        path: ctx.at('terminationGracePeriodSeconds'),
        severity: 'warning',
        message: `terminationGracePeriodSeconds ${grace} is negative: the API server treats it as 1. Use 0 or more.`,
        fixes: edit ? [{ title: 'Set it to 1 (what it means now)', edits: [edit], preferred: true }] : undefined,
      });
    }
    const secrets = new Map<string, number>();
    listOf(ctx.spec.imagePullSecrets).forEach((s, i) => {
      if (!isObject(s)) return;
      const name = str(s, 'name') ?? (s.name === undefined || s.name === null ? '' : undefined);
      if (name === undefined) return;
      if (name === '') {
        ctx.report({ path: ctx.at('imagePullSecrets', i), anchor: 'key', severity: 'warning', message: 'imagePullSecrets entry has an empty name: it refers to no Secret.' });
        return;
      }
      const first = secrets.get(name);
      if (first === undefined) {
        secrets.set(name, i);
        return;
      }
      const edit = removeSeqItem(ctx, ctx.at('imagePullSecrets'), i);
      ctx.report({
        path: ctx.at('imagePullSecrets', i, 'name'),
        severity: 'warning',
        message: `imagePullSecrets lists ${q(name)} twice.`,
        related: [{ path: ctx.at('imagePullSecrets', first, 'name'), message: `${q(name)} first listed here` }],
        fixes: edit ? [{ title: 'Remove the duplicate', edits: [edit], preferred: true }] : undefined,
      });
    });
    checkGates(ctx);
    const ips = new Map<string, number>();
    listOf(ctx.spec.hostAliases).forEach((a, i) => {
      const ip = isObject(a) ? str(a, 'ip') : undefined;
      if (ip === undefined) return;
      if (isIP(ip) === 0) {
        ctx.report({ path: ctx.at('hostAliases', i, 'ip'), message: `hostAliases ip ${q(ip)} must be an IP address.` });
        return;
      }
      const first = ips.get(ip);
      if (first === undefined) {
        ips.set(ip, i);
        return;
      }
      ctx.report({
        path: ctx.at('hostAliases', i, 'ip'),
        severity: 'warning',
        message: `hostAliases lists the IP ${q(ip)} twice: put all its hostnames in one entry.`,
        related: [{ path: ctx.at('hostAliases', first, 'ip'), message: `${q(ip)} first listed here` }],
      });
    });
  },
};
