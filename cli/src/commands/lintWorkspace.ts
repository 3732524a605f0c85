// `podwright lint` of a folder or of several files: after every file is analysed (on whichever
// thread), their summaries make one workspace, and each file gets its problems across files.
import { checkWorkspaceFile, Workspace, type SeveritySetting } from '../../../analysis/src';
import { type FileReport, type OutputFormat, withWorkspaceProblems } from './lintFormat';

export interface AcrossOptions {
  severities: Record<string, SeveritySetting>;
  /** A folder was given: what no file defines is missing. */
  complete: boolean;
  quiet: boolean;
  format: OutputFormat;
  colour: boolean;
}

export function acrossFiles(reports: FileReport[], options: AcrossOptions): FileReport[] {
  const ws = new Workspace();
  for (const r of reports) if (r.summary?.kubernetes) ws.load(r.file, r.summary);
  return reports.map((r) => {
    if (!ws.has(r.file)) return r;
    let problems = checkWorkspaceFile(ws, r.file, { severities: options.severities, complete: options.complete });
    if (options.quiet) problems = problems.filter((p) => p.severity === 'error');
    return withWorkspaceProblems(r, problems, options.format, options.colour);
  });
}
