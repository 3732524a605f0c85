// The end of `podwright lint`: every file's outcome in, the output and the exit status out. On this
// thread, or inside the one worker that analysed every file (lintWorker.ts): that worker then sends
// this text instead of each file's report and summary, whose copying between threads cost about as
// much as the checks across files themselves.
import { schemaVersionFor } from '../../../analysis/src';
import { USAGE_ERROR } from '../io';
import { escapeTerminal } from '../terminal';
import { writeWhole } from '../writeWhole';
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
  /**
   * The output goes to this process's stdout and stderr: a worker that finishes the run writes it
   * there itself (writeFinished), and hands the main thread only the status.
   */
  stdio?: boolean;
}

export interface Finished {
  /** Standard output, whole. */
  out: string;
  /** Files that could not be read, a message each, for standard error before the output. */
  errors: string[];
  status: number;
}

/**
 * Writes a run's output to stdout and stderr (errors first, as the main thread would) and returns
 * what is left for the main thread: the status. A reader that has gone takes nothing more.
 */
export function writeFinished(f: Finished): Finished {
  // This bypasses the command's IO, which escapes what it prints (terminal.ts): the errors name files.
  const readerThere = f.errors.every((e) => writeWhole(2, escapeTerminal(e)));
  if (readerThere) writeWhole(1, f.out);
  return { out: '', errors: [], status: f.status };
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
