// A workload's selector must select its own pod template (pkg/apis/apps/validation/validation.go,
// ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec / ValidateDaemonSetSpec:
// "`selector` does not match template `labels`", and "empty selector is invalid"; a Job with
// manualSelector likewise, pkg/apis/batch/validation; a ReplicationController's selector map,
// ValidateReplicationControllerSpec). A missing selector is the schema's "required" finding.
import type { PodRule } from '../../rule';
import type { Fix, Segment, TextEdit } from '../../types';
import { addKeyLine } from './edits';
import { isObject, listOf, objAt, q, str } from './support';

export const ID = 'selector-mismatch';

const LABEL_SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

interface Failure {
  path: Segment[];
  text: string;
  /** A matchLabels entry whose key the template lacks: adding it is a mechanical fix. */
  addable?: string;
}

function failures(selector: Record<string, unknown>, selPath: Segment[], labels: Record<string, unknown>): Failure[] {
  const out: Failure[] = [];
  const matchLabels = objAt(selector, 'matchLabels') ?? {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (typeof v !== 'string') continue;
    if (labels[k] !== v) {
      out.push({ path: [...selPath, 'matchLabels', k], text: `${k}=${v}`, addable: k in labels ? undefined : `${k}: ${v}` });
    }
  }
  listOf(selector.matchExpressions).forEach((e, i) => {
    if (!isObject(e)) return;
    const key = str(e, 'key');
    const op = str(e, 'operator');
    if (!key || !op) return;
    const values = listOf(e.values).filter((x): x is string => typeof x === 'string');
    const has = typeof labels[key] === 'string';
    const value = has ? (labels[key] as string) : '';
    const ok =
      op === 'In' ? has && values.includes(value) : op === 'NotIn' ? !has || !values.includes(value) : op === 'Exists' ? has : op === 'DoesNotExist' ? !has : true;
    if (!ok) out.push({ path: [...selPath, 'matchExpressions', i], text: `${key} ${op}${values.length ? ` (${values.join(', ')})` : ''}` });
  });
  return out;
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A Deployment's (ReplicaSet's, StatefulSet's, DaemonSet's, manual Job's, ReplicationController's) selector that does not select its own pod template.",
  check(ctx) {
    const root = ctx.document.value;
    if (!isObject(root) || !isObject(root.spec)) return;
    const spec = root.spec;
    const kind = ctx.pod.kind;
    const labelsPath = [...ctx.pod.metadataPath, 'labels'];
    const labels = objAt(ctx.metadata, 'labels') ?? {};
    let found: Failure[] = [];
    if (LABEL_SELECTOR_KINDS.has(kind) || (kind === 'Job' && spec.manualSelector === true)) {
      const selector = spec.selector;
      if (!isObject(selector)) return;
      const empty = Object.keys(objAt(selector, 'matchLabels') ?? {}).length === 0 && listOf(selector.matchExpressions).length === 0;
      if (empty) {
        ctx.report({ path: ['spec', 'selector'], anchor: 'key', message: `An empty selector is invalid for a ${kind}: it would select every pod in the namespace.` });
        return;
      }
      found = failures(selector, ['spec', 'selector'], labels);
    } else if (kind === 'ReplicationController') {
      const selector = objAt(spec, 'selector');
      // An absent or empty selector is defaulted from the template's labels.
      if (!selector || Object.keys(selector).length === 0) return;
      found = failures({ matchLabels: selector }, ['spec', 'selector'], labels).map((f) => ({ ...f, path: ['spec', 'selector', f.path[f.path.length - 1]] }));
    } else {
      return;
    }
    if (found.length === 0) return;
    const lines = found.map((f) => f.addable).filter((x): x is string => !!x);
    const fixes: Fix[] = [];
    const hasLabels = isObject(ctx.metadata.labels);
    if (lines.length === found.length && hasLabels) {
      const edits = lines.map((l) => addKeyLine(ctx, labelsPath, l)).filter((e): e is TextEdit => e !== null);
      if (edits.length === lines.length) {
        fixes.push({ title: `Add ${lines.map((l) => q(l)).join(', ')} to the template's labels`, edits, preferred: true });
      }
    }
    ctx.report({
      // On the labels when written, else on the template's metadata (or its nearest key).
      path: hasLabels ? labelsPath : ctx.pod.metadataPath,
      anchor: 'key',
      message: `spec.selector does not match the pod template's labels (${found.map((f) => f.text).join('; ')}): the ${kind} would not own its own pods.`,
      related: found.map((f) => ({ path: f.path, anchor: 'key' as const, message: `selector requires ${f.text}` })),
      fixes: fixes.length ? fixes : undefined,
    });
  },
};
