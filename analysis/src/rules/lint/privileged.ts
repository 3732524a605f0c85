// A privileged container has every capability and every host device: it is root on the node, and the
// Pod Security Standards' baseline profile forbids it. It is sometimes needed (CNI, storage drivers),
// hence a warning to look at, not an error.
import { containersOf, describeContainer, isObject } from '../../podView';
import type { PodContext, PodRule } from '../../rule';

export const privileged: PodRule = {
  id: 'privileged',
  category: 'practice',
  defaultSeverity: 'warning',
  description: 'A container with securityContext.privileged: true (full access to the node).',
  check(ctx: PodContext) {
    for (const c of containersOf(ctx)) {
      const sc = c.value.securityContext;
      if (!isObject(sc) || sc.privileged !== true) continue;
      ctx.report({
        path: [...c.path, 'securityContext', 'privileged'],
        message: `${describeContainer(c, true)} is privileged: it has full access to the node. Grant only the capabilities it needs (securityContext.capabilities.add).`,
      });
    }
  },
};
