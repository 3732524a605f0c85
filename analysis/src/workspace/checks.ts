// The checks that need more than one file: what a file's references find (or do not find) in the rest
// of the workspace, and what its Services and StatefulSets find among the workspace's pods and
// Services. They read summaries only (summary.ts), never a syntax tree, so checking a file after an
// edit of another costs a few lookups.
//
// Missing objects: a reference to an object that no file of the workspace defines is reported only
// when the workspace is `complete` (a folder was indexed, the command line was given a folder):
// with a single file, the object may well be in the next file or in the cluster, and nothing is said
// (as before). Optional references are never reported missing: the kubelet leaves them out.
import type { RuleMeta } from '../rule';
import type { Severity, SeveritySetting } from '../types';
import { quote } from '../quote';
import type { Workspace, Located } from './model';
import type { Reference, Span, WorkspaceObject } from './summary';

export const OBJECT_MISSING: RuleMeta = {
  id: 'object-missing',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'A pod references a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount that no file of the workspace defines.',
};
export const SERVICE_SELECTS_NOTHING: RuleMeta = {
  id: 'service-selects-nothing',
  category: 'lint',
  defaultSeverity: 'warning',
  description: "A Service's selector matches no pod or pod template of the workspace in its namespace.",
};
export const SERVICE_TARGET_PORT_UNDECLARED: RuleMeta = {
  id: 'service-target-port-undeclared',
  category: 'lint',
  defaultSeverity: 'warning',
  description: "A Service's targetPort (a name or a number) that the pods it selects do not declare.",
};
export const STATEFULSET_SERVICE_MISSING: RuleMeta = {
  id: 'statefulset-service-missing',
  category: 'lint',
  defaultSeverity: 'warning',
  description: "A StatefulSet's serviceName names no headless Service of the workspace.",
};
export const NODE_PORT_CONFLICT: RuleMeta = {
  id: 'node-port-conflict',
  category: 'api',
  defaultSeverity: 'error',
  description: 'Two Services of the workspace claim the same nodePort.',
};

export const WORKSPACE_RULES: RuleMeta[] = [OBJECT_MISSING, SERVICE_SELECTS_NOTHING, SERVICE_TARGET_PORT_UNDECLARED, STATEFULSET_SERVICE_MISSING, NODE_PORT_CONFLICT];

/** A problem of one file whose related locations may be in other files. */
export interface WorkspaceProblem {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  document: number;
  span: Span;
  related: { file: string; span: Span; message: string }[];
}

export interface WorkspaceCheckOptions {
  severities?: Record<string, SeveritySetting>;
  /** The workspace holds every file of the application: what no file defines is missing. */
  complete?: boolean;
  /** How a file is named in messages (default: the last segment of its name). */
  label?: (file: string) => string;
}

/** Problems listed per file, at most. */
const MAX_PROBLEMS = 500;

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Whether a selector (equality only, as a Service's) matches labels. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The Service's selected pod templates. */
export function selected(ws: Workspace, service: WorkspaceObject): Located<WorkspaceObject>[] {
  const selector = service.service?.selector;
  if (!selector) return [];
  return ws.templatesSelected(service.namespace, selector);
}

/** The objects a reference names, same namespace. */
export function resolve(ws: Workspace, ref: Reference): Located<WorkspaceObject>[] {
  return ws.find(ref.kind, ref.namespace, ref.name);
}

export function checkWorkspaceFile(ws: Workspace, file: string, options: WorkspaceCheckOptions = {}): WorkspaceProblem[] {
  const summary = ws.summary(file);
  if (!summary) return [];
  const label = options.label ?? baseName;
  const out: WorkspaceProblem[] = [];
  const report = (meta: RuleMeta, p: Omit<WorkspaceProblem, 'rule' | 'severity'>, severity?: Severity) => {
    const configured = options.severities?.[meta.id];
    if (configured === 'off' || out.length >= MAX_PROBLEMS) return;
    out.push({ rule: meta.id, severity: configured ?? severity ?? meta.defaultSeverity, ...p });
  };
  const where = (l: Located<WorkspaceObject>) => (l.file === file ? 'in this file' : `in ${label(l.file)}`);
  const seenNames = new Set<number>();

  for (const ref of summary.references) {
    const found = resolve(ws, ref);
    if (!found.length) {
      if (!options.complete || ref.optional || seenNames.has(ref.nameSpan.start)) continue;
      seenNames.add(ref.nameSpan.start);
      report(OBJECT_MISSING, {
        message: `No file of the workspace defines ${ref.kind} ${quote(ref.name)} in namespace ${quote(ref.namespace)}: the pod will not start unless it exists in the cluster.`,
        path: ref.namePath,
        document: ref.document,
        span: ref.nameSpan,
        related: [],
      });
      continue;
    }
    // Keys of an object in this same file are the single-file rule's (config-key-missing, with its fix).
    if (ref.key === undefined || !ref.keySpan || found.some((l) => l.file === file)) continue;
    if (found.some((l) => l.object.keys?.some((k) => k.name === ref.key))) continue;
    const first = found[0];
    const keys = first.object.keys ?? [];
    const known = keys.length ? `It has ${keys.slice(0, 5).map((k) => quote(k.name)).join(', ')}${keys.length > 5 ? ', …' : ''}.` : 'It has no keys.';
    const consequence = ref.optional ? 'the reference is optional, so it is simply left out' : 'the pod will not start';
    report(
      { id: 'config-key-missing', category: 'lint', defaultSeverity: 'error', description: '' },
      {
        message: `${ref.kind} ${quote(ref.name)} ${where(first)} has no key ${quote(ref.key)}: ${consequence}. ${known}`,
        path: ref.path,
        document: ref.document,
        span: ref.keySpan,
        related: found.map((l) => ({ file: l.file, span: l.object.nameSpan, message: `${ref.kind} ${quote(ref.name)} is defined here` })),
      },
      ref.optional ? 'info' : undefined,
    );
  }

  for (const obj of summary.objects) {
    if (obj.service) serviceChecks(ws, file, obj, options.complete === true, report, where);
    if (obj.serviceName && options.complete) {
      const services = ws.find('Service', obj.namespace, obj.serviceName.name);
      const headless = services.filter((s) => s.object.service?.headless);
      if (!headless.length) {
        report(STATEFULSET_SERVICE_MISSING, {
          message: services.length
            ? `Service ${quote(obj.serviceName.name)} ${where(services[0])} is not headless (clusterIP: None): the pods of StatefulSet ${quote(obj.name)} get no DNS names of their own.`
            : `No file of the workspace defines Service ${quote(obj.serviceName.name)} in namespace ${quote(obj.namespace)}: the pods of StatefulSet ${quote(obj.name)} get no DNS names of their own (a headless Service gives them <pod>.${obj.serviceName.name}).`,
          path: obj.serviceName.path,
          document: obj.document,
          span: obj.serviceName.span,
          related: services.map((s) => ({ file: s.file, span: s.object.nameSpan, message: `Service ${quote(obj.serviceName?.name)} is defined here` })),
        });
      }
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}

type Reporter = (meta: RuleMeta, p: Omit<WorkspaceProblem, 'rule' | 'severity'>, severity?: Severity) => void;

function serviceChecks(ws: Workspace, file: string, svc: WorkspaceObject, complete: boolean, report: Reporter, where: (l: Located<WorkspaceObject>) => string): void {
  const facts = svc.service;
  if (!facts) return;
  if (facts.selector) {
    const templates = selected(ws, svc);
    const selector = Object.entries(facts.selector).map(([k, v]) => `${k}=${v}`).join(',');
    if (!templates.length && complete) {
      report(SERVICE_SELECTS_NOTHING, {
        message: `Service ${quote(svc.name)} selects no pod of the workspace in namespace ${quote(svc.namespace)} (selector ${quote(selector)}): it will have no endpoints.`,
        path: 'spec.selector',
        document: svc.document,
        span: facts.selectorSpan,
        related: [],
      });
    }
    for (const port of facts.ports) {
      const target = port.targetPort;
      if (target === undefined || !port.targetSpan || !templates.length) continue;
      // A named targetPort is looked up in each pod (podutil.FindPort): a pod without it is no endpoint.
      // A number needs no declaration, but a pod that declares its ports and not this one is a slip.
      const lacking = templates.filter((t) => {
        const ports = t.object.template?.ports ?? [];
        return typeof target === 'string' ? !ports.some((p) => p.name === target) : ports.length > 0 && !ports.some((p) => p.number === target);
      });
      if (!lacking.length) continue;
      const named = typeof target === 'string';
      const whose = lacking.map((t) => `${t.object.kind} ${quote(t.object.name)} ${where(t)}`).join(', ');
      report(SERVICE_TARGET_PORT_UNDECLARED, {
        message: named
          ? `No container of ${whose} has a port named ${quote(target)}: those pods are no endpoints of this Service port.`
          : `No container of ${whose} declares containerPort ${target}${port.targetWritten ? '' : ' (the targetPort defaults to the port)'}: is the Service's targetPort the port the pods listen on?`,
        path: `${port.path}.${port.targetWritten ? 'targetPort' : 'port'}`,
        document: svc.document,
        span: port.targetSpan,
        related: lacking.map((t) => ({ file: t.file, span: t.object.nameSpan, message: `${t.object.kind} ${quote(t.object.name)} is selected by Service ${quote(svc.name)}` })),
      });
    }
  }
  for (const port of facts.ports) {
    if (port.nodePort === undefined || !port.nodePortSpan) continue;
    const others = ws.nodePortClaims(port.nodePort).filter((o) => !(o.file === file && o.object.document === svc.document));
    if (!others.length) continue;
    report(NODE_PORT_CONFLICT, {
      message: `nodePort ${port.nodePort} is also claimed by Service ${quote(others[0].object.name)} ${where(others[0])}: NodePorts are allocated cluster-wide, and the API server refuses the second Service ("provided port is already allocated").`,
      path: `${port.path}.nodePort`,
      document: svc.document,
      span: port.nodePortSpan,
      related: others.map((o) => ({ file: o.file, span: o.object.nameSpan, message: `Service ${quote(o.object.name)} claims nodePort ${port.nodePort}` })),
    });
  }
}
