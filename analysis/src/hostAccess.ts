// What in a pod spec reaches the machine it runs on. These are the fields the Pod Security Standards'
// *baseline* level forbids (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
// on a cluster a namespace may allow them; on a laptop they mean the pod can read the person's files
// or see their processes and network. One function decides it, for the runtime (which refuses them
// unless allowed), the editor's confirmation, and the command line's flag.
import { formatPath } from './fieldPath';
import { quote, shortened } from './quote';
import type { Segment } from './types';
import { asObject, isObject, listOf } from './values';

export type HostAccessKind = 'hostNetwork' | 'hostPID' | 'hostIPC' | 'hostPath' | 'privileged';

export interface HostAccess {
  kind: HostAccessKind;
  /** Field path from the document's root, API-server style. */
  path: string;
  /** The field as segments, for locating it in the text. */
  segments: Segment[];
  /** What it is, in a few words a person can judge: `hostPath volume 'logs' (/var/log)`. */
  what: string;
  /** The container it concerns, for container-level fields. */
  container?: string;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Every field of the PodSpec at `specPath` that reaches the host, in document order. */
export function hostAccessOf(spec: unknown, specPath: readonly Segment[] = ['spec']): HostAccess[] {
  if (!isObject(spec)) return [];
  const out: HostAccess[] = [];
  const add = (kind: HostAccessKind, rel: Segment[], what: string, container?: string) => {
    const segments = [...specPath, ...rel];
    out.push({ kind, path: formatPath(segments), segments, what, container });
  };
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[ns] === true) add(ns, [ns], `${ns}: true`);
  }
  listOf(spec.volumes).forEach((v, i) => {
    const volume = asObject(v);
    if (isObject(volume.hostPath)) add('hostPath', ['volumes', i, 'hostPath'], `hostPath volume ${quote(volume.name)} (${shortened(String(volume.hostPath.path))})`);
  });
  for (const list of CONTAINER_LISTS) {
    listOf(spec[list]).forEach((c, i) => {
      const container = asObject(c);
      if (asObject(container.securityContext).privileged === true) {
        add('privileged', [list, i, 'securityContext', 'privileged'], `privileged container ${quote(container.name)}`, String(container.name));
      }
    });
  }
  return out;
}
