// `podwright lint` over every core: the files are cut into batches of about BATCH_BYTES, and the main
// thread and one worker thread per further core take batches from a shared counter until none is
// left. Outcomes are put back in input order, so the output is byte for byte that of one thread.
import { join } from 'node:path';
import { drain, FileOutcome, lintFile, LintOptions } from './lintFiles';
import type { Finished, FinishParams } from './lintFinish';
import { startLintWorker, takeEarlyWorker } from './lintThreads';
import type { WorkerInput, WorkerMessage } from './lintWorker';

/** Batches small enough to share the work out evenly to the end, big enough to cost few messages. */
const BATCH_BYTES = 64 * 1024;

/** Where batch b starts, for each b, and the end: consecutive files of about BATCH_BYTES each. */
export function batchBounds(sizes: readonly number[]): Int32Array {
  const bounds = [0];
  let bytes = 0;
  sizes.forEach((size, i) => {
    bytes += size;
    if (bytes >= BATCH_BYTES && i + 1 < sizes.length) {
      bounds.push(i + 1);
      bytes = 0;
    }
  });
  bounds.push(sizes.length);
  return Int32Array.from(bounds);
}

let workerFile = join(__dirname, 'lintWorker.js');

/** The file a worker thread starts on: lintWorker.js, or the bundle's loader (lintBundle.ts). */
export function setWorkerFile(file: string): void {
  workerFile = file;
}

export interface ParallelResult {
  outcomes: FileOutcome[];
  /** How many files the worker threads linted (the rest, this thread). */
  byWorkers: number;
  /** Each worker's young generation in MB, as the worker saw its limits. */
  youngGenerations: number[];
  /** The run's output, when one worker did every file and was asked to finish the run. */
  finished?: Finished;
}

/**
 * Lints `files` on `threads` threads (this one and threads - 1 workers); outcomes in input order.
 * `mainTakesPart` false leaves every batch to the workers, which run with a larger young generation
 * than this thread has (WORKER_YOUNG_GENERATION_MB); `threads` workers then start. With `finish`,
 * a worker that is the only one finishes the run as well (`finished`); `outcomes` are then empty.
 */
export async function lintInParallel(
  files: string[],
  sizes: readonly number[],
  threads: number,
  options: LintOptions,
  mainTakesPart = true,
  finish?: FinishParams,
): Promise<ParallelResult> {
  const bounds = batchBounds(sizes);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  let byWorkers = 0;
  const youngGenerations: number[] = [];
  const store = (start: number, batch: FileOutcome[]) => batch.forEach((o, k) => (outcomes[start + k] = o));
  const workers = Math.max(1, Math.min(threads, bounds.length - 1) - (mainTakesPart ? 1 : 0));
  const alone = finish !== undefined && workers === 1 && !mainTakesPart;
  const input: WorkerInput = { files, bounds, next, options, finish: alone ? finish : undefined };
  let result: Finished | undefined;
  const finished: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) {
    finished.push(
      new Promise<void>((resolve) => {
        // The first may have been started before the command was loaded (lintEarly.ts).
        const worker = (w === 0 && takeEarlyWorker()) || startLintWorker(workerFile);
        worker.ref();
        worker.postMessage(input);
        worker.on('message', (m: WorkerMessage) => {
          if ('done' in m) {
            youngGenerations.push(m.youngGeneration);
            result = m.finished;
            resolve();
          } else {
            store(m.start, m.outcomes);
            byWorkers += m.outcomes.length;
          }
        });
        // A worker that fails (it could not start, or the analysis threw) leaves its batches
        // undone; this thread does them below, and an analysis that throws throws here too.
        worker.on('error', () => resolve());
        worker.on('exit', () => resolve());
      }),
    );
  }
  if (mainTakesPart) drain(files, bounds, next, options, store);
  await Promise.all(finished);
  if (result) return { outcomes: [], byWorkers: files.length, youngGenerations, finished: result };
  return { outcomes: outcomes.map((o, i) => o ?? lintFile(files[i], options)), byWorkers, youngGenerations };
}
