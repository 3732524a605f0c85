// The outline: one symbol per Kubernetes object, and for pods and pod templates their containers
// (init containers, native sidecars and app containers, in the order the kubelet starts them).
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node } from 'yaml';
import { isMap, isSeq, locate, findPod, valueAt, type OffsetRange, type Segment, type ParsedDocument, type ParsedFile } from '../../analysis/src';
import { toRange } from './diagnostics';

function nodeRange(node: Node | null | undefined): OffsetRange | null {
  return node?.range ? { start: node.range[0], end: node.range[2] } : null;
}

function valueRange(parsed: ParsedDocument, path: Segment[]): OffsetRange | null {
  const node = locate(parsed.doc, path).node;
  return node?.range ? { start: node.range[0], end: node.range[1] } : null;
}

/** A scalar as display text (a name may be written as a number). */
function label(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function symbol(doc: TextDocument, name: string, detail: string, kind: SymbolKind, range: OffsetRange, selection: OffsetRange | null): DocumentSymbol {
  // The selection range must lie inside the full range (clients reject the symbol otherwise).
  const sel = selection && selection.start >= range.start && selection.end <= range.end ? selection : { start: range.start, end: range.start };
  return { name: name || '(unnamed)', detail, kind, range: toRange(doc, range), selectionRange: toRange(doc, sel) };
}

function containers(doc: TextDocument, parsed: ParsedDocument, specPath: Segment[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = locate(parsed.doc, [...specPath, field]).node;
    if (!isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const range = nodeRange(item as Node);
      if (!range || !isMap(item)) return;
      const value = valueAt(parsed.value, [...specPath, field, i]);
      const name = label(valueAt(value, ['name']));
      const detail = field === 'containers' ? 'app' : valueAt(value, ['restartPolicy']) === 'Always' ? 'sidecar' : 'init';
      out.push(symbol(doc, name, detail, detail === 'app' ? SymbolKind.Object : SymbolKind.Event, range, valueRange(parsed, [...specPath, field, i, 'name'])));
    });
  }
  return out;
}

export function documentSymbols(doc: TextDocument, file: ParsedFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const parsed of file.documents) {
    const value = parsed.value;
    const kind = label(valueAt(value, ['kind']));
    if (!kind) continue;
    const contents = nodeRange(parsed.doc.contents as Node | null);
    if (!contents) continue;
    const name = label(valueAt(value, ['metadata', 'name']));
    const selection = valueRange(parsed, ['metadata', 'name']) ?? valueRange(parsed, ['kind']);
    const pod = findPod(value);
    const s = symbol(doc, `${kind}/${name || '(unnamed)'}`, label(valueAt(value, ['apiVersion'])), pod ? SymbolKind.Module : SymbolKind.Class, contents, selection);
    if (pod) s.children = containers(doc, parsed, pod.specPath);
    out.push(s);
  }
  return out;
}
