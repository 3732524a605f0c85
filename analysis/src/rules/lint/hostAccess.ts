// Fields beyond the Pod Security Standards' baseline reach the machine the pod runs on (the list and
// its upstream sources are in hostAccess.ts). They are sometimes needed (CNI plugins, storage drivers,
// node agents), hence a warning to look at, not an error; Podwright asks before running such a pod.
import { hostAccessOf } from '../../hostAccess';
import type { PodContext, PodRule } from '../../rule';

export const hostAccess: PodRule = {
  id: 'host-access',
  category: 'practice',
  defaultSeverity: 'warning',
  description: 'A field beyond the Pod Security Standards baseline (host namespaces, hostPath, privileged, added capabilities, unconfined profiles, unsafe sysctls, ports beyond 127.0.0.1): it reaches the node.',
  check(ctx: PodContext) {
    for (const h of hostAccessOf(ctx.spec, ctx.pod.specPath, ctx.document.value)) {
      ctx.report({
        path: h.segments,
        message: `${h.what[0].toUpperCase()}${h.what.slice(1)} reaches the node, beyond the Pod Security Standards' baseline; Podwright asks before running it.`,
      });
    }
  },
};
