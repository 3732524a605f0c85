// Hover: what the schema says about the field under the cursor (for the configured Kubernetes
// version), and what any problem at that spot is about, with a link to its rule page.
import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { formatPath } from '../analysis/fieldPath';
import { ruleById } from '../analysis/rules';
import type { Problem } from '../analysis/types';
import { schemaVersionFor } from '../analysis/types';
import type { ParsedFile } from '../analysis/yamlModel';
import { pathAtOffset } from '../analysis/yamlModel';
import { valueAt } from '../analysis/workloads';
import { ruleUrl } from './docsUrl';
import { fieldFacts } from './schemaFacts';
import type { Settings } from './settings';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function problemText(p: Problem, settings: Settings): string {
  const rule = ruleById(p.rule);
  const about = rule ? ` — ${rule.description}` : '';
  return `**${p.rule}** (${p.severity})${about} [Rule page](${ruleUrl(p.rule, settings.docsBaseUrl)})`;
}

export function hover(file: ParsedFile, problems: Problem[], offset: number, settings: Settings): Hover | null {
  const parts: string[] = [];
  const document = file.documents.find((d) => d.range.start <= offset && offset <= d.range.end);
  if (document) {
    const path = pathAtOffset(document, offset);
    const apiVersion = str(valueAt(document.value, ['apiVersion']));
    const kind = str(valueAt(document.value, ['kind']));
    const facts = path.length ? fieldFacts(apiVersion, kind, path, settings.kubernetesVersion) : undefined;
    if (facts && (facts.description || facts.type)) {
      const field = path.filter((s) => typeof s === 'string').pop() ?? '';
      const type = facts.type ? ` \`${facts.type}\`` : '';
      const version = settings.kubernetesVersion;
      const schema = schemaVersionFor(version);
      // Between shipped schemas, the nearest older one describes the fields: say which.
      const versionText = schema === version ? version : `${version} (schema of ${schema})`;
      parts.push(`**${field}**${type} · ${kind} \`${formatPath(path)}\` · Kubernetes ${versionText}`);
      if (facts.enum?.length) parts.push(`Allowed: ${facts.enum.map((e) => `\`${e}\``).join(', ')}`);
      if (facts.description) parts.push(facts.description);
    }
  }
  const here = problems.filter((p) => p.range.start <= offset && offset <= p.range.end);
  for (const p of here) parts.push(problemText(p, settings));
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
}
