// The API server checks that every volumeMount names a volume (ValidateVolumeMounts) but not the
// reverse. A volume no container mounts still costs: the kubelet sets it up before any container starts
// (a PVC must bind and attach, a Secret must exist), and it is usually the trace of a typo in a mount's
// name or of a mount deleted without its volume.
import { removeSeqItem } from '../../edits';
import { containersOf, isObject, listOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import { quote } from '../../quote';

export const volumeUnused: PodRule = {
  id: 'volume-unused',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'A volume that no container (init, sidecar, app or ephemeral) mounts or uses as a block device.',
  check(ctx: PodContext) {
    const volumes = listOf(ctx.spec.volumes);
    if (volumes.length === 0) return;
    const used = new Set<string>();
    for (const c of containersOf(ctx)) {
      for (const list of ['volumeMounts', 'volumeDevices'] as const) {
        for (const m of listOf(c.value[list])) if (isObject(m) && typeof m.name === 'string') used.add(m.name);
      }
    }
    volumes.forEach((v, i) => {
      if (!isObject(v) || typeof v.name !== 'string' || v.name === '' || used.has(v.name)) return;
      const remove = removeSeqItem(ctx, ctx.at('volumes'), i);
      ctx.report({
        path: ctx.at('volumes', i, 'name'),
        message: `Volume ${quote(v.name)} is not mounted by any container: mount it (check the volumeMounts' names) or remove it.`,
        fixes: remove && volumes.length > 1 ? [{ title: `Remove volume '${v.name}'`, edits: [remove] }] : undefined,
      });
    });
  },
};
