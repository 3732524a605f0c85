// Problems (offsets) to LSP diagnostics (UTF-16 line/character positions via TextDocument.positionAt).
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleUrl, type OffsetRange, type Problem, type Severity, type Span, type WorkspaceProblem } from '../../analysis/src';
import type { DocumentAnalysis } from './analysisStore';
import type { Settings } from './settings';

export const SOURCE = 'podwright';
/** Code of the one diagnostic shown on a file over the size limit (not a rule: nothing to configure). */
export const SIZE_LIMIT_CODE = 'size-limit';
/** Code of the one diagnostic shown on a file whose analysis was stopped (too long, too much memory). */
export const ANALYSIS_LIMIT_CODE = 'analysis-limit';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(doc: TextDocument, r: OffsetRange) {
  return { start: doc.positionAt(r.start), end: doc.positionAt(Math.max(r.start, r.end)) };
}

export function toDiagnostic(doc: TextDocument, p: Problem, settings: Settings): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = p.related?.map((rel) => ({
    location: { uri: doc.uri, range: toRange(doc, rel.range) },
    message: rel.message,
  }));
  const d: Diagnostic = {
    range: toRange(doc, p.range),
    severity: SEVERITY[p.severity] ?? DiagnosticSeverity.Error,
    source: SOURCE,
    code: p.rule,
    codeDescription: { href: ruleUrl(p.rule, settings.docsBaseUrl) },
    message: p.message,
    // The field path, for clients that show it (and for people reading the protocol log).
    data: { path: p.path },
  };
  if (related && related.length) d.relatedInformation = related;
  return d;
}

/** A span of a workspace summary: its positions are already the LSP's (0-based, UTF-16). */
export function spanRange(s: Span): Range {
  return { start: { line: s.line, character: s.character }, end: { line: s.endLine, character: s.endCharacter } };
}

/** Cross-file problems of a document; related locations in other files name them by `uriOf`. */
export function workspaceDiagnostics(problems: readonly WorkspaceProblem[], uriOf: (file: string) => string, settings: Settings): Diagnostic[] {
  return problems.map((p) => {
    const d: Diagnostic = {
      range: spanRange(p.span),
      severity: SEVERITY[p.severity] ?? DiagnosticSeverity.Error,
      source: SOURCE,
      code: p.rule,
      codeDescription: { href: ruleUrl(p.rule, settings.docsBaseUrl) },
      message: p.message,
      data: { path: p.path },
    };
    if (p.related.length) d.relatedInformation = p.related.map((r) => ({ location: { uri: uriOf(r.file), range: spanRange(r.span) }, message: r.message }));
    return d;
  });
}

export function toDiagnostics(doc: TextDocument, analysis: DocumentAnalysis, settings: Settings): Diagnostic[] {
  if (analysis.enabled === 'no') return [];
  if (!analysis.size.ok) return [notChecked(doc, SIZE_LIMIT_CODE, analysis.size.reason ?? 'Podwright skipped this file: it is too large.')];
  if (analysis.limit) return [notChecked(doc, ANALYSIS_LIMIT_CODE, analysis.limit)];
  return (analysis.problems ?? []).map((p) => toDiagnostic(doc, p, settings));
}

/** The one information diagnostic, on the first line, of a file that was not checked. */
function notChecked(doc: TextDocument, code: string, message: string): Diagnostic {
  const firstLine = doc.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }).replace(/\r?\n$/, '');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLine.length, 200) } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code,
    message,
  };
}
