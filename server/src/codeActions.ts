// Quick fixes come from the problems' `fixes`, matched to the client's diagnostics by rule id and
// exact range against the analysis of the document as it is now: a diagnostic of an older version
// matches nothing and gets no (stale) edit. Messages are never parsed.
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix, Problem, TextEdit } from '../../analysis/src';
import { SOURCE, toRange } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.podwright`;

export interface EditOptions {
  /** The client applies versioned `documentChanges`: the edit is refused if the text moved on. */
  versioned: boolean;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function rangeKey(code: string, r: Diagnostic['range']): string {
  return `${code}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], opts: EditOptions): WorkspaceEdit {
  const lsp: LspTextEdit[] = edits.map((e) => ({ range: toRange(doc, e.range), newText: e.newText }));
  if (opts.versioned) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lsp }] };
  return { changes: { [doc.uri]: lsp } };
}

/** `# podwright-disable-next-line <rule>` above the diagnostic's line, at that line's indentation. */
function disableAction(doc: TextDocument, d: Diagnostic, rule: string, opts: EditOptions): CodeAction {
  const line = d.range.start.line;
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = lineText.endsWith('\r\n') ? '\r\n' : '\n';
  const at = doc.offsetAt({ line, character: 0 });
  return {
    title: `Disable ${rule} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: workspaceEdit(doc, [{ range: { start: at, end: at }, newText: `${indent}# podwright-disable-next-line ${rule}${eol}` }], opts),
  };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  if (a.range.start === b.range.start && a.range.end === b.range.end) return true;
  return a.range.start < b.range.end && b.range.start < a.range.end;
}

/** Every preferred fix whose edits overlap none already taken, in text order. */
export function fixAllEdits(problems: Problem[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const fixes: Fix[] = [];
  for (const p of problems) {
    const fix = p.fixes?.find((f) => f.preferred);
    if (fix && fix.edits.length) fixes.push(fix);
  }
  fixes.sort((a, b) => Math.min(...a.edits.map((e) => e.range.start)) - Math.min(...b.edits.map((e) => e.range.start)));
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken.sort((a, b) => a.range.start - b.range.start);
}

export function codeActions(doc: TextDocument, problems: Problem[], params: CodeActionParams, opts: EditOptions): CodeAction[] {
  const only = params.context.only;
  const out: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    // One pass over the problems, whatever the number of diagnostics the client sends back.
    const byRange = new Map<string, Problem>();
    if (params.context.diagnostics.some((d) => d.source === SOURCE)) {
      for (const p of problems) {
        const key = rangeKey(p.rule, toRange(doc, p.range));
        if (!byRange.has(key)) byRange.set(key, p);
      }
    }
    for (const d of params.context.diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'string' || !d.range?.start || !d.range.end) continue;
      const problem = byRange.get(rangeKey(d.code, d.range));
      if (!problem) continue;
      for (const fix of problem.fixes ?? []) {
        if (!fix.edits.length) continue;
        out.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred === true,
          edit: workspaceEdit(doc, fix.edits, opts),
        });
      }
      out.push(disableAction(doc, d, problem.rule, opts));
    }
  }
  if (wanted(FIX_ALL_KIND, only) && (only !== undefined || out.length > 0)) {
    const edits = fixAllEdits(problems);
    if (edits.length) out.push({ title: 'Fix all auto-fixable Podwright problems', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits, opts) });
  }
  return out;
}
