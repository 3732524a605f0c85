// The workspace: the summaries of many files (summary.ts), the objects they define by kind, namespace
// and name, and who depends on whom. A file is replaced as a whole (`set`); the answer is the other
// files whose cross-file checks may now say something else, so that an edit re-checks that file and
// its dependents only. Files are named by any string the caller uses (a URI, a path).
import type { FileSummary, WorkspaceObject } from './summary';

/** What a dependency is on: one object (`kind/ns/name`), every pod template of a namespace, NodePorts. */
function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
const TEMPLATES = 'templates/';
const templatesKey = (namespace: string) => `${TEMPLATES}${namespace}`;
/** NodePorts are allocated cluster-wide, whatever the namespace (pkg/registry/core/service/portallocator). */
const NODE_PORTS = 'nodeports';

export interface Located<T> {
  file: string;
  object: T;
}

/**
 * Per dependency key, what the file contributes to it (compared to tell a change from none). Kept as
 * the objects themselves: they are written out (`fingerprint`) only when a file is set again, so a
 * workspace built once (`podwright lint` of a folder) never serialises them.
 */
function provides(s: FileSummary): Map<string, unknown[]> {
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
  return parts;
}

/** What an entry contributes to `key`, as text that differs when the contribution does. */
function fingerprint(e: Entry, key: string): string | undefined {
  const part = e.provides.get(key);
  if (part === undefined) return undefined;
  e.fingerprints ??= new Map();
  let text = e.fingerprints.get(key);
  if (text === undefined) {
    text = JSON.stringify(part);
    e.fingerprints.set(key, text);
  }
  return text;
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
  provides: Map<string, unknown[]>;
  /** `provides` written out, per key, once asked for. */
  fingerprints?: Map<string, string>;
  needs: Set<string>;
}

export class Workspace {
  private readonly files = new Map<string, Entry>();
  /** Dependency key → files that provide it. */
  private readonly providers = new Map<string, Set<string>>();
  /** Dependency key → files that need it. */
  private readonly dependents = new Map<string, Set<string>>();

  /**
   * Pod templates by namespace and label (`JSON [key, value]`), in `templates` order: a Service's
   * selector is matched against the templates that have one of its labels, not against every
   * template of the namespace (which made a workspace of N Services and N pods quadratic). Built
   * when first asked for after a change.
   */
  private byLabel?: Map<string, Map<string, Located<WorkspaceObject>[]>>;
  /** Services with a NodePort, by port number, in `nodePortServices` order; built like `byLabel`. */
  private byNodePort?: Map<number, Located<WorkspaceObject>[]>;

  /** Replaces a file's summary; returns the other files whose cross-file results may have changed. */
  set(file: string, summary: FileSummary): string[] {
    const old = this.files.get(file);
    const entry: Entry = { summary, provides: provides(summary), needs: needs(summary) };
    const changed = new Set<string>();
    for (const k of entry.provides.keys()) if (!old || fingerprint(old, k) !== fingerprint(entry, k)) changed.add(k);
    for (const k of old?.provides.keys() ?? []) if (!entry.provides.has(k)) changed.add(k);
    this.put(file, entry);
    return this.affected(file, changed);
  }

  /**
   * Adds or replaces a file's summary without working out which other files it affects: for a
   * workspace built in one go (`podwright lint` of a folder), where every file is checked after the
   * last is added. `set`'s answer costs the dependents of each key, quadratic over a whole folder.
   */
  load(file: string, summary: FileSummary): void {
    this.put(file, { summary, provides: provides(summary), needs: needs(summary) });
  }

  private put(file: string, entry: Entry): void {
    const old = this.files.get(file);
    if (old) this.unindex(file, old);
    this.files.set(file, entry);
    this.index(file, entry);
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

  /** The pod templates of a namespace whose labels have every pair of an equality `selector`, in `templates` order. */
  templatesSelected(namespace: string, selector: Record<string, string>): Located<WorkspaceObject>[] {
    const pairs = Object.entries(selector);
    const labels = (t: Located<WorkspaceObject>) => t.object.template?.labels ?? {};
    const matches = (t: Located<WorkspaceObject>) => t.object.template !== undefined && pairs.every(([k, v]) => labels(t)[k] === v);
    if (!pairs.length) return this.templates(namespace).filter(matches);
    if (!this.byLabel) {
      this.byLabel = new Map();
      for (const key of this.providers.keys()) {
        if (!key.startsWith(TEMPLATES)) continue;
        const ns = key.slice(TEMPLATES.length);
        const index = new Map<string, Located<WorkspaceObject>[]>();
        this.byLabel.set(ns, index);
        for (const t of this.templates(ns)) for (const pair of Object.entries(labels(t))) push(index, JSON.stringify(pair), t);
      }
    }
    const index = this.byLabel.get(namespace);
    // Every match has each pair of the selector: the shortest list of one pair holds them all.
    let fewest: Located<WorkspaceObject>[] | undefined;
    for (const pair of pairs) {
      const list = index?.get(JSON.stringify(pair));
      if (!list) return [];
      if (!fewest || list.length < fewest.length) fewest = list;
    }
    return (fewest ?? []).filter(matches);
  }

  /** Services that claim NodePort `port`, in `nodePortServices` order. */
  nodePortClaims(port: number): Located<WorkspaceObject>[] {
    if (!this.byNodePort) {
      this.byNodePort = new Map();
      for (const s of this.nodePortServices()) {
        for (const n of new Set(s.object.service?.ports.map((p) => p.nodePort))) if (n !== undefined) push(this.byNodePort, n, s);
      }
    }
    return this.byNodePort.get(port) ?? [];
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
    this.byLabel = undefined;
    this.byNodePort = undefined;
    for (const k of e.provides.keys()) add(this.providers, k, file);
    for (const k of e.needs) add(this.dependents, k, file);
  }

  private unindex(file: string, e: Entry): void {
    this.byLabel = undefined;
    this.byNodePort = undefined;
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

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
