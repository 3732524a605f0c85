// The work of `podwright lint` on one file, the same on the main thread and in a worker
// (lintParallel.ts): read it, analyse it, keep what the output needs.
import { readFileSync } from 'node:fs';
import { analyze, summarize, type SeveritySetting } from '../../../analysis/src';
import { FileReport, OutputFormat, reportOf } from './lintFormat';

export interface LintOptions {
  kubernetesVersion: string;
  severities: Record<string, SeveritySetting>;
  /** Errors only. */
  quiet: boolean;
  format: OutputFormat;
  /** Severities in colour (text on a terminal). */
  colour: boolean;
  /** Files are checked together (a folder, several files): each report carries its summary. */
  workspace?: boolean;
}

/** A file's report, or why it could not be read (said in input order, whichever thread read it). */
export type FileOutcome = { report: FileReport } | { unreadable: string };

export function lintText(name: string, text: string, options: LintOptions): FileReport {
  const result = analyze(text, { kubernetesVersion: options.kubernetesVersion, severities: options.severities });
  const problems = options.quiet ? result.problems.filter((p) => p.severity === 'error') : result.problems;
  const report = reportOf(name, result.file, problems, options.format, options.colour);
  if (options.workspace) report.summary = summarize(result.file);
  return report;
}

/** The usual reasons a file cannot be read, in words (Node's messages repeat the path). */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file (a symlink to nothing, or removed meanwhile)',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

export function lintFile(path: string, options: LintOptions): FileOutcome {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = READ_ERRORS[err.code ?? ''] ?? err.message;
    return { unreadable: `podwright lint: cannot read ${path}: ${why}\n` };
  }
  return { report: lintText(path, text, options) };
}

/**
 * Lints batches of `files` until none is left. `bounds` cut the files into batches (batch b is
 * files[bounds[b]] up to files[bounds[b + 1]]); `next` is shared by every thread, so each batch is
 * taken by exactly one of them, whichever is free first.
 */
export function drain(
  files: readonly string[],
  bounds: Int32Array,
  next: Int32Array,
  options: LintOptions,
  deliver: (start: number, outcomes: FileOutcome[]) => void,
): void {
  for (;;) {
    const b = Atomics.add(next, 0, 1);
    if (b >= bounds.length - 1) return;
    const outcomes: FileOutcome[] = [];
    for (let i = bounds[b]; i < bounds[b + 1]; i++) outcomes.push(lintFile(files[i], options));
    deliver(bounds[b], outcomes);
  }
}
