// Hover: what the schema says about the field under the cursor (for the configured Kubernetes
// version), and what any problem at that spot is about, with a link to its rule page.
import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node } from 'yaml';
import { stringOf, formatPath, ruleById, schemaVersionFor, isScalar, locate, pathAtOffset, valueAt, ruleUrl, type OffsetRange, type Problem, type Segment, type ParsedDocument, type ParsedFile } from '../../analysis/src';
import { toRange } from './diagnostics';
import { fieldFacts } from './schemaFacts';
import type { Settings } from './settings';

function problemText(p: Problem, settings: Settings): string {
  const rule = ruleById(p.rule);
  const about = rule ? ` — ${rule.description}` : '';
  return `**${p.rule}** (${p.severity})${about} [Rule page](${ruleUrl(p.rule, settings.docsBaseUrl)})`;
}

/** The key or scalar under the cursor, so that the client can highlight what the hover is about. */
function tokenAt(document: ParsedDocument, path: Segment[], offset: number): OffsetRange | undefined {
  const { pair, node } = locate(document.doc, path);
  const key = pair?.key as Node | undefined;
  for (const n of [key, isScalar(node) ? node : undefined]) {
    if (n?.range && n.range[0] <= offset && offset <= n.range[1]) return { start: n.range[0], end: n.range[1] };
  }
  return undefined;
}

export function hover(doc: TextDocument, file: ParsedFile, problems: Problem[], offset: number, settings: Settings): Hover | null {
  const parts: string[] = [];
  let token: OffsetRange | undefined;
  const document = file.documents.find((d) => d.range.start <= offset && offset <= d.range.end);
  if (document) {
    const path = pathAtOffset(document, offset);
    const apiVersion = (stringOf(valueAt(document.value, ['apiVersion'])) ?? '');
    const kind = (stringOf(valueAt(document.value, ['kind'])) ?? '');
    const facts = path.length ? fieldFacts(apiVersion, kind, path, settings.kubernetesVersion) : undefined;
    if (facts && (facts.description || facts.type)) {
      token = tokenAt(document, path, offset);
      const field = path.filter((s) => typeof s === 'string').pop() ?? '';
      const type = facts.type ? ` \`${facts.type}\`` : '';
      const version = settings.kubernetesVersion;
      const schema = schemaVersionFor(version);
      // Between shipped schemas, the nearest older one describes the fields: say which.
      const versionText = schema === version ? version : `${version} (schema of ${schema})`;
      parts.push(`**${field}**${type} · ${kind} \`${formatPath(path, document.value, version)}\` · Kubernetes ${versionText}`);
      if (facts.enum?.length) parts.push(`Allowed: ${facts.enum.map((e) => `\`${e}\``).join(', ')}`);
      if (facts.description) parts.push(facts.description);
    }
  }
  const here = problems.filter((p) => p.range.start <= offset && offset <= p.range.end);
  for (const p of here) parts.push(problemText(p, settings));
  if (!parts.length) return null;
  const result: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
  if (token) result.range = toRange(doc, token);
  return result;
}
