// Label and annotation keys and label values the API server rejects (ValidateObjectMeta for the
// object, ValidatePodTemplateSpec for a template's labels and annotations; the formats are
// IsQualifiedName and IsValidLabelValue in k8s.io/apimachinery/pkg/util/validation). A value that is
// not a string at all is the schema's finding. Objects without pods (Services, ConfigMaps …) get the
// same check of their metadata, and a Service's spec.selector is a label map (ValidateService →
// ValidateLabels). A workload's own spec.selector (and a claim's) is a label selector
// (ValidateLabelSelector in k8s.io/apimachinery/pkg/apis/meta/v1/validation): its matchLabels are
// labels, each matchExpressions key a qualified name, In and NotIn with values, Exists and
// DoesNotExist without.
import type { ObjectContext, PodRule, Report } from '../../rule';
import { findPod } from '../../workloads';
import type { Segment } from '../../types';
import { dnsSubdomainProblem, isObject, isPlaceholder, q } from './support';

export const ID = 'invalid-label';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function qualifiedNameProblem(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return "may contain at most one '/'";
  const [prefix, name] = parts.length === 2 ? parts : ['', parts[0]];
  if (parts.length === 2) {
    if (prefix === '') return "must not start with '/'";
    const p = dnsSubdomainProblem(prefix);
    if (p) return `has a prefix that ${p}`;
  }
  if (name.length === 0) return 'needs a name after the prefix';
  if (name.length > 63) return 'has a name part longer than 63 characters';
  if (!NAME.test(name)) return "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return null;
}

export function labelValueProblem(value: string): string | null {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!VALUE.test(value)) return "must be empty or letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return null;
}

function checkMeta(ctx: { report(r: Report): void }, metaPath: Segment[], meta: Record<string, unknown>, labelsKey = 'labels'): void {
  const labels = meta.labels;
  if (isObject(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      if (isPlaceholder(key)) continue;
      const kp = qualifiedNameProblem(key);
      if (kp) ctx.report({ path: [...metaPath, labelsKey, key], anchor: 'key', message: `Label key ${q(key)} is invalid: it ${kp}.` });
      if (typeof value === 'string' && !isPlaceholder(value)) {
        const vp = labelValueProblem(value);
        if (vp) ctx.report({ path: [...metaPath, labelsKey, key], message: `Label value ${q(value)} is invalid: it ${vp}.` });
      }
    }
  }
  const annotations = meta.annotations;
  if (isObject(annotations)) {
    for (const key of Object.keys(annotations)) {
      if (isPlaceholder(key)) continue;
      const kp = qualifiedNameProblem(key.toLowerCase());
      if (kp) ctx.report({ path: [...metaPath, 'annotations', key], anchor: 'key', message: `Annotation key ${q(key)} is invalid: it ${kp}.` });
    }
  }
}

/** ValidateLabelSelector on the selector at `path`. */
function checkSelector(ctx: { report(r: Report): void }, path: Segment[], selector: Record<string, unknown>): void {
  if (isObject(selector.matchLabels)) checkMeta(ctx, path, { labels: selector.matchLabels }, 'matchLabels');
  const expressions = selector.matchExpressions;
  if (!Array.isArray(expressions)) return;
  expressions.forEach((e, i) => {
    if (!isObject(e)) return;
    const at = [...path, 'matchExpressions', i];
    const key = e.key;
    if (typeof key === 'string' && !isPlaceholder(key)) {
      const kp = key === '' ? 'must not be empty' : qualifiedNameProblem(key);
      if (kp) ctx.report({ path: [...at, 'key'], message: `Selector key ${q(key)} is invalid: it ${kp}.` });
    }
    const op = e.operator;
    const values = Array.isArray(e.values) ? e.values : [];
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      ctx.report({ path: Object.hasOwn(e, 'values') ? [...at, 'values'] : [...at, 'operator'], apiPath: [...at, 'values'], message: `values must be specified when operator is 'In' or 'NotIn'.` });
    } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      ctx.report({ path: [...at, 'values'], anchor: 'key', message: `values may not be specified when operator is 'Exists' or 'DoesNotExist'.` });
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string' || isPlaceholder(v)) return;
      const vp = labelValueProblem(v);
      if (vp) ctx.report({ path: [...at, 'values', j], message: `Selector value ${q(v)} is invalid: it ${vp}.` });
    });
  });
}

/** The kinds whose spec.selector is a LabelSelector (a ReplicationController's is a plain label map). */
const SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'PersistentVolumeClaim']);

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A label key or value, an annotation key, or a selector (a Service's, a workload's, a claim's) that the API server rejects for its format.",
  checkObject(ctx: ObjectContext) {
    // Documents with pods have their metadata checked by check().
    if (findPod(ctx.value)) return;
    if (isObject(ctx.value.metadata)) checkMeta(ctx, ['metadata'], ctx.value.metadata);
    const spec = ctx.value.spec;
    if (ctx.value.kind === 'PersistentVolumeClaim' && isObject(spec) && isObject(spec.selector)) checkSelector(ctx, ['spec', 'selector'], spec.selector);
    if (ctx.value.apiVersion === 'v1' && ctx.value.kind === 'Service' && isObject(spec) && isObject(spec.selector)) {
      checkMeta(ctx, ['spec'], { labels: spec.selector }, 'selector');
    }
  },
  check(ctx) {
    const root = ctx.document.value;
    if (isObject(root) && isObject(root.metadata)) checkMeta(ctx, ['metadata'], root.metadata);
    const rootSpec = isObject(root) ? root.spec : undefined;
    if (isObject(root) && typeof root.kind === 'string' && SELECTOR_KINDS.has(root.kind) && isObject(rootSpec) && isObject(rootSpec.selector)) {
      checkSelector(ctx, ['spec', 'selector'], rootSpec.selector);
    }
    if (ctx.pod.isTemplate) checkMeta(ctx, ctx.pod.metadataPath, ctx.metadata);
    // spec.nodeSelector is a label map too (ValidatePodSpec → ValidateLabels).
    if (isObject(ctx.spec.nodeSelector)) checkMeta(ctx, ctx.pod.specPath, { labels: ctx.spec.nodeSelector }, 'nodeSelector');
  },
};
