// Following references across the files of a workspace: Go to Definition, Find References and Rename,
// from what is at an offset of a file. Like the checks, they read summaries only.
import type { Located, Workspace } from './model';
import { selected, selects } from './checks';
import type { Reference, Span, WorkspaceObject } from './summary';

export interface Place {
  file: string;
  span: Span;
}

export interface RenameEdit extends Place {
  newText: string;
}

/** What is at an offset of a file, of what the workspace model knows. */
type Target =
  | { what: 'object'; kind: string; namespace: string; name: string }
  | { what: 'key'; kind: string; namespace: string; name: string; key: string }
  | { what: 'port'; templates: Located<WorkspaceObject>[]; name?: string; number?: number; numeric?: boolean }
  | { what: 'service'; namespace: string; name: string };

const within = (s: Span | undefined, offset: number) => !!s && s.start <= offset && offset <= s.end;
const REFERABLE = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount']);

function targetAt(ws: Workspace, file: string, offset: number): Target | undefined {
  return hitAt(ws, file, offset)?.target;
}

/** The target at the offset, and the span of it written there. */
function hitAt(ws: Workspace, file: string, offset: number): { target: Target; span: Span } | undefined {
  const t = findAt(ws, file, offset);
  return t && { target: t[0], span: t[1] };
}

function findAt(ws: Workspace, file: string, offset: number): [Target, Span] | undefined {
  const summary = ws.summary(file);
  if (!summary) return undefined;
  for (const r of summary.references) {
    if (r.keySpan && within(r.keySpan, offset) && r.key !== undefined) return [{ what: 'key', kind: r.kind, namespace: r.namespace, name: r.name, key: r.key }, r.keySpan];
    if (within(r.nameSpan, offset)) return [{ what: 'object', kind: r.kind, namespace: r.namespace, name: r.name }, r.nameSpan];
  }
  for (const o of summary.objects) {
    if (within(o.nameSpan, offset) && REFERABLE.has(o.kind)) return [{ what: 'object', kind: o.kind, namespace: o.namespace, name: o.name }, o.nameSpan];
    for (const k of o.keys ?? []) if (within(k.span, offset)) return [{ what: 'key', kind: o.kind, namespace: o.namespace, name: o.name, key: k.name }, k.span];
    if (o.serviceName && within(o.serviceName.span, offset)) return [{ what: 'service', namespace: o.namespace, name: o.serviceName.name }, o.serviceName.span];
    const self: Located<WorkspaceObject> = { file, object: o };
    for (const p of o.template?.ports ?? []) {
      if (p.nameSpan && within(p.nameSpan, offset)) return [{ what: 'port', templates: [self], name: p.name }, p.nameSpan];
      if (p.numberSpan && within(p.numberSpan, offset)) return [{ what: 'port', templates: [self], number: p.number, name: p.name, numeric: true }, p.numberSpan];
    }
    for (const u of o.template?.portUses ?? []) if (within(u.span, offset)) return [{ what: 'port', templates: [self], name: u.name }, u.span];
    for (const p of o.service?.ports ?? []) {
      if (!p.targetSpan || !within(p.targetSpan, offset) || p.targetPort === undefined) continue;
      const templates = selected(ws, o);
      const t: Target = typeof p.targetPort === 'string' ? { what: 'port', templates, name: p.targetPort } : { what: 'port', templates, number: p.targetPort, numeric: true };
      return [t, p.targetSpan];
    }
  }
  return undefined;
}

/** Every reference in the workspace to an object (and to one of its keys). */
function referencesTo(ws: Workspace, kind: string, namespace: string, name: string): { file: string; ref: Reference }[] {
  const out: { file: string; ref: Reference }[] = [];
  for (const file of ws.fileNames()) {
    for (const ref of ws.summary(file)?.references ?? []) if (ref.kind === kind && ref.namespace === namespace && ref.name === name) out.push({ file, ref });
  }
  return out;
}

/** The container ports of the templates that a port target means. */
function portsOf(t: Extract<Target, { what: 'port' }>): Place[] {
  const out: Place[] = [];
  for (const l of t.templates) {
    for (const p of l.object.template?.ports ?? []) {
      if (t.name !== undefined && p.name === t.name && p.nameSpan) out.push({ file: l.file, span: p.nameSpan });
      else if (t.name === undefined && t.number !== undefined && p.number === t.number && p.numberSpan) out.push({ file: l.file, span: p.numberSpan });
    }
  }
  return out;
}

/** The Service ports (their targetPort) that reach the templates' port. */
function servicesTargeting(ws: Workspace, t: Extract<Target, { what: 'port' }>): Place[] {
  const out: Place[] = [];
  const namespaces = new Set(t.templates.map((l) => l.object.namespace));
  for (const ns of namespaces) {
    for (const s of ws.services(ns)) {
      const selector = s.object.service?.selector;
      if (!selector || !t.templates.some((l) => l.object.namespace === ns && l.object.template && selects(selector, l.object.template.labels))) continue;
      for (const p of s.object.service?.ports ?? []) {
        if (!p.targetSpan) continue;
        if ((t.name !== undefined && p.targetPort === t.name) || (t.number !== undefined && p.targetPort === t.number)) out.push({ file: s.file, span: p.targetSpan });
      }
    }
  }
  return out;
}

export function definitionAt(ws: Workspace, file: string, offset: number): Place[] {
  const t = targetAt(ws, file, offset);
  if (!t) return [];
  switch (t.what) {
    case 'object':
      return ws.find(t.kind, t.namespace, t.name).map((l) => ({ file: l.file, span: l.object.nameSpan }));
    case 'key':
      return ws.find(t.kind, t.namespace, t.name).flatMap((l) => (l.object.keys ?? []).filter((k) => k.name === t.key).map((k) => ({ file: l.file, span: k.span })));
    case 'service':
      return ws.find('Service', t.namespace, t.name).map((l) => ({ file: l.file, span: l.object.nameSpan }));
    case 'port':
      return portsOf(t);
  }
}

export function referencesAt(ws: Workspace, file: string, offset: number, includeDeclaration: boolean): Place[] {
  const t = targetAt(ws, file, offset);
  if (!t) return [];
  const declarations = includeDeclaration ? definitionAt(ws, file, offset) : [];
  let uses: Place[] = [];
  switch (t.what) {
    case 'object':
      uses = referencesTo(ws, t.kind, t.namespace, t.name).map(({ file: f, ref }) => ({ file: f, span: ref.nameSpan }));
      break;
    case 'key':
      uses = referencesTo(ws, t.kind, t.namespace, t.name)
        .filter(({ ref }) => ref.key === t.key && ref.keySpan)
        .map(({ file: f, ref }) => ({ file: f, span: ref.keySpan as Span }));
      break;
    case 'service':
      uses = [];
      break;
    case 'port':
      uses = servicesTargeting(ws, t);
      break;
  }
  return unique([...declarations, ...uses]);
}

function unique(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const k = `${p.file}#${p.span.start}`;
    return !seen.has(k) && seen.add(k);
  });
}

// metadata.name of a ConfigMap or Secret: a DNS subdomain (IsDNS1123Subdomain); a port name: an
// IANA_SVC_NAME (IsValidPortName), both in k8s.io/apimachinery/pkg/util/validation.
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Whether Rename applies at the offset: the span renamed, or why not. */
export function renameTargetAt(ws: Workspace, file: string, offset: number): { span: Span } | { error: string } | undefined {
  const hit = hitAt(ws, file, offset);
  if (!hit) return undefined;
  const t = hit.target;
  if (t.what === 'object' && (t.kind === 'ConfigMap' || t.kind === 'Secret')) return { span: hit.span };
  if (t.what === 'port' && t.name !== undefined && !t.numeric) return { span: hit.span };
  return { error: 'Only the name of a ConfigMap or Secret, or a port name, can be renamed here.' };
}

/** The edits of renaming what is at the offset, in every file; or why it cannot be. */
export function renameAt(ws: Workspace, file: string, offset: number, newName: string): { edits: RenameEdit[] } | { error: string } {
  const where = renameTargetAt(ws, file, offset);
  if (!where) return { error: 'Nothing to rename here.' };
  if ('error' in where) return where;
  const t = targetAt(ws, file, offset);
  if (t?.what === 'object') {
    if (newName.length > 253 || !SUBDOMAIN.test(newName)) return { error: `'${newName}' is not a valid ${t.kind} name: lower-case letters, digits, '-' and '.', at most 253 characters.` };
    return { edits: referencesAt(ws, file, offset, true).map((p) => ({ ...p, newText: newName })) };
  }
  if (t?.what === 'port' && t.name !== undefined) {
    if (newName.length > 15 || !PORT_NAME.test(newName) || !/[a-z]/.test(newName) || newName.includes('--')) {
      return { error: `'${newName}' is not a valid port name: at most 15 lower-case letters, digits and '-', with a letter, no '--'.` };
    }
    const places = [...portsOf({ ...t, number: undefined }), ...servicesTargeting(ws, { ...t, number: undefined })];
    for (const l of t.templates) for (const u of l.object.template?.portUses ?? []) if (u.name === t.name) places.push({ file: l.file, span: u.span });
    return { edits: unique(places).map((p) => ({ ...p, newText: newName })) };
  }
  return { error: 'Nothing to rename here.' };
}
