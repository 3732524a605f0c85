// The pods a manifest would start, found in its text: where each one is (for the CodeLens and for
// "which pod?" questions) and whether it reaches the host (for the confirmation before running).
import { parseYaml } from '../../../server/src/analysis/yamlModel';
import { findPod, valueAt } from '../../../server/src/analysis/workloads';
import type { OffsetRange } from '../../../server/src/analysis/types';

export interface ManifestPod {
  /** 0-based index of the YAML document. */
  document: number;
  /** Pod, or the workload holding the pod template (the runtime names its pod after it). */
  kind: string;
  name: string;
  namespace: string;
  /** The whole document. */
  range: OffsetRange;
  /** Offset of the document's first content line, where the CodeLens goes. */
  anchor: number;
  /** Why running it touches the host (empty when it does not), in words for the confirmation. */
  hostAccess: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * What in a pod spec reaches the host. These are the fields the Pod Security "baseline" level forbids
 * (hostPath volumes, host namespaces, privileged containers): on a laptop they mean the pod can read
 * the user's files or see their processes and network.
 */
export function hostAccessOf(spec: unknown): string[] {
  if (!isRecord(spec)) return [];
  const out: string[] = [];
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[ns] === true) out.push(`${ns}: true`);
  }
  for (const v of list(spec.volumes)) {
    if (isRecord(v) && isRecord(v.hostPath)) out.push(`hostPath volume '${String(v.name)}' (${String(v.hostPath.path)})`);
  }
  for (const key of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    for (const c of list(spec[key])) {
      if (isRecord(c) && isRecord(c.securityContext) && c.securityContext.privileged === true) {
        out.push(`privileged container '${String(c.name)}'`);
      }
    }
  }
  return out;
}

/** The documents of a manifest that hold a pod or pod template. Never throws. */
export function podsInManifest(text: string): ManifestPod[] {
  const out: ManifestPod[] = [];
  let file;
  try {
    file = parseYaml(text);
  } catch {
    return out;
  }
  for (const doc of file.documents) {
    const loc = findPod(doc.value);
    if (!loc) continue;
    const ns = valueAt(doc.value, ['metadata', 'namespace']);
    // The lens goes on the document's first content line rather than on a leading comment or `---`.
    const contents = doc.doc.contents;
    const anchor = contents?.range ? contents.range[0] : doc.range.start;
    out.push({
      document: doc.index,
      kind: loc.kind,
      name: loc.name,
      namespace: typeof ns === 'string' && ns ? ns : 'default',
      range: doc.range,
      anchor,
      hostAccess: hostAccessOf(valueAt(doc.value, loc.specPath)),
    });
  }
  return out;
}

/** The pod whose document holds an offset, else the only pod of the file. */
export function podAt(pods: ManifestPod[], offset: number): ManifestPod | undefined {
  return pods.find((p) => offset >= p.range.start && offset <= p.range.end) ?? (pods.length === 1 ? pods[0] : undefined);
}
