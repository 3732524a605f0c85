// The fields of a DaemonSet outside its pod template (pkg/apis/apps/validation/validation.go,
// ValidateDaemonSetSpec), after defaulting (SetDefaults_DaemonSet: RollingUpdate, and in a rolling
// update maxUnavailable 1 and maxSurge 0 when left out):
// - minReadySeconds and revisionHistoryLimit not negative;
// - ValidateRollingUpdateDaemonSet: maxUnavailable and maxSurge whole numbers or percentages, each
//   at most 100 %, and exactly one of them non-zero: a DaemonSet surges (a second pod on a node) or
//   takes pods down, never both. `rollingUpdate: {maxSurge: 1}` alone is refused, since
//   maxUnavailable then defaults to 1.
import type { ObjectContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { addKeyLine } from './edits';
import { checkIntOrPercent, intOrPercent, intOrPercentValue, nonNegative, objectOf, specOf } from './objectFields';
import { isObject, isSet } from './support';

export const ID = 'daemonset-fields';

function checkRollingUpdate(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const strategy = spec.updateStrategy;
  if (!isObject(strategy)) return;
  const type = strategy.type;
  if (type !== undefined && type !== null && type !== '' && type !== 'RollingUpdate') return;
  const ru = strategy.rollingUpdate;
  if (!isObject(ru)) return;
  const path: Segment[] = ['spec', 'updateStrategy', 'rollingUpdate'];
  const bad = checkIntOrPercent(ctx.report, ru, 'maxUnavailable', path, true);
  if (checkIntOrPercent(ctx.report, ru, 'maxSurge', path, true) || bad) return;
  const unavailable = isSet(ru, 'maxUnavailable') ? intOrPercentValue(intOrPercent(ru.maxUnavailable)) : 1;
  const surge = isSet(ru, 'maxSurge') ? intOrPercentValue(intOrPercent(ru.maxSurge)) : 0;
  if (unavailable !== 0 && surge !== 0) {
    const fixes: Fix[] = [];
    if (!isSet(ru, 'maxUnavailable')) {
      const edit = addKeyLine(ctx, path, 'maxUnavailable: 0');
      if (edit) fixes.push({ title: 'Add maxUnavailable: 0', edits: [edit], preferred: true });
    }
    ctx.report({
      path: [...path, 'maxSurge'],
      message: isSet(ru, 'maxUnavailable')
        ? 'maxSurge may not be set when maxUnavailable is not 0: a DaemonSet either surges or takes pods down.'
        : 'maxSurge may not be set when maxUnavailable is not 0, and maxUnavailable defaults to 1: set maxUnavailable: 0 to surge.',
      fixes: fixes.length ? fixes : undefined,
    });
  } else if (unavailable === 0 && surge === 0) {
    ctx.report({ path: [...path, 'maxUnavailable'], message: 'maxUnavailable cannot be 0 when maxSurge is 0: a rolling update could never replace a pod.' });
  }
}

function checkObject(ctx: ObjectContext): void {
  const spec = objectOf(ctx, 'apps/v1', ['DaemonSet']) ? specOf(ctx.value) : null;
  if (!spec) return;
  nonNegative(ctx.report, spec, 'minReadySeconds', ['spec']);
  nonNegative(ctx.report, spec, 'revisionHistoryLimit', ['spec']);
  checkRollingUpdate(ctx, spec);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A DaemonSet's minReadySeconds, revision history or rolling update (maxSurge with maxUnavailable, both 0, over 100 %) that the API server rejects.",
  checkObject,
  check: () => undefined,
};
