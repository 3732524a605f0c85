// Completion items: keys valid at the cursor (required first, present ones left out), enum and
// boolean values, and names that must refer to something defined elsewhere in the pod or file.
import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { collectObjects } from '../analysis/objects';
import { findPod, valueAt } from '../analysis/workloads';
import type { CompletionSite } from './completionSite';
import { completionSite } from './completionSite';
import { toRange } from './diagnostics';
import { referenceCandidates } from './references';
import type { FieldFacts } from './schemaFacts';
import { fieldFacts } from './schemaFacts';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isContainerType(type: string | undefined): 'object' | 'array' | undefined {
  if (!type) return undefined;
  if (type === 'object' || (!type.startsWith('map') && /^[A-Z]/.test(type))) return 'object';
  if (type === 'array' || type.startsWith('[]') || type.startsWith('array')) return 'array';
  return undefined;
}

function keyItems(doc: TextDocument, site: CompletionSite, facts: FieldFacts): CompletionItem[] {
  const present = new Set(site.siblings);
  const range = toRange(doc, site.replace);
  const indent = ' '.repeat(site.keyColumn + 2);
  // `status` at the top is written by the system, never by a person.
  if (site.path.length === 0) present.add('status');
  return facts.properties
    .filter((p) => !present.has(p.name))
    .map((p) => {
      const shape = isContainerType(p.type);
      const newText = shape === 'object' ? `${p.name}:\n${indent}` : shape === 'array' ? `${p.name}:\n${indent}- ` : `${p.name}: `;
      const item: CompletionItem = {
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: p.required ? `${p.type ?? ''} (required)`.trim() : p.type,
        // Required keys sort first, then the rest by name.
        sortText: `${p.required ? '0' : '1'}${p.name}`,
        filterText: p.name,
        textEdit: { range, newText },
        insertTextFormat: InsertTextFormat.PlainText,
        // The text already carries its indentation; an editor must not add the line's again.
        insertTextMode: InsertTextMode.asIs,
      };
      if (p.description) item.documentation = { kind: MarkupKind.Markdown, value: p.description };
      return item;
    });
}

function valueItems(doc: TextDocument, site: CompletionSite, labels: { label: string; detail: string; kind: CompletionItemKind }[]): CompletionItem[] {
  const range = toRange(doc, site.replace);
  const seen = new Set<string>();
  return labels
    .filter((l) => !seen.has(l.label) && seen.add(l.label))
    .map((l, i) => ({
      label: l.label,
      kind: l.kind,
      detail: l.detail,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range, newText: site.needsSpace ? ` ${l.label}` : l.label },
      filterText: l.label,
    }));
}

export function completions(doc: TextDocument, offset: number, kubernetesVersion: string): CompletionItem[] {
  const site = completionSite(doc.getText(), offset);
  if (!site) return [];
  const root = site.document.value;
  const apiVersion = str(valueAt(root, ['apiVersion']));
  const kind = str(valueAt(root, ['kind']));
  if (site.mode === 'key') {
    const facts = fieldFacts(apiVersion, kind, site.path, kubernetesVersion);
    return facts ? keyItems(doc, site, facts) : [];
  }
  const labels: { label: string; detail: string; kind: CompletionItemKind }[] = [];
  const pod = findPod(root);
  if (pod && pod.specPath.every((s, i) => site.path[i] === s)) {
    const rel = site.path.slice(pod.specPath.length);
    const spec = valueAt(root, pod.specPath);
    for (const c of referenceCandidates(rel, spec, collectObjects(site.file))) labels.push({ ...c, kind: CompletionItemKind.Reference });
  }
  const facts = fieldFacts(apiVersion, kind, site.path, kubernetesVersion);
  for (const e of facts?.enum ?? []) labels.push({ label: e, detail: 'allowed value', kind: CompletionItemKind.EnumMember });
  if (facts?.type === 'boolean') for (const b of ['true', 'false']) labels.push({ label: b, detail: 'boolean', kind: CompletionItemKind.Value });
  return valueItems(doc, site, labels);
}
