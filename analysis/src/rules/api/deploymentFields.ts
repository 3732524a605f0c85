// The fields of a Deployment, ReplicaSet and ReplicationController outside their pod template, as
// the API server validates them after defaulting:
// - pkg/apis/apps/validation/validation.go, ValidateDeploymentSpec: replicas, minReadySeconds and
//   revisionHistoryLimit not negative; progressDeadlineSeconds not negative and greater than
//   minReadySeconds (it defaults to 600, SetDefaults_Deployment, so a minReadySeconds of 600 or more
//   without it is refused too); ValidateDeploymentStrategy: `Recreate` takes no rollingUpdate;
//   ValidateRollingUpdateDeployment: maxSurge and maxUnavailable whole numbers or percentages, not
//   both 0 (each defaults to 25 % when left out), maxUnavailable at most 100 %.
// - ValidateReplicaSetSpec (same file) and ValidateReplicationControllerSpec
//   (pkg/apis/core/validation/validation.go): replicas and minReadySeconds not negative.
// The selector and its match with the template are selector-mismatch's and invalid-selector's.
import type { ObjectContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey } from './edits';
import { checkIntOrPercent, int, intOrPercent, intOrPercentValue, nonNegative, objectOf, specOf } from './objectFields';
import { isObject, isSet } from './support';

export const ID = 'deployment-fields';

function checkStrategy(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const strategy = spec.strategy;
  if (!isObject(strategy)) return;
  const path: Segment[] = ['spec', 'strategy'];
  const type = strategy.type;
  if (type === 'Recreate' && isSet(strategy, 'rollingUpdate')) {
    const edit = removeKey(ctx, [...path, 'rollingUpdate']);
    ctx.report({
      path: [...path, 'rollingUpdate'],
      anchor: 'key',
      message: "rollingUpdate may not be set when the strategy type is 'Recreate'.",
      fixes: edit ? [{ title: 'Remove rollingUpdate', edits: [edit], preferred: true }] : undefined,
    });
    return;
  }
  // An absent or empty type defaults to RollingUpdate; another value is the schema's finding.
  if (type !== undefined && type !== null && type !== '' && type !== 'RollingUpdate') return;
  const ru = strategy.rollingUpdate;
  if (!isObject(ru)) return;
  const ruPath: Segment[] = [...path, 'rollingUpdate'];
  const badUnavailable = checkIntOrPercent(ctx.report, ru, 'maxUnavailable', ruPath, true);
  const badSurge = checkIntOrPercent(ctx.report, ru, 'maxSurge', ruPath, false);
  if (badUnavailable || badSurge) return;
  // Left out, each is 25 % (SetDefaults_Deployment): only two explicit zeros meet.
  if (!isSet(ru, 'maxUnavailable') || !isSet(ru, 'maxSurge')) return;
  if (intOrPercentValue(intOrPercent(ru.maxUnavailable)) === 0 && intOrPercentValue(intOrPercent(ru.maxSurge)) === 0) {
    ctx.report({
      path: [...ruPath, 'maxUnavailable'],
      message: 'maxUnavailable may not be 0 when maxSurge is 0: a rolling update could never replace a pod.',
    });
  }
}

function checkProgressDeadline(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const min = int(spec, 'minReadySeconds') ?? 0;
  const deadline = int(spec, 'progressDeadlineSeconds');
  if (deadline === undefined) {
    if (!isSet(spec, 'progressDeadlineSeconds') && min >= 600) {
      ctx.report({
        path: ['spec', 'minReadySeconds'],
        apiPath: ['spec', 'progressDeadlineSeconds'],
        message: `progressDeadlineSeconds (600 when left out) must be greater than minReadySeconds (${min}).`,
      });
    }
    return;
  }
  if (deadline >= 0 && deadline <= min) {
    ctx.report({ path: ['spec', 'progressDeadlineSeconds'], message: `progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${min}).` });
  }
}

function checkObject(ctx: ObjectContext): void {
  const kind = objectOf(ctx, 'apps/v1', ['Deployment', 'ReplicaSet']) ?? objectOf(ctx, 'v1', ['ReplicationController']);
  const spec = kind ? specOf(ctx.value) : null;
  if (!kind || !spec) return;
  const path: Segment[] = ['spec'];
  nonNegative(ctx.report, spec, 'replicas', path);
  const badMin = nonNegative(ctx.report, spec, 'minReadySeconds', path);
  if (kind !== 'Deployment') return;
  nonNegative(ctx.report, spec, 'revisionHistoryLimit', path);
  const badDeadline = nonNegative(ctx.report, spec, 'progressDeadlineSeconds', path);
  if (!badMin && !badDeadline) checkProgressDeadline(ctx, spec);
  checkStrategy(ctx, spec);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A Deployment's, ReplicaSet's or ReplicationController's replicas, minReadySeconds, progress deadline, revision history or rolling-update strategy that the API server rejects.",
  checkObject,
  check: () => undefined,
};
