// A container-level restartPolicy (KEP-753, native sidecars) is accepted only on an init container,
// and only as `Always` (pkg/apis/core/validation/validation.go: validateContainers forbids it on
// regular containers, validateInitContainerRestartPolicy supports only Always, and
// validateEphemeralContainers' allow-list leaves it out for ephemeral containers).
// Kubernetes 1.35's API adds container restart rules (KEP-5307): its schema documents a
// container-level restartPolicy that "overrides the pod-level restart policy", accepted where the
// ContainerRestartRules feature is enabled. For 1.35 and later those uses are warnings, not errors.
import type { PodContext, PodRule } from '../../rule';
import type { Fix } from '../../types';
import { seqItemText } from '../../edits';
import { insertSeqItem, removeKey, removeSeqItem } from './edits';
import { containersOf, ContainerView, isSet, q } from './support';
import { minorOf } from '../../types';

export const ID = 'sidecar-restart-policy';

function removeFix(ctx: PodContext, c: ContainerView, title: string, preferred: boolean): Fix | null {
  const edit = removeKey(ctx, [...c.path, 'restartPolicy']);
  return edit ? { title, edits: [edit], preferred } : null;
}

/** Moves a regular container with `restartPolicy: Always` to the end of initContainers. */
function moveToInitFix(ctx: PodContext, c: ContainerView, regularCount: number): Fix | null {
  // Moving the only container would leave the pod without one.
  if (regularCount < 2) return null;
  const item = seqItemText(ctx, ctx.at('containers'), c.index);
  const remove = removeSeqItem(ctx, ctx.at('containers'), c.index);
  if (!item || !remove) return null;
  const insert = insertSeqItem(ctx, ctx.pod.specPath, 'initContainers', item, { before: 'containers', styleLike: ctx.at('containers') });
  if (!insert) return null;
  // Both edits must not touch the same text: an insert inside the removed item cannot happen, as
  // initContainers is a sibling of containers.
  return { title: 'Move it to initContainers as a native sidecar', edits: [remove, insert], preferred: false };
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A container-level restartPolicy anywhere but on an init container, or a value other than Always.',
  check(ctx) {
    const all = containersOf(ctx);
    const regularCount = all.filter((c) => c.list === 'containers').length;
    const restartRules = minorOf(ctx.kubernetesVersion) >= 35;
    for (const c of all) {
      if (!isSet(c.value, 'restartPolicy')) continue;
      const value = c.value.restartPolicy;
      const path = [...c.path, 'restartPolicy'];
      if (c.list === 'containers') {
        const fixes = [
          value === 'Always' ? moveToInitFix(ctx, c, regularCount) : null,
          removeFix(ctx, c, 'Remove restartPolicy', true),
        ].filter((f): f is Fix => f !== null);
        const known = value === 'Always' || value === 'OnFailure' || value === 'Never';
        ctx.report({
          path,
          anchor: 'key',
          message: restartRules && known
            ? `A restartPolicy on a regular container needs container restart rules: Kubernetes 1.35 accepts it only where the ContainerRestartRules feature is enabled, earlier versions never. Without it the pod-level spec.restartPolicy applies.`
            : 'restartPolicy may not be set on a regular container; it only makes an init container a native sidecar. The pod-level spec.restartPolicy applies here.',
          severity: restartRules && known ? 'warning' : undefined,
          fixes: fixes.length ? fixes : undefined,
        });
      } else if (c.list === 'ephemeralContainers') {
        const fix = removeFix(ctx, c, 'Remove restartPolicy', true);
        ctx.report({ path, anchor: 'key', message: 'restartPolicy cannot be set on an ephemeral container.', fixes: fix ? [fix] : undefined });
      } else if (typeof value === 'string' && value !== 'Always') {
        const fix = removeFix(ctx, c, 'Remove restartPolicy (a plain init container)', true);
        const known = value === 'OnFailure' || value === 'Never';
        ctx.report({
          path,
          message: restartRules && known
            ? `restartPolicy ${q(value)} on an init container needs container restart rules: Kubernetes 1.35 accepts it only where the ContainerRestartRules feature is enabled, earlier versions never. Leave it out for a plain init container; 'Always' makes a native sidecar.`
            : `restartPolicy ${q(value)} is not supported on an init container: only 'Always' (a native sidecar) is; leave it out for a plain init container.`,
          severity: restartRules && known ? 'warning' : undefined,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
};
