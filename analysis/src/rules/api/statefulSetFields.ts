// The fields of a StatefulSet outside its pod template (pkg/apis/apps/validation/validation.go,
// ValidateStatefulSetSpec), after defaulting (SetDefaults_StatefulSet: OrderedReady, RollingUpdate
// with partition 0, Retain):
// - replicas, minReadySeconds and ordinals.start not negative;
// - updateStrategy `OnDelete` takes no rollingUpdate; a RollingUpdate's partition is not negative
//   (validateRollingUpdateStatefulSet);
// - serviceName, when set, a DNS-1123 label (it becomes the pods' subdomain), from Kubernetes 1.33
//   (kubernetes/kubernetes#130233);
// - rollingUpdate.maxUnavailable is kept only where the MaxUnavailableStatefulSet feature is on (beta
//   in 1.35, on by default in 1.35.0–1.35.3 only); elsewhere it is dropped. A value it would refuse
//   (0, over 100 %, not a number or percentage) is therefore a warning.
// The enums (podManagementPolicy, updateStrategy.type, the retention policy's whenDeleted and
// whenScaled) are the schema's; the claim templates are pvc-fields'.
import type { ObjectContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey, replaceScalar } from './edits';
import { checkIntOrPercent, intOrPercent, intOrPercentValue, nonNegative, objectOf, specOf } from './objectFields';
import { dnsLabelProblem, isObject, isPlaceholder, isSet, minor, q, toDnsLabel } from './support';

export const ID = 'statefulset-fields';

function checkUpdateStrategy(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const strategy = spec.updateStrategy;
  if (!isObject(strategy)) return;
  const path: Segment[] = ['spec', 'updateStrategy'];
  if (strategy.type === 'OnDelete') {
    if (!isSet(strategy, 'rollingUpdate')) return;
    const edit = removeKey(ctx, [...path, 'rollingUpdate']);
    ctx.report({
      path: [...path, 'rollingUpdate'],
      anchor: 'key',
      message: "rollingUpdate is only allowed for updateStrategy 'RollingUpdate', not 'OnDelete'.",
      fixes: edit ? [{ title: 'Remove rollingUpdate', edits: [edit], preferred: true }] : undefined,
    });
    return;
  }
  const ru = strategy.rollingUpdate;
  if (!isObject(ru)) return;
  const ruPath: Segment[] = [...path, 'rollingUpdate'];
  nonNegative(ctx.report, ru, 'partition', ruPath);
  if (!isSet(ru, 'maxUnavailable')) return;
  const warn = (r: Parameters<ObjectContext['report']>[0]) =>
    ctx.report({ ...r, severity: 'warning', message: `${r.message} Refused where the MaxUnavailableStatefulSet feature is on; dropped elsewhere.` });
  if (checkIntOrPercent(warn, ru, 'maxUnavailable', ruPath, true)) return;
  if (intOrPercentValue(intOrPercent(ru.maxUnavailable)) === 0) warn({ path: [...ruPath, 'maxUnavailable'], message: 'maxUnavailable cannot be 0.' });
}

function checkServiceName(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const name = spec.serviceName;
  if (typeof name !== 'string' || name === '' || isPlaceholder(name) || minor(ctx.kubernetesVersion) < 33) return;
  const problem = dnsLabelProblem(name);
  if (!problem) return;
  const better = toDnsLabel(name);
  const edit = better && better !== name ? replaceScalar(ctx, ['spec', 'serviceName'], better) : null;
  ctx.report({
    path: ['spec', 'serviceName'],
    message: `serviceName ${q(name)} is not a valid DNS-1123 label: it ${problem}. It becomes the pods' subdomain.`,
    fixes: edit ? [{ title: `Rename to '${better}'`, edits: [edit], preferred: true }] : undefined,
  });
}

function checkObject(ctx: ObjectContext): void {
  const spec = objectOf(ctx, 'apps/v1', ['StatefulSet']) ? specOf(ctx.value) : null;
  if (!spec) return;
  nonNegative(ctx.report, spec, 'replicas', ['spec']);
  nonNegative(ctx.report, spec, 'minReadySeconds', ['spec']);
  if (isObject(spec.ordinals)) {
    // The API server names this field `spec.ordinals.start` in one Child call; the same text.
    nonNegative(ctx.report, spec.ordinals, 'start', ['spec', 'ordinals']);
  }
  checkUpdateStrategy(ctx, spec);
  checkServiceName(ctx, spec);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A StatefulSet's replicas, ordinals, update strategy, partition or serviceName that the API server rejects.",
  checkObject,
  check: () => undefined,
};
