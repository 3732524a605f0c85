// Node labels that are deprecated in favour of GA ones, used where a pod picks nodes: nodeSelector,
// node affinity terms and topologySpreadConstraints. The API server accepts them with a warning
// (pkg/api/pod/warnings.go, warningsForPodSpecAndMeta; the list is deprecatedNodeLabels in
// pkg/api/node/util.go). Nodes carry both labels, so the rename keeps the meaning.
import type { Node } from 'yaml';
import type { PodContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { locate } from '../../yamlModel';
import { replaceScalar } from './edits';
import { isObject, listOf, objAt, q, str } from './support';

export const ID = 'deprecated-node-label';

const DEPRECATED: Record<string, { since: string; instead: string }> = {
  'beta.kubernetes.io/arch': { since: '1.14', instead: 'kubernetes.io/arch' },
  'beta.kubernetes.io/os': { since: '1.14', instead: 'kubernetes.io/os' },
  'failure-domain.beta.kubernetes.io/region': { since: '1.17', instead: 'topology.kubernetes.io/region' },
  'failure-domain.beta.kubernetes.io/zone': { since: '1.17', instead: 'topology.kubernetes.io/zone' },
  'beta.kubernetes.io/instance-type': { since: '1.17', instead: 'node.kubernetes.io/instance-type' },
};

function message(label: string): string {
  const d = DEPRECATED[label];
  return `Node label ${q(label)} is deprecated since Kubernetes ${d.since}: use ${q(d.instead)}.`;
}

function fix(edit: { range: { start: number; end: number }; newText: string } | null, label: string): Fix[] | undefined {
  return edit ? [{ title: `Use '${DEPRECATED[label].instead}'`, edits: [edit], preferred: true }] : undefined;
}

/** A value that is a mapping key: the edit replaces the key's text. */
function keyReport(ctx: PodContext, path: Segment[], label: string): void {
  const key = locate(ctx.document.doc, path).pair?.key as Node | null | undefined;
  const edit = key?.range ? { range: { start: key.range[0], end: key.range[1] }, newText: DEPRECATED[label].instead } : null;
  ctx.report({ path, anchor: 'key', severity: 'warning', message: message(label), fixes: fix(edit, label) });
}

function valueReport(ctx: PodContext, path: Segment[], label: string): void {
  ctx.report({ path, severity: 'warning', message: message(label), fixes: fix(replaceScalar(ctx, path, DEPRECATED[label].instead), label) });
}

function checkTerm(ctx: PodContext, term: unknown, path: Segment[]): void {
  if (!isObject(term)) return;
  listOf(term.matchExpressions).forEach((e, i) => {
    const key = isObject(e) ? str(e, 'key') : undefined;
    if (key && DEPRECATED[key]) valueReport(ctx, [...path, 'matchExpressions', i, 'key'], key);
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'warning',
  description: 'A deprecated node label (beta.kubernetes.io/arch, failure-domain.beta.kubernetes.io/zone …) in nodeSelector, node affinity or topology spread.',
  check(ctx) {
    const nodeSelector = objAt(ctx.spec, 'nodeSelector');
    for (const key of Object.keys(nodeSelector ?? {})) if (DEPRECATED[key]) keyReport(ctx, ctx.at('nodeSelector', key), key);
    const nodeAffinity = objAt(objAt(ctx.spec, 'affinity') ?? {}, 'nodeAffinity');
    if (nodeAffinity) {
      const required = objAt(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution');
      listOf(required?.nodeSelectorTerms).forEach((t, i) =>
        checkTerm(ctx, t, ctx.at('affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i)),
      );
      listOf(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
        if (isObject(t)) checkTerm(ctx, t.preference, ctx.at('affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i, 'preference'));
      });
    }
    listOf(ctx.spec.topologySpreadConstraints).forEach((c, i) => {
      const key = isObject(c) ? str(c, 'topologyKey') : undefined;
      if (key && DEPRECATED[key]) valueReport(ctx, ctx.at('topologySpreadConstraints', i, 'topologyKey'), key);
    });
  },
};
