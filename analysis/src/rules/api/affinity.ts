// Affinity and topology spread (pkg/apis/core/validation/validation.go):
// - ValidateNodeSelectorRequirement: In/NotIn need values, Exists/DoesNotExist take none, Gt/Lt take
//   exactly one; a required node affinity has at least one nodeSelectorTerm (ValidateNodeSelector);
// - ValidatePreferredSchedulingTerms and the weighted pod (anti-)affinity terms: weight 1–100;
// - validatePodAffinityTerm: topologyKey must not be empty;
// - validateTopologySpreadConstraints: maxSkew > 0, a topologyKey, minDomains > 0 and only with
//   whenUnsatisfiable DoNotSchedule, no two constraints with the same topologyKey and
//   whenUnsatisfiable.
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { isObject, listOf, num, objAt, q, str } from './support';

export const ID = 'affinity';

function checkRequirement(ctx: PodContext, path: Segment[], req: Record<string, unknown>): void {
  const op = str(req, 'operator');
  const values = Array.isArray(req.values) ? req.values : [];
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    ctx.report({ path: [...path, 'operator'], message: `Operator ${op} needs values.` });
  } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
    ctx.report({ path: [...path, 'values'], anchor: 'key', message: `Operator ${op} takes no values.` });
  } else if ((op === 'Gt' || op === 'Lt') && values.length !== 1) {
    ctx.report({ path: [...path, 'operator'], message: `Operator ${op} takes exactly one value, an integer.` });
  }
}

function checkTerm(ctx: PodContext, path: Segment[], term: unknown): void {
  if (!isObject(term)) return;
  listOf(term.matchExpressions).forEach((r, i) => {
    if (isObject(r)) checkRequirement(ctx, [...path, 'matchExpressions', i], r);
  });
}

function checkWeight(ctx: PodContext, path: Segment[], item: Record<string, unknown>): void {
  const w = num(item, 'weight');
  if (w !== undefined && (w < 1 || w > 100)) ctx.report({ path: [...path, 'weight'], message: `weight ${w} must be between 1 and 100.` });
}

function checkPodTerm(ctx: PodContext, path: Segment[], term: unknown): void {
  if (!isObject(term)) return;
  // A missing topologyKey is the schema's "required" finding; an empty one is ours.
  if (term.topologyKey === '') {
    ctx.report({ path: [...path, 'topologyKey'], message: 'A pod affinity term needs a topologyKey, such as kubernetes.io/hostname or topology.kubernetes.io/zone.' });
  }
}

function checkSpread(ctx: PodContext): void {
  const seen = new Map<string, number>();
  listOf(ctx.spec.topologySpreadConstraints).forEach((c, i) => {
    if (!isObject(c)) return;
    const path = ctx.at('topologySpreadConstraints', i);
    const maxSkew = num(c, 'maxSkew');
    if (maxSkew !== undefined && maxSkew <= 0) ctx.report({ path: [...path, 'maxSkew'], message: `maxSkew ${maxSkew} must be greater than zero.` });
    const when = str(c, 'whenUnsatisfiable');
    const minDomains = num(c, 'minDomains');
    if (minDomains !== undefined && minDomains <= 0) ctx.report({ path: [...path, 'minDomains'], message: `minDomains ${minDomains} must be greater than zero.` });
    else if (minDomains !== undefined && when !== 'DoNotSchedule') {
      ctx.report({ path: [...path, 'minDomains'], anchor: 'key', message: `minDomains can only be used with whenUnsatisfiable: DoNotSchedule${when ? `, not ${q(when)}` : ''}.` });
    }
    const key = str(c, 'topologyKey');
    if (key === '') ctx.report({ path: [...path, 'topologyKey'], message: 'topologyKey must not be empty.' });
    if (key && when) {
      const pair = `${key}/${when}`;
      const first = seen.get(pair);
      if (first !== undefined) {
        ctx.report({
          path: [...path, 'topologyKey'],
          message: `Another constraint already spreads over ${q(key)} with ${when}: merge them.`,
          related: [{ path: ctx.at('topologySpreadConstraints', first, 'topologyKey'), message: 'first constraint' }],
        });
      } else seen.set(pair, i);
    }
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'Node or pod affinity and topology spread constraints the API server rejects (operators without values, weights out of range, missing topologyKey, bad maxSkew).',
  check(ctx) {
    checkSpread(ctx);
    const affinity = objAt(ctx.spec, 'affinity');
    if (!affinity) return;
    const nodeAffinity = objAt(affinity, 'nodeAffinity');
    if (nodeAffinity) {
      const base = ctx.at('affinity', 'nodeAffinity');
      const required = objAt(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution');
      if (required) {
        const terms = listOf(required.nodeSelectorTerms);
        const reqPath = [...base, 'requiredDuringSchedulingIgnoredDuringExecution'];
        if (Array.isArray(required.nodeSelectorTerms) && terms.length === 0) {
          ctx.report({ path: [...reqPath, 'nodeSelectorTerms'], anchor: 'key', message: 'A required node affinity needs at least one nodeSelectorTerm.' });
        }
        terms.forEach((t, i) => checkTerm(ctx, [...reqPath, 'nodeSelectorTerms', i], t));
      }
      listOf(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
        if (!isObject(p)) return;
        const path = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        checkWeight(ctx, path, p);
        checkTerm(ctx, [...path, 'preference'], p.preference);
      });
    }
    for (const kind of ['podAffinity', 'podAntiAffinity']) {
      const a = objAt(affinity, kind);
      if (!a) continue;
      const base = ctx.at('affinity', kind);
      listOf(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => checkPodTerm(ctx, [...base, 'requiredDuringSchedulingIgnoredDuringExecution', i], t));
      listOf(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
        if (!isObject(p)) return;
        const path = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        checkWeight(ctx, path, p);
        checkPodTerm(ctx, [...path, 'podAffinityTerm'], p.podAffinityTerm);
      });
    }
  },
};
