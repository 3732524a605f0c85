// A container that declares ports serves traffic; without a readinessProbe it counts as ready as soon as
// it has started, so a Service sends it requests before the app listens, and during a rollout old pods
// go away before new ones can answer. Pods that run to completion (Jobs) are not behind Services.
import { containersOf, describeContainer, listOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';

export const readinessProbeMissing: PodRule = {
  id: 'readiness-probe-missing',
  category: 'practice',
  defaultSeverity: 'info',
  description: 'A container that declares ports (it serves) but has no readinessProbe.',
  check(ctx: PodContext) {
    if (ctx.pod.runsToCompletion) return;
    const rp = ctx.spec.restartPolicy;
    if (rp === 'Never' || rp === 'OnFailure') return;
    for (const c of containersOf(ctx, ['containers'])) {
      if (listOf(c.value.ports).length === 0 || c.value.readinessProbe !== undefined) continue;
      ctx.report({
        path: [...c.path, 'ports'],
        anchor: 'key',
        message: `${describeContainer(c, true)} declares ports but has no readinessProbe: it receives traffic before it is ready. Add a readinessProbe.`,
      });
    }
  },
};
