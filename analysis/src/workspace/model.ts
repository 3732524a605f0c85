// The workspace: the summaries of many files (summary.ts), the objects they define by kind, namespace
// and name, and who depends on whom. A file is replaced as a whole (`set`); the answer is the other
// files whose cross-file checks may now say something else, so that an edit re-checks that file and
// its dependents only. Files are named by any string the caller uses (a URI, a path).
import type { FileSummary, WorkspaceObject } from './summary';

/** What a dependency is on: one object (`kind/ns/name`), every pod template of a namespace, NodePorts. */
function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
const templatesKey = (namespace: string) => `templates/${namespace}`;
/** NodePorts are allocated cluster-wide, whatever the namespace (pkg/registry/core/service/portallocator). */
const NODE_PORTS = 'nodeports';

export interface Located<T> {
  file: string;
  object: T;
}

/** Per dependency key, what the file contributes to it (compared to tell a change from none). */
function provides(s: FileSummary): Map<string, string> {
  const parts = new Map<string, unknown[]>();
  const put = (key: string, v: unknown) => {
    const list = parts.get(key);
    if (list) list.push(v);
    else parts.set(key, [v]);
  };
  for (const o of s.objects) {
    put(objectKey(o.kind, o.namespace, o.name), o);
    if (o.template) put(templatesKey(o.namespace), [o.kind, o.name, o.nameSpan, o.template]);
    if (o.service?.ports.some((p) => p.nodePort !== undefined)) put(NODE_PORTS, [o.namespace, o.name, o.nameSpan, o.service.ports]);
  }
  return new Map([...parts].map(([k, v]) => [k, JSON.stringify(v)]));
}

/** The keys whose definitions the file's checks read. */
function needs(s: FileSummary): Set<string> {
  const out = new Set<string>();
  for (const r of s.references) out.add(objectKey(r.kind, r.namespace, r.name));
  for (const o of s.objects) {
    if (o.service?.selector) out.add(templatesKey(o.namespace));
    if (o.service?.ports.some((p) => p.nodePort !== undefined)) out.add(NODE_PORTS);
    if (o.serviceName) out.add(objectKey('Service', o.namespace, o.serviceName.name));
  }
  return out;
}

interface Entry {
  summary: FileSummary;
  provides: Map<string, string>;
  needs: Set<string>;
}

export class Workspace {
  private readonly files = new Map<string, Entry>();
  /** Dependency key → files that provide it. */
  private readonly providers = new Map<string, Set<string>>();
  /** Dependency key → files that need it. */
  private readonly dependents = new Map<string, Set<string>>();

  /** Replaces a file's summary; returns the other files whose cross-file results may have changed. */
  set(file: string, summary: FileSummary): string[] {
    const old = this.files.get(file);
    const entry: Entry = { summary, provides: provides(summary), needs: needs(summary) };
    const changed = new Set<string>();
    for (const [k, v] of entry.provides) if (old?.provides.get(k) !== v) changed.add(k);
    for (const k of old?.provides.keys() ?? []) if (!entry.provides.has(k)) changed.add(k);
    if (old) this.unindex(file, old);
    this.files.set(file, entry);
    this.index(file, entry);
    return this.affected(file, changed);
  }

  /** Removes a file (deleted, or no longer of the workspace); returns its dependents. */
  delete(file: string): string[] {
    const old = this.files.get(file);
    if (!old) return [];
    this.unindex(file, old);
    this.files.delete(file);
    return this.affected(file, new Set(old.provides.keys()));
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  summary(file: string): FileSummary | undefined {
    return this.files.get(file)?.summary;
  }

  get size(): number {
    return this.files.size;
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  /** The objects of a kind, namespace and name, in every file that defines one. */
  find(kind: string, namespace: string, name: string): Located<WorkspaceObject>[] {
    const out: Located<WorkspaceObject>[] = [];
    for (const file of this.providers.get(objectKey(kind, namespace, name)) ?? []) {
      for (const object of this.files.get(file)?.summary.objects ?? []) {
        if (object.kind === kind && object.namespace === namespace && object.name === name) out.push({ file, object });
      }
    }
    return out;
  }

  /** The pods and pod templates of a namespace. */
  templates(namespace: string): Located<WorkspaceObject>[] {
    return this.objectsUnder(templatesKey(namespace), (o) => o.namespace === namespace && o.template !== undefined);
  }

  /** The Services of a namespace. */
  services(namespace: string): Located<WorkspaceObject>[] {
    const out: Located<WorkspaceObject>[] = [];
    for (const [file, e] of this.files) for (const object of e.summary.objects) if (object.service && object.namespace === namespace) out.push({ file, object });
    return out;
  }

  /** Services with a NodePort, in every namespace. */
  nodePortServices(): Located<WorkspaceObject>[] {
    return this.objectsUnder(NODE_PORTS, (o) => o.service?.ports.some((p) => p.nodePort !== undefined) === true);
  }

  /** The files that reference objects this file defines (now or before its last change). */
  dependentsOf(file: string): string[] {
    const e = this.files.get(file);
    return e ? this.affected(file, new Set(e.provides.keys())) : [];
  }

  private objectsUnder(key: string, keep: (o: WorkspaceObject) => boolean): Located<WorkspaceObject>[] {
    const out: Located<WorkspaceObject>[] = [];
    for (const file of this.providers.get(key) ?? []) for (const object of this.files.get(file)?.summary.objects ?? []) if (keep(object)) out.push({ file, object });
    return out;
  }

  private affected(file: string, keys: Set<string>): string[] {
    const out = new Set<string>();
    for (const k of keys) for (const f of this.dependents.get(k) ?? []) if (f !== file) out.add(f);
    return [...out].sort();
  }

  private index(file: string, e: Entry): void {
    for (const k of e.provides.keys()) add(this.providers, k, file);
    for (const k of e.needs) add(this.dependents, k, file);
  }

  private unindex(file: string, e: Entry): void {
    for (const k of e.provides.keys()) remove(this.providers, k, file);
    for (const k of e.needs) remove(this.dependents, k, file);
  }
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
}

function remove(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (!s.size) m.delete(k);
}
