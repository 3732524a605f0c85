// Runs given pod rules over a text the way the engine runs its registered ones (same context, same
// anchoring, same severity precedence), so that rules can be tested before, and whether or not, they
// are in the engine's registry.
import { formatPath } from '../../../../server/src/analysis/fieldPath';
import { collectObjects } from '../../../../server/src/analysis/objects';
import type { PodContext, PodRule } from '../../../../server/src/analysis/rule';
import type { AnalysisOptions, Problem } from '../../../../server/src/analysis/types';
import { DEFAULT_KUBERNETES_VERSION } from '../../../../server/src/analysis/types';
import { findPod, valueAt } from '../../../../server/src/analysis/workloads';
import { anchorRange, parseYaml } from '../../../../server/src/analysis/yamlModel';

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function runRules(text: string, rules: readonly PodRule[], options: AnalysisOptions = {}): Problem[] {
  const file = parseYaml(text);
  const objects = collectObjects(file);
  const severities = options.severities ?? {};
  const out: Problem[] = [];
  for (const document of file.documents) {
    const pod = findPod(document.value);
    if (!pod) continue;
    for (const rule of rules) {
      const configured = severities[rule.id];
      if (configured === 'off') continue;
      const ctx: PodContext = {
        file,
        objects,
        document,
        pod,
        spec: asObject(valueAt(document.value, pod.specPath)),
        metadata: asObject(valueAt(document.value, pod.metadataPath)),
        kubernetesVersion: options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
        at: (...rel) => [...pod.specPath, ...rel],
        report: (r) =>
          out.push({
            rule: rule.id,
            severity: configured ?? r.severity ?? rule.defaultSeverity,
            message: r.message,
            path: formatPath(r.path),
            range: anchorRange(document, r.path, r.anchor ?? 'value'),
            document: document.index,
            related: r.related?.map((rel) => ({
              range: anchorRange((rel.document !== undefined && file.documents[rel.document]) || document, rel.path, rel.anchor ?? 'value'),
              message: rel.message,
            })),
            fixes: r.fixes,
          }),
      };
      rule.check(ctx);
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.rule.localeCompare(b.rule));
}
