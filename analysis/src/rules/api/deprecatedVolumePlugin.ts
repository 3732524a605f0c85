// In-tree volume plugins that are deprecated or gone: the API server accepts them with a warning
// (pkg/api/pod/warnings.go, "deprecated and removed volume plugins"), and most no longer work on a
// current kubelet. The versions are upstream's; gitRepo is disabled by default from 1.33
// (GitRepoVolumeDriver, KEP-5040).
import type { PodRule } from '../../rule';
import { isObject, isSet, listOf, minor } from './support';

export const ID = 'deprecated-volume-plugin';

const PLUGINS: Record<string, { deprecated: string; nonFunctional?: string; instead: string }> = {
  photonPersistentDisk: { deprecated: '1.11', nonFunctional: '1.16', instead: 'a CSI driver' },
  gitRepo: { deprecated: '1.11', instead: 'an emptyDir filled by an init container that runs git clone' },
  scaleIO: { deprecated: '1.16', nonFunctional: '1.22', instead: 'a CSI driver' },
  flocker: { deprecated: '1.22', nonFunctional: '1.25', instead: 'a CSI driver' },
  storageos: { deprecated: '1.22', nonFunctional: '1.25', instead: 'a CSI driver' },
  quobyte: { deprecated: '1.22', nonFunctional: '1.25', instead: 'a CSI driver' },
  glusterfs: { deprecated: '1.25', nonFunctional: '1.26', instead: 'a CSI driver' },
  cephfs: { deprecated: '1.28', nonFunctional: '1.31', instead: 'the CephFS CSI driver' },
  rbd: { deprecated: '1.28', nonFunctional: '1.31', instead: 'the Ceph RBD CSI driver' },
};

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'warning',
  description: 'A deprecated or removed in-tree volume plugin (gitRepo, cephfs, rbd, glusterfs, …).',
  check(ctx) {
    const version = minor(ctx.kubernetesVersion);
    listOf(ctx.spec.volumes).forEach((v, i) => {
      if (!isObject(v)) return;
      for (const plugin of Object.keys(v)) {
        const info = Object.prototype.hasOwnProperty.call(PLUGINS, plugin) ? PLUGINS[plugin] : undefined;
        if (!info || !isSet(v, plugin)) continue;
        let status = `deprecated since Kubernetes ${info.deprecated}`;
        if (info.nonFunctional) {
          status += version >= minorOf(info.nonFunctional) ? ` and non-functional since ${info.nonFunctional}` : `, non-functional from ${info.nonFunctional}`;
        } else if (plugin === 'gitRepo' && version >= 33) {
          status += ' and disabled by default since 1.33';
        }
        ctx.report({
          path: ctx.at('volumes', i, plugin),
          anchor: 'key',
          message: `The ${plugin} volume plugin is ${status}; use ${info.instead}.`,
        });
      }
    });
  },
};

function minorOf(v: string): number {
  return Number(v.split('.')[1]);
}
