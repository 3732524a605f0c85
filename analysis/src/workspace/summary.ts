// What one file contributes to a workspace: the objects it defines (by kind, namespace and name, with
// the facts other files' checks need) and the references it makes to objects that may be defined in
// another file. Plain data with exact spans (offsets and 0-based line/character), so that a summary
// can cross a thread, and a check or a Go to Definition into a file needs neither its text nor its
// syntax tree.
import { formatPath } from '../fieldPath';
import { namespaceOf } from '../manifest';
import type { Segment } from '../types';
import { isObject, listOf, stringMap, valueAt, type Obj } from '../values';
import { findPod } from '../workloads';
import { anchorRange, type Anchor, type ParsedDocument, type ParsedFile } from '../yamlModel';

/** A range of the file: offsets, and 0-based line and UTF-16 column (as the LSP counts them). */
export interface Span {
  start: number;
  end: number;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export type RefKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** A reference from a pod (template) to an object by name, and to one of its keys. */
export interface Reference {
  kind: RefKind;
  namespace: string;
  name: string;
  /** The name's value: Go to Definition and Rename act on it. */
  nameSpan: Span;
  key?: string;
  keySpan?: Span;
  /** `optional: true`: the kubelet leaves the value out instead of failing the pod. */
  optional: boolean;
  document: number;
  /** API-server field path of the name field (or of the key field, for a key reference). */
  path: string;
  /** Field path of the name, for problems about a missing object. */
  namePath: string;
}

export interface TemplatePort {
  container: string;
  name?: string;
  nameSpan?: Span;
  number?: number;
  numberSpan?: Span;
  protocol: string;
}

/** A pod or a workload's pod template: what a Service selects and targets. */
export interface TemplateFacts {
  labels: Record<string, string>;
  ports: TemplatePort[];
  /** Named-port uses inside the pod (probe and lifecycle handlers), renamed with the port. */
  portUses: { name: string; span: Span }[];
}

export interface ServicePort {
  name?: string;
  port?: number;
  protocol: string;
  /** The targetPort written, else the port (its default). */
  targetPort?: string | number;
  /** Where the targetPort is written; the port's value when it is not. */
  targetSpan?: Span;
  /** True when `targetPort` is written. */
  targetWritten: boolean;
  nodePort?: number;
  nodePortSpan?: Span;
  path: string;
}

export interface ServiceFacts {
  type: string;
  headless: boolean;
  /** Absent when the Service has no selector (its endpoints are managed by hand). */
  selector?: Record<string, string>;
  selectorSpan: Span;
  ports: ServicePort[];
}

export interface WorkspaceObject {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  document: number;
  nameSpan: Span;
  /** A ConfigMap's or Secret's keys, each with the span of the key. */
  keys?: { name: string; span: Span }[];
  service?: ServiceFacts;
  template?: TemplateFacts;
  /** A StatefulSet's `spec.serviceName`. */
  serviceName?: { name: string; span: Span; path: string };
}

export interface FileSummary {
  /** False when no document of the file is a Kubernetes object (it is then ignored). */
  kubernetes: boolean;
  objects: WorkspaceObject[];
  references: Reference[];
}

/** References and ports listed per file, at most: a generated file cannot make the model unbounded. */
export const MAX_SUMMARY_ENTRIES = 5000;

function spanOf(file: ParsedFile, doc: ParsedDocument, path: readonly Segment[], anchor: Anchor = 'value'): Span {
  const r = anchorRange(doc, path, anchor);
  const a = file.lineCounter.linePos(r.start);
  const b = file.lineCounter.linePos(r.end);
  return { start: r.start, end: r.end, line: a.line - 1, character: a.col - 1, endLine: b.line - 1, endCharacter: b.col - 1 };
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Where a container's probe and hook handlers name a port. */
const HANDLER_PORTS: readonly Segment[][] = [
  ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((probe) => ['httpGet', 'tcpSocket'].map((h) => [probe, h, 'port'])),
  ...['postStart', 'preStop'].flatMap((hook) => ['httpGet', 'tcpSocket'].map((h) => ['lifecycle', hook, h, 'port'])),
];

class Summariser {
  readonly out: FileSummary = { kubernetes: false, objects: [], references: [] };
  private entries = 0;
  constructor(private readonly file: ParsedFile) {}

  span(doc: ParsedDocument, path: readonly Segment[], anchor: Anchor = 'value'): Span {
    return spanOf(this.file, doc, path, anchor);
  }

  more(): boolean {
    return ++this.entries <= MAX_SUMMARY_ENTRIES;
  }

  document(doc: ParsedDocument): void {
    const v = doc.value;
    if (!isObject(v) || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string') return;
    this.out.kubernetes = true;
    const name = valueAt(v, ['metadata', 'name']);
    if (typeof name !== 'string' || !name) return;
    const namespace = namespaceOf(v);
    const obj: WorkspaceObject = { kind: v.kind, apiVersion: v.apiVersion, namespace, name, document: doc.index, nameSpan: this.span(doc, ['metadata', 'name']) };
    if (v.apiVersion === 'v1' && (v.kind === 'ConfigMap' || v.kind === 'Secret')) {
      const fields = v.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
      obj.keys = [];
      for (const f of fields) for (const k of isObject(v[f]) ? Object.keys(v[f] as Obj) : []) if (this.more()) obj.keys.push({ name: k, span: this.span(doc, [f, k], 'key') });
    }
    if (v.apiVersion === 'v1' && v.kind === 'Service') obj.service = this.service(doc, v);
    if (v.kind === 'StatefulSet') {
      const sn = valueAt(v, ['spec', 'serviceName']);
      if (typeof sn === 'string' && sn) obj.serviceName = { name: sn, span: this.span(doc, ['spec', 'serviceName']), path: 'spec.serviceName' };
    }
    const pod = findPod(v);
    if (pod) {
      obj.template = this.template(doc, pod.metadataPath, pod.specPath);
      this.references(doc, namespace, pod.specPath);
    }
    this.out.objects.push(obj);
  }

  private service(doc: ParsedDocument, v: Obj): ServiceFacts {
    const spec = isObject(v.spec) ? v.spec : {};
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
    const facts: ServiceFacts = {
      type,
      headless: spec.clusterIP === 'None',
      selector: isObject(spec.selector) && Object.keys(spec.selector).length ? stringMap(spec.selector) : undefined,
      selectorSpan: this.span(doc, ['spec', 'selector'], 'key'),
      ports: [],
    };
    listOf(spec.ports).forEach((p, i) => {
      if (!isObject(p) || !this.more()) return;
      const at: Segment[] = ['spec', 'ports', i];
      const port = typeof p.port === 'number' ? p.port : undefined;
      const written = typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort !== '');
      const targetPort = written ? (p.targetPort as string | number) : port;
      facts.ports.push({
        name: typeof p.name === 'string' ? p.name : undefined,
        port,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
        targetPort,
        targetSpan: this.span(doc, [...at, written ? 'targetPort' : 'port']),
        targetWritten: written,
        nodePort: typeof p.nodePort === 'number' && p.nodePort > 0 ? p.nodePort : undefined,
        nodePortSpan: typeof p.nodePort === 'number' ? this.span(doc, [...at, 'nodePort']) : undefined,
        path: formatPath(at),
      });
    });
    return facts;
  }

  private template(doc: ParsedDocument, metadataPath: Segment[], specPath: Segment[]): TemplateFacts {
    const facts: TemplateFacts = { labels: stringMap(valueAt(doc.value, [...metadataPath, 'labels'])), ports: [], portUses: [] };
    for (const list of CONTAINER_LISTS) {
      listOf(valueAt(doc.value, [...specPath, list])).forEach((c, i) => {
        if (!isObject(c)) return;
        const cat: Segment[] = [...specPath, list, i];
        const container = typeof c.name === 'string' ? c.name : `${list}[${i}]`;
        listOf(c.ports).forEach((p, j) => {
          if (!isObject(p) || !this.more()) return;
          const at = [...cat, 'ports', j];
          const name = typeof p.name === 'string' && p.name ? p.name : undefined;
          const number = typeof p.containerPort === 'number' ? p.containerPort : undefined;
          facts.ports.push({
            container,
            name,
            nameSpan: name ? this.span(doc, [...at, 'name']) : undefined,
            number,
            numberSpan: number !== undefined ? this.span(doc, [...at, 'containerPort']) : undefined,
            protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
          });
        });
        // A probe or hook handler naming a port of this container: renamed with it.
        for (const rel of HANDLER_PORTS) {
          const port = valueAt(c, rel);
          if (typeof port === 'string' && port && this.more()) facts.portUses.push({ name: port, span: this.span(doc, [...cat, ...rel]) });
        }
      });
    }
    return facts;
  }

  private references(doc: ParsedDocument, namespace: string, specPath: Segment[]): void {
    const spec = valueAt(doc.value, specPath);
    if (!isObject(spec)) return;
    const add = (kind: RefKind, src: Obj, nameField: string, at: Segment[], optional: boolean, key?: { value: unknown; at: Segment[] }) => {
      const name = src[nameField];
      if (typeof name !== 'string' || !name || !this.more()) return;
      const namePath = [...at, nameField];
      const ref: Reference = { kind, namespace, name, nameSpan: this.span(doc, namePath), optional, document: doc.index, path: formatPath(namePath), namePath: formatPath(namePath) };
      if (key && typeof key.value === 'string' && key.value) {
        ref.key = key.value;
        ref.keySpan = this.span(doc, key.at);
        ref.path = formatPath(key.at);
      }
      this.out.references.push(ref);
    };
    for (const list of CONTAINER_LISTS) {
      listOf(spec[list]).forEach((c, i) => {
        if (!isObject(c)) return;
        const cat: Segment[] = [...specPath, list, i];
        listOf(c.env).forEach((e, j) => {
          const from = isObject(e) && isObject(e.valueFrom) ? e.valueFrom : null;
          if (!from) return;
          for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
            const r = from[field];
            const at = [...cat, 'env', j, 'valueFrom', field];
            if (isObject(r)) add(kind, r, 'name', at, r.optional === true, { value: r.key, at: [...at, 'key'] });
          }
        });
        listOf(c.envFrom).forEach((e, j) => {
          if (!isObject(e)) return;
          for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
            const r = e[field];
            if (isObject(r)) add(kind, r, 'name', [...cat, 'envFrom', j, field], r.optional === true);
          }
        });
      });
    }
    const withItems = (kind: RefKind, src: Obj, nameField: string, at: Segment[]) => {
      const optional = src.optional === true;
      add(kind, src, nameField, at, optional);
      listOf(src.items).forEach((it, k) => {
        if (isObject(it)) add(kind, src, nameField, at, optional, { value: it.key, at: [...at, 'items', k, 'key'] });
      });
    };
    listOf(spec.volumes).forEach((vol, i) => {
      if (!isObject(vol)) return;
      const at: Segment[] = [...specPath, 'volumes', i];
      if (isObject(vol.configMap)) withItems('ConfigMap', vol.configMap, 'name', [...at, 'configMap']);
      if (isObject(vol.secret)) withItems('Secret', vol.secret, 'secretName', [...at, 'secret']);
      if (isObject(vol.persistentVolumeClaim)) add('PersistentVolumeClaim', vol.persistentVolumeClaim, 'claimName', [...at, 'persistentVolumeClaim'], false);
      if (isObject(vol.projected)) {
        listOf(vol.projected.sources).forEach((s, k) => {
          if (!isObject(s)) return;
          const sat: Segment[] = [...at, 'projected', 'sources', k];
          if (isObject(s.configMap)) withItems('ConfigMap', s.configMap, 'name', [...sat, 'configMap']);
          if (isObject(s.secret)) withItems('Secret', s.secret, 'name', [...sat, 'secret']);
        });
      }
    });
    // `default` exists in every namespace (the service account controller makes it).
    if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== 'default') add('ServiceAccount', spec, 'serviceAccountName', specPath, false);
  }
}

/** The summary of a parsed file. Never throws on any input the parser accepts. */
export function summarize(file: ParsedFile): FileSummary {
  const s = new Summariser(file);
  for (const doc of file.documents) {
    // A document that cannot be read says nothing about the workspace (its own analysis reports it).
    if (doc.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY') || doc.decodeError) continue;
    s.document(doc);
  }
  return s.out;
}
