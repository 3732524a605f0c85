// A container with neither requests nor limits is BestEffort for the scheduler: it is placed without
// regard to what it needs and is the first evicted under memory pressure (QoS classes,
// pkg/apis/core/v1/helper/qos). Limits alone are enough: requests default to them.
import { containersOf, describeContainer, isObject } from '../../podView';
import type { PodContext, PodRule } from '../../rule';

function hasEntries(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length > 0;
}

export const resourcesMissing: PodRule = {
  id: 'resources-missing',
  category: 'practice',
  defaultSeverity: 'info',
  description: 'An app container or sidecar with no resource requests or limits.',
  check(ctx: PodContext) {
    // Plain init containers run alone and briefly; the pod's request is dominated by the app.
    for (const c of containersOf(ctx, ['initContainers', 'containers'])) {
      if (!c.runsWithApp) continue;
      const r = c.value.resources;
      if (isObject(r) && (hasEntries(r.requests) || hasEntries(r.limits))) continue;
      ctx.report({
        path: [...c.path, 'resources'],
        anchor: 'key',
        message: `${describeContainer(c, true)} has no resource requests or limits: the scheduler cannot place it well and it is evicted first. Set resources.requests (cpu, memory).`,
      });
    }
  },
};
