// The pods a manifest holds, found in its text: where each one is (for the CodeLens, the "which pod?"
// question and Reveal Manifest), which workload holds it, and what of it reaches the host.
import { hostAccessOf, type HostAccess } from './hostAccess';
import type { OffsetRange } from './types';
import { valueAt } from './values';
import { findPod, type PodLocation } from './workloads';
import { parseYaml, type ParsedFile } from './yamlModel';

export interface ManifestPod {
  /** 0-based index of the YAML document. */
  document: number;
  /** Pod, or the workload holding the pod template (the runtime names its pod after it). */
  kind: string;
  name: string;
  namespace: string;
  /** The whole document. */
  range: OffsetRange;
  /** Offset of the document's first content line, where a CodeLens goes. */
  anchor: number;
  location: PodLocation;
  /** What running it would reach on the host (empty when nothing). */
  hostAccess: HostAccess[];
}

/** `metadata.namespace` of a document, else `default` (as kubectl applies it without -n). */
export function namespaceOf(value: unknown): string {
  const ns = valueAt(value, ['metadata', 'namespace']);
  return typeof ns === 'string' && ns ? ns : 'default';
}

/** The documents of a parsed file that hold a pod or pod template. */
export function podsOfFile(file: ParsedFile): ManifestPod[] {
  const out: ManifestPod[] = [];
  for (const doc of file.documents) {
    const location = findPod(doc.value);
    if (!location) continue;
    // The lens goes on the document's first content line rather than on a leading comment or `---`.
    const contents = doc.doc.contents;
    out.push({
      document: doc.index,
      kind: location.kind,
      name: location.name,
      namespace: namespaceOf(doc.value),
      range: doc.range,
      anchor: contents?.range ? contents.range[0] : doc.range.start,
      location,
      hostAccess: hostAccessOf(valueAt(doc.value, location.specPath), location.specPath, doc.value),
    });
  }
  return out;
}

/** An object of a manifest (any document with a kind): what the editor applies or runs. */
export interface ManifestObject {
  document: number;
  kind: string;
  /** metadata.name; empty when it has none (a Pod may have only generateName). */
  name: string;
  namespace: string;
  range: OffsetRange;
  anchor: number;
  /** What its pods would reach on the host (empty for kinds without a pod template). */
  hostAccess: HostAccess[];
  /** Its `spec` as written (replicas, schedule, completions …), empty when it has none. */
  spec: Record<string, unknown>;
}

/** Every object of a manifest's text, in document order. Never throws, as podsInManifest. */
export function objectsInManifest(text: string): ManifestObject[] {
  let file: ParsedFile;
  try {
    file = parseYaml(text);
  } catch {
    // The parser failed on its own (a bug, not bad YAML): no objects, as no pods.
    return [];
  }
  const pods = new Map(podsOfFile(file).map((p) => [p.document, p]));
  const out: ManifestObject[] = [];
  for (const doc of file.documents) {
    const kind = valueAt(doc.value, ['kind']);
    const name = valueAt(doc.value, ['metadata', 'name']);
    if (typeof kind !== 'string' || !kind) continue;
    const spec = valueAt(doc.value, ['spec']);
    const contents = doc.doc.contents;
    out.push({
      document: doc.index,
      kind,
      name: typeof name === 'string' ? name : '',
      namespace: namespaceOf(doc.value),
      range: doc.range,
      anchor: contents?.range ? contents.range[0] : doc.range.start,
      hostAccess: pods.get(doc.index)?.hostAccess ?? [],
      spec: spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {},
    });
  }
  return out;
}

/** The pods of a manifest's text. Never throws: text that cannot be parsed holds no pod. */
export function podsInManifest(text: string): ManifestPod[] {
  try {
    return podsOfFile(parseYaml(text));
  } catch {
    // The parser failed on its own (a bug, not bad YAML: that yields documents with errors).
    return [];
  }
}

/** The pod whose document holds an offset, else the only pod of the file. */
export function podAt(pods: readonly ManifestPod[], offset: number): ManifestPod | undefined {
  return pods.find((p) => offset >= p.range.start && offset <= p.range.end) ?? (pods.length === 1 ? pods[0] : undefined);
}

/**
 * The pods a selector names: `NAME` or `NAMESPACE/NAME`. By name alone, pods of that name in
 * several namespaces all match, and the caller must ask which.
 */
export function podsNamed(pods: readonly ManifestPod[], selector: string): ManifestPod[] {
  const slash = selector.indexOf('/');
  const namespace = slash >= 0 ? selector.slice(0, slash) : undefined;
  const name = slash >= 0 ? selector.slice(slash + 1) : selector;
  return pods.filter((p) => p.name === name && (namespace === undefined || p.namespace === namespace));
}
