// The end of `podwright lint`: every file's outcome in, the output and the exit status out. On this
// thread, or inside the one worker that analysed every file (lintWorker.ts): that worker then sends
// this text instead of each file's report and summary, whose copying between threads cost about as
// much as the checks across files themselves.
import { schemaVersionFor } from '../../../analysis/src';
import { USAGE_ERROR } from '../io';
import type { FileOutcome } from './lintFiles';
import { formatJson, formatSarif, formatText, type FileReport } from './lintFormat';
import { acrossFiles, type AcrossOptions } from './lintWorkspace';

export interface FinishParams {
  /** How many files were given (the text summary counts them, read or not). */
  fileCount: number;
  /** Several files or a folder: the checks across files run. */
  workspace: boolean;
  across: AcrossOptions;
  kubernetesVersion: string;
}

export interface Finished {
  /** Standard output, whole. */
  out: string;
  /** Files that could not be read, a message each, for standard error before the output. */
  errors: string[];
  status: number;
}

export function finishLint(outcomes: readonly FileOutcome[], p: FinishParams): Finished {
  let reports: FileReport[] = [];
  const errors: string[] = [];
  for (const o of outcomes) {
    if ('report' in o) reports.push(o.report);
    else errors.push(o.unreadable);
  }
  if (p.workspace) reports = acrossFiles(reports, p.across);
  const format = p.across.format;
  const out =
    format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, schemaVersionFor(p.kubernetesVersion)) : formatText(reports, p.fileCount);
  const status = errors.length ? USAGE_ERROR : reports.some((r) => r.counts.error > 0) ? 1 : 0;
  return { out, errors, status };
}
