// Output formats of `podwright lint`: compiler-style text, one JSON object, SARIF 2.1.0. Each file's
// part is rendered by the thread that analysed it (reportOf), so the main thread only joins them, and
// a file's output is the same text whichever thread made it.
import { ALL_RULES, packageInfo, installedDocsBase, ruleUrl, type FileSummary, type Problem, type Severity, type ParsedFile, type WorkspaceProblem } from '../../../analysis/src';
import { escapeTerminal } from '../terminal';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LocatedProblem {
  document: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  path: string;
  message: string;
}

/** A file's part of the output. */
export interface FileReport {
  file: string;
  counts: Record<Severity, number>;
  /** text: its lines; json: its problems as items of the `problems` array; '' when it has none. */
  rendered: string;
  /** sarif: its problems (their rule indexes are known once every file is done). */
  problems?: LocatedProblem[];
  /** What the file contributes to the workspace, for the checks across files (lintWorkspace.ts). */
  summary?: FileSummary;
}

/** Adds a file's cross-file problems to its report, rendered as its own are. */
export function withWorkspaceProblems(report: FileReport, problems: readonly WorkspaceProblem[], format: OutputFormat, colour: boolean): FileReport {
  if (!problems.length) return report;
  const counts = { ...report.counts };
  for (const p of problems) counts[p.severity]++;
  const located: LocatedProblem[] = problems.map((p) => ({
    document: p.document,
    line: p.span.line + 1,
    column: p.span.character + 1,
    endLine: p.span.endLine + 1,
    endColumn: p.span.endCharacter + 1,
    severity: p.severity,
    rule: p.rule,
    path: p.path,
    message: p.message,
  }));
  if (format === 'sarif') return { ...report, counts, problems: [...(report.problems ?? []), ...located] };
  const more = format === 'json' ? jsonItems(report.file, located) : textLines(report.file, located, colour);
  return { ...report, counts, rendered: report.rendered ? `${report.rendered}${format === 'json' ? ',' : ''}\n${more}` : more };
}

export function reportOf(name: string, parsed: ParsedFile, problems: readonly Problem[], format: OutputFormat, colour: boolean): FileReport {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity]++;
  const located = problems.map((p) => toLocated(parsed, p));
  if (format === 'sarif') return { file: name, counts, rendered: '', problems: located };
  const rendered = format === 'json' ? jsonItems(name, located) : textLines(name, located, colour);
  return { file: name, counts, rendered };
}

export function toLocated(file: ParsedFile, p: Problem): LocatedProblem {
  const start = file.lineCounter.linePos(p.range.start);
  const end = file.lineCounter.linePos(p.range.end);
  return {
    document: p.document,
    line: start.line,
    column: start.col,
    endLine: end.line,
    endColumn: end.col,
    severity: p.severity,
    rule: p.rule,
    path: p.path,
    message: p.message,
  };
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The text format's lines: the file name, the path and the message (which quotes the manifest) are
 * escaped here rather than when written, so that the colours stay colours.
 */
function textLines(file: string, problems: readonly LocatedProblem[], colour: boolean): string {
  const shownFile = escapeTerminal(file);
  return problems
    .map((p) => {
      const sev = colour ? `${COLOURS[p.severity]}${p.severity}\x1b[0m` : p.severity;
      const where = p.path ? `${escapeTerminal(p.path)}: ` : '';
      return `${shownFile}:${p.line}:${p.column}: ${sev} ${p.rule} ${where}${escapeTerminal(p.message)}`;
    })
    .join('\n');
}

export function formatText(reports: readonly FileReport[], fileCount: number): string {
  const lines = reports.filter((r) => r.rendered).map((r) => r.rendered);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) for (const s of ['error', 'warning', 'info'] as const) counts[s] += r.counts[s];
  const total = counts.error + counts.warning + counts.info;
  const summary =
    total === 0
      ? `No problems in ${plural(fileCount, 'file')}.`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(fileCount, 'file')}.`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}

/**
 * One problem as an item of the `problems` array, written as `JSON.stringify({ problems }, null, 2)`
 * writes it (the same keys, in the same order, indented to that depth).
 */
function jsonItem(fileJson: string, p: LocatedProblem): string {
  // The file is written once per file (`jsonItems`); the numbers are integers and severities and
  // rule ids plain words, which JSON.stringify would write as they are; only the path and the
  // message can hold characters to escape.
  const j = JSON.stringify;
  return (
    `    {\n      "file": ${fileJson},\n      "document": ${p.document},\n      "line": ${p.line},\n      "column": ${p.column},\n` +
    `      "endLine": ${p.endLine},\n      "endColumn": ${p.endColumn},\n      "severity": ${wordJson(p.severity)},\n      "rule": ${wordJson(p.rule)},\n` +
    `      "path": ${j(p.path)},\n      "message": ${j(p.message)}\n    }`
  );
}

/** A string as JSON: quoted as it is when it is a plain word, else escaped by JSON.stringify. */
function wordJson(s: string): string {
  return /^[a-z0-9-]*$/.test(s) ? `"${s}"` : JSON.stringify(s);
}

function jsonItems(file: string, problems: readonly LocatedProblem[]): string {
  const fileJson = JSON.stringify(file);
  return problems.map((p) => jsonItem(fileJson, p)).join(',\n');
}

/** `{"problems": [...]}`, every problem with its file. */
export function formatJson(reports: readonly FileReport[]): string {
  const items = reports.filter((r) => r.rendered).map((r) => r.rendered);
  return items.length ? `{\n  "problems": [\n${items.join(',\n')}\n  ]\n}\n` : '{\n  "problems": []\n}\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(reports: readonly FileReport[], kubernetesVersion: string): string {
  const { version } = packageInfo();
  const used = new Set(reports.flatMap((r) => (r.problems ?? []).map((p) => p.rule)));
  const rules = ALL_RULES.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'podwright',
            version,
            informationUri: installedDocsBase(),
            properties: { kubernetesVersion },
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: ruleUrl(r.id, ''),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
              properties: { category: r.category },
            })),
          },
        },
        results: reports.flatMap((r) =>
          (r.problems ?? []).map((p) => ({
            ruleId: p.rule,
            ...(index.has(p.rule) ? { ruleIndex: index.get(p.rule) } : {}),
            level: SARIF_LEVEL[p.severity],
            message: { text: p.path ? `${p.path}: ${p.message}` : p.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file === '<stdin>' ? 'stdin' : r.file.split('\\').join('/') },
                  region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                },
                ...(p.path ? { logicalLocations: [{ fullyQualifiedName: p.path, kind: 'member' }] } : {}),
              },
            ],
            properties: { document: p.document },
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
