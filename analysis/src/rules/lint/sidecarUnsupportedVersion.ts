// Native sidecars (KEP-753, an init container with `restartPolicy: Always`): the field appeared in 1.28
// behind the SidecarContainers feature gate, alpha and off by default; beta and on by default in 1.29;
// GA in 1.33. Before 1.28 the field does not exist: strict decoding (kubectl's default
// `--validate=strict`) rejects it as unknown. In 1.28 with the gate off the API server drops the field
// (dropDisabledFields in pkg/api/pod/util.go), so the container runs as a plain init container, and one
// that never exits keeps the pod in Init forever.
import { containersOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import { minorOf } from '../../types';

export const sidecarUnsupportedVersion: PodRule = {
  id: 'sidecar-unsupported-version',
  category: 'lint',
  defaultSeverity: 'error',
  description: 'A native sidecar (init container with restartPolicy: Always) on a Kubernetes version without them (before 1.29).',
  check(ctx: PodContext) {
    const minor = minorOf(ctx.kubernetesVersion);
    if (Number.isNaN(minor) || minor >= 29) return;
    for (const c of containersOf(ctx, ['initContainers'])) {
      if (!c.isSidecar) continue;
      const path = [...c.path, 'restartPolicy'];
      if (minor === 28) {
        ctx.report({
          path,
          severity: 'warning',
          message: `Native sidecars are alpha in Kubernetes 1.28, behind the SidecarContainers feature gate (off by default): without it restartPolicy is dropped and this runs as a plain init container, blocking the pod if it never exits. Use 1.29+ or enable the gate.`,
        });
      } else {
        ctx.report({
          path,
          message: `Kubernetes ${ctx.kubernetesVersion} has no native sidecars: restartPolicy on an init container needs 1.29+ (1.28 with a feature gate), and is rejected as an unknown field before.`,
        });
      }
    }
  },
};
