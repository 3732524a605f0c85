// Output formats of `podwright lint`: compiler-style text, one JSON object, SARIF 2.1.0.
import { ALL_RULES, packageInfo, installedDocsBase, ruleUrl, type Problem, type Severity, type ParsedFile } from '../../../analysis/src';

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

export interface FileReport {
  file: string;
  problems: LocatedProblem[];
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

export function formatText(reports: FileReport[], fileCount: number, colour: boolean): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    for (const p of r.problems) {
      counts[p.severity]++;
      const sev = colour ? `${COLOURS[p.severity]}${p.severity}\x1b[0m` : p.severity;
      const where = p.path ? `${p.path}: ` : '';
      lines.push(`${r.file}:${p.line}:${p.column}: ${sev} ${p.rule} ${where}${p.message}`);
    }
  }
  const total = counts.error + counts.warning + counts.info;
  const summary =
    total === 0
      ? `No problems in ${plural(fileCount, 'file')}.`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(fileCount, 'file')}.`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}

export function formatJson(reports: FileReport[]): string {
  const problems = reports.flatMap((r) => r.problems.map((p) => ({ file: r.file, ...p })));
  return JSON.stringify({ problems }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(reports: FileReport[], kubernetesVersion: string): string {
  const { version } = packageInfo();
  const used = new Set(reports.flatMap((r) => r.problems.map((p) => p.rule)));
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
          r.problems.map((p) => ({
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
