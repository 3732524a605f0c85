// Most images run as root unless told otherwise. A container process running as UID 0 that escapes the
// container is root on the node; the Pod Security Standards' restricted profile requires
// `runAsNonRoot: true`. A container is covered when its own or the pod's securityContext sets
// `runAsNonRoot: true` or a non-zero `runAsUser` (the container's setting wins,
// SecurityContext docs / pkg/securitycontext).
import { containersOf, ContainerView, describeContainer, isObject } from '../../podView';
import type { PodContext, PodRule } from '../../rule';

function userOf(sc: unknown): number | undefined {
  return isObject(sc) && typeof sc.runAsUser === 'number' ? sc.runAsUser : undefined;
}

function nonRootOf(sc: unknown): boolean | undefined {
  return isObject(sc) && typeof sc.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : undefined;
}

export const runAsRoot: PodRule = {
  id: 'run-as-root',
  category: 'practice',
  defaultSeverity: 'info',
  description: 'A container that runs, or may run, as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it.',
  check(ctx: PodContext) {
    // Windows containers have no UIDs: runAsUser and runAsNonRoot do not apply (windowsOptions does).
    if (isObject(ctx.spec.os) && ctx.spec.os.name === 'windows') return;
    const psc = ctx.spec.securityContext;
    const podUser = userOf(psc);
    const podNonRoot = nonRootOf(psc);
    const containers = containersOf(ctx, ['initContainers', 'containers']);
    const unprotected: ContainerView[] = [];
    let inheritsRootUser = false;
    for (const c of containers) {
      const csc = c.value.securityContext;
      const own = userOf(csc);
      const user = own ?? podUser;
      if (user === 0) {
        if (own === 0) {
          ctx.report({
            path: [...c.path, 'securityContext', 'runAsUser'],
            message: `${describeContainer(c, true)} runs as root (runAsUser: 0). Use a non-zero UID unless it truly needs root.`,
          });
        } else inheritsRootUser = true;
        continue;
      }
      if (user !== undefined || (nonRootOf(csc) ?? podNonRoot) === true) continue;
      unprotected.push(c);
    }
    if (inheritsRootUser) {
      ctx.report({
        path: ctx.at('securityContext', 'runAsUser'),
        message: 'The pod runs its containers as root (runAsUser: 0). Use a non-zero UID unless they truly need root.',
      });
    }
    if (unprotected.length === 0) return;
    const podSilent = podUser === undefined && podNonRoot !== true;
    if (podSilent && unprotected.length === containers.length) {
      ctx.report({
        path: ctx.at('securityContext', 'runAsNonRoot'),
        anchor: 'key',
        message: 'Containers may run as root: nothing sets runAsNonRoot: true or a runAsUser. Set securityContext.runAsNonRoot: true (and a runAsUser if the image has no user).',
      });
      return;
    }
    for (const c of unprotected) {
      ctx.report({
        path: [...c.path, 'securityContext', 'runAsNonRoot'],
        anchor: 'key',
        message: `${describeContainer(c, true)} may run as root: set securityContext.runAsNonRoot: true or a runAsUser.`,
      });
    }
  },
};
