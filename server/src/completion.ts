// Completion items: keys valid at the cursor (required first, present ones left out), enum and
// boolean values, and names that must refer to something defined elsewhere in the pod or file.
import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { stringOf, collectObjects, knownKinds, findPod, POD_KINDS, valueAt } from '../../analysis/src';
import type { CompletionSite } from './completionSite';
import { completionSite, MARKER } from './completionSite';
import { toRange } from './diagnostics';
import { referenceCandidates } from './references';
import type { FieldFacts } from './schemaFacts';
import { fieldFacts } from './schemaFacts';

function isContainerType(type: string | undefined): 'object' | 'array' | undefined {
  if (!type) return undefined;
  // Named types (`Container`, `ObjectMeta`) and maps (`map[string]string`) are written as blocks.
  if (type === 'object' || type.startsWith('map[') || /^[A-Z]/.test(type)) return 'object';
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

function valueItems(doc: TextDocument, site: CompletionSite, labels: Label[]): CompletionItem[] {
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

type Label = { label: string; detail: string; kind: CompletionItemKind };

/** `kind:` and `apiVersion:` at the top of a document: pod kinds first, then every kind with a schema. */
function typeValues(field: 'kind' | 'apiVersion', kind: string, kubernetesVersion: string): Label[] {
  let known: { apiVersion: string; kind: string }[] = [];
  try {
    known = knownKinds(kubernetesVersion).filter((k) => !k.kind.endsWith('List'));
  } catch {
    // No readable schema: the pod kinds are still offered, from the analysis' own list.
    known = [];
  }
  if (field === 'kind') {
    const rest = known.map((k) => k.kind).filter((k) => !POD_KINDS.includes(k)).sort();
    return [...POD_KINDS, ...rest].map((k) => ({ label: k, detail: POD_KINDS.includes(k) ? 'holds a pod' : 'kind', kind: CompletionItemKind.Class }));
  }
  const versions = known.filter((k) => !kind || k.kind === kind).map((k) => k.apiVersion);
  return [...new Set(versions)].map((v) => ({ label: v, detail: kind ? `apiVersion of ${kind}` : 'apiVersion', kind: CompletionItemKind.Module }));
}

const ROOT_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

export function completions(doc: TextDocument, offset: number, kubernetesVersion: string): CompletionItem[] {
  const site = completionSite(doc.getText(), offset);
  if (!site) return [];
  const root = site.document.value;
  const apiVersion = (stringOf(valueAt(root, ['apiVersion'])) ?? '');
  const kind = (stringOf(valueAt(root, ['kind'])) ?? '');
  if (site.mode === 'key') {
    // A document without a known kind yet: the four keys every object starts with.
    const facts =
      fieldFacts(apiVersion, kind, site.path, kubernetesVersion) ??
      (site.path.length === 0 ? { type: 'object', required: ROOT_KEYS, properties: ROOT_KEYS.map((name) => ({ name, type: name === 'metadata' || name === 'spec' ? 'object' : 'string', required: true })) } : undefined);
    return facts ? keyItems(doc, site, facts) : [];
  }
  if (site.path.length === 1 && (site.path[0] === 'kind' || site.path[0] === 'apiVersion')) {
    return valueItems(doc, site, typeValues(site.path[0], kind === MARKER ? '' : kind, kubernetesVersion));
  }
  const labels: Label[] = [];
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
