// Pod annotations that once configured what fields configure now. The API server accepts them with a
// warning (pkg/api/pod/warnings.go: deprecatedAnnotations, the seccomp annotations "non-functional in
// v1.27+" unless the seccompProfile field is set, and in templates the AppArmor annotations
// "deprecated since v1.30" unless an appArmorProfile field is set).
import type { PodContext, PodRule } from '../../rule';
import { containersOf, isObject, objAt, q } from './support';

export const ID = 'deprecated-annotation';

const FIXED: Record<string, string> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional since Kubernetes 1.16: use spec.priorityClassName instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional since Kubernetes 1.11: use securityContext.sysctls instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional since Kubernetes 1.11: use securityContext.sysctls instead',
};
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

function warn(ctx: PodContext, key: string, why: string): void {
  ctx.report({ path: [...ctx.pod.metadataPath, 'annotations', key], anchor: 'key', severity: 'warning', message: `Annotation ${q(key)} is ${why}.` });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'warning',
  description: 'A deprecated pod annotation (seccomp, AppArmor, critical-pod, sysctls) that a field replaces.',
  check(ctx) {
    const annotations = objAt(ctx.metadata, 'annotations');
    if (!annotations) return;
    for (const key of Object.keys(annotations)) if (Object.hasOwn(FIXED, key)) warn(ctx, key, FIXED[key]);
    const podSC = objAt(ctx.spec, 'securityContext');
    if (SECCOMP_POD in annotations && !isObject(podSC?.seccompProfile)) {
      warn(ctx, SECCOMP_POD, 'non-functional since Kubernetes 1.27: use spec.securityContext.seccompProfile instead');
    }
    const podAppArmor = isObject(podSC?.appArmorProfile);
    for (const c of containersOf(ctx)) {
      const sc = objAt(c.value, 'securityContext');
      const seccomp = SECCOMP_CONTAINER + c.name;
      if (c.name && seccomp in annotations && !isObject(sc?.seccompProfile)) {
        warn(ctx, seccomp, `non-functional since Kubernetes 1.27: use securityContext.seccompProfile of container ${q(c.name)} instead`);
      }
      // Upstream warns about AppArmor in templates only; for Pods the field is synced from it.
      const apparmor = APPARMOR_CONTAINER + c.name;
      if (ctx.pod.isTemplate && c.name && apparmor in annotations && !podAppArmor && !isObject(sc?.appArmorProfile)) {
        warn(ctx, apparmor, `deprecated since Kubernetes 1.30: use securityContext.appArmorProfile of container ${q(c.name)} instead`);
      }
    }
  },
};
