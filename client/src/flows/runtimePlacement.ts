// Finds a runtime problem's field in a manifest's text as it is now. Problems name fields by path
// (runtimeProblems.ts), containers by name, documents by the pod or workload they hold, so they are
// placed again on every change of the text: edits that move lines, add documents or reorder
// containers keep them on their field. The text of the field is returned too: the extension drops
// a problem once its field is edited (what the pod did no longer says anything about the new text).
import { anchorRange, locate, parseYaml, pathAtOffset, podsOfFile, isMap, isSeq, valueAt, type ManifestPod, type OffsetRange, type ParsedDocument, type Segment } from '../../../analysis/src';
import type { FieldRef, RuntimeProblem } from './runtimeProblems';

export interface PlacedProblem {
  problem: RuntimeProblem;
  document: number;
  range: OffsetRange;
  /** The field's path in the document, API-server style: `spec.containers[0].command`. */
  path: string;
  /** The source text of the whole field (its key and value): an edit of it changes this. */
  fieldText: string;
}

export function formatSegments(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The document that holds a pod: the pod itself (or the workload run as a pod, which the runtime
 * names after it), else the workload whose controller made it. A Deployment's pods belong to a
 * ReplicaSet named `<deployment>-<hash>`, a CronJob's to a Job named `<cronjob>-<time>`
 * (pkg/controller/deployment/sync.go, pkg/controller/cronjob/utils.go getJobName), so the owner
 * is matched by name prefix when no document has its exact name.
 */
export function documentOf(pods: readonly ManifestPod[], pod: RuntimeProblem['pod']): ManifestPod | undefined {
  const inNs = pods.filter((p) => p.namespace === pod.namespace);
  const owner = pod.owner;
  if (!owner) return inNs.find((p) => p.name === pod.name);
  const exact = inNs.find((p) => p.kind === owner.kind && p.name === owner.name);
  if (exact) return exact;
  const parentKind = owner.kind === 'ReplicaSet' ? 'Deployment' : owner.kind === 'Job' ? 'CronJob' : undefined;
  return inNs.find((p) => p.kind === parentKind && owner.name.startsWith(`${p.name}-`));
}

/** The container of that name in the pod spec's list, by index (the name decides, not the order). */
function containerIndex(value: unknown, specPath: readonly Segment[], list: string, name: string): number {
  let node: unknown = value;
  for (const s of [...specPath, list]) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[s] : undefined;
  return Array.isArray(node) ? node.findIndex((c) => c && typeof c === 'object' && (c as { name?: unknown }).name === name) : -1;
}

/** The full path of a field, or undefined when the manifest does not have it. */
function resolvePath(doc: ParsedDocument, specPath: readonly Segment[], ref: FieldRef): Segment[] | undefined {
  const base: Segment[] = ref.root === 'spec' ? [...specPath] : [];
  if (ref.path[0] === '$hostPort') return hostPortPath(doc, specPath, Number(ref.path[1]));
  if (ref.container) {
    const i = containerIndex(doc.value, specPath, ref.container.list, ref.container.name);
    if (i < 0) return undefined;
    base.push(ref.container.list, i);
  }
  const path = [...base, ...ref.path];
  return locate(doc.doc, path).depth === path.length ? path : undefined;
}

/** The ports[] entry of any container that asks for this host port. */
function hostPortPath(doc: ParsedDocument, specPath: readonly Segment[], port: number): Segment[] | undefined {
  for (const list of ['initContainers', 'containers']) {
    const containers = locate(doc.doc, [...specPath, list]).node;
    if (!isSeq(containers)) continue;
    for (let i = 0; i < containers.items.length; i++) {
      const ports = locate(doc.doc, [...specPath, list, i, 'ports']).node;
      if (!isSeq(ports)) continue;
      for (let j = 0; j < ports.items.length; j++) {
        const entry = ports.items[j];
        if (isMap(entry) && Number(entry.get('hostPort')) === port) return [...specPath, list, i, 'ports', j, 'hostPort'];
      }
    }
  }
  return undefined;
}

/** The text of a field: its key through the end of its value. */
function fieldText(file: { text: string }, doc: ParsedDocument, path: Segment[]): string {
  const loc = locate(doc.doc, path);
  const key = loc.pair?.key as { range?: [number, number, number] } | undefined;
  const node = loc.node as { range?: [number, number, number] } | null;
  const start = key?.range?.[0] ?? node?.range?.[0];
  const end = node?.range?.[1] ?? key?.range?.[1];
  return start !== undefined && end !== undefined ? file.text.slice(start, end) : '';
}

/** Places each problem in the text; a problem whose pod or fields the text no longer has is left out. */
export function placeProblems(text: string, problems: readonly RuntimeProblem[]): PlacedProblem[] {
  if (problems.length === 0) return [];
  let file: ReturnType<typeof parseYaml>;
  try {
    file = parseYaml(text);
  } catch {
    // The parser failed on its own (a bug, not bad YAML): nothing can be placed this time.
    return [];
  }
  const pods = podsOfFile(file);
  const out: PlacedProblem[] = [];
  for (const problem of problems) {
    const pod = documentOf(pods, problem.pod);
    const doc = pod && file.documents[pod.document];
    if (!pod || !doc) continue;
    for (const ref of problem.targets) {
      const path = resolvePath(doc, pod.location.specPath, ref);
      if (!path) continue;
      // A field with a scalar value is marked on its value (the image name, the limit); a block on its key.
      out.push({ problem, document: pod.document, range: anchorRange(doc, path, 'value'), path: formatSegments(path), fieldText: fieldText(file, doc, path) });
      break;
    }
  }
  return out;
}

/**
 * The field of a container at an offset, for a hover: its pod, the pod's document, and the path
 * below the pod spec (`containers`|`initContainers`, the index, then the field and deeper).
 */
export function containerFieldAt(text: string, offset: number): { pod: ManifestPod; doc: ParsedDocument; specPath: Segment[]; tail: Segment[] } | undefined {
  let file: ReturnType<typeof parseYaml>;
  try {
    file = parseYaml(text);
  } catch {
    // The parser failed on its own: no hover this time.
    return undefined;
  }
  const pod = podsOfFile(file).find((p) => offset >= p.range.start && offset <= p.range.end);
  const doc = pod && file.documents[pod.document];
  if (!pod || !doc) return undefined;
  const path = pathAtOffset(doc, offset);
  const specPath = pod.location.specPath;
  if (path.length < specPath.length + 3 || specPath.some((s, i) => path[i] !== s)) return undefined;
  const tail = path.slice(specPath.length);
  if ((tail[0] !== 'containers' && tail[0] !== 'initContainers') || typeof tail[1] !== 'number') return undefined;
  return { pod, doc, specPath, tail };
}

/** The container whose `name` is at an offset (key or value), with its pod: for a hover on it. */
export function containerAt(text: string, offset: number): { pod: string; namespace: string; container: string } | undefined {
  const at = containerFieldAt(text, offset);
  if (!at || at.tail.length !== 3 || at.tail[2] !== 'name') return undefined;
  const { pod, doc, specPath, tail } = at;
  const path = [...specPath, ...tail];
  const name = valueAt(doc.value, path);
  return typeof name === 'string' ? { pod: pod.name, namespace: pod.namespace, container: name } : undefined;
}
