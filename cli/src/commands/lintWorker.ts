// A worker thread of `podwright lint` (see lintParallel.ts): takes batches of files until none is
// left, and sends each batch's outcomes back, then says it is done. The only worker of a run is
// given `finish` instead: it keeps the outcomes and sends the run's output (lintFinish.ts).
import { parentPort, resourceLimits, workerData, type MessagePort } from 'node:worker_threads';
import { drain, type FileOutcome, type LintOptions } from './lintFiles';
import { finishLint, writeFinished, type Finished, type FinishParams } from './lintFinish';
import type { LINT_WORKER_DATA } from './lintThreads';

export interface WorkerInput {
  files: string[];
  bounds: Int32Array;
  /** One Int32 on a SharedArrayBuffer: the next batch to take. */
  next: Int32Array;
  options: LintOptions;
  /** This worker lints every file and finishes the run. */
  finish?: FinishParams;
}

/** A batch's outcomes; at the end, done, with the young generation (MB) the worker was given. */
export type WorkerMessage = { start: number; outcomes: FileOutcome[] } | { done: true; youngGeneration: number; finished?: Finished };

const port = parentPort;

function work(input: WorkerInput, port: MessagePort): void {
  const youngGeneration = resourceLimits.maxYoungGenerationSizeMb ?? 0;
  const finish = input.finish;
  if (finish) {
    const all: FileOutcome[] = new Array(input.files.length);
    drain(input.files, input.bounds, input.next, input.options, (start, outcomes) => outcomes.forEach((o, k) => (all[start + k] = o)));
    const finished = finishLint(all, finish);
    port.postMessage({ done: true, youngGeneration, finished: finish.stdio ? writeFinished(finished) : finished } satisfies WorkerMessage);
  } else {
    drain(input.files, input.bounds, input.next, input.options, (start, outcomes) => port.postMessage({ start, outcomes } satisfies WorkerMessage));
    port.postMessage({ done: true, youngGeneration } satisfies WorkerMessage);
  }
}

// In the bundle (dist/cli.js) this module is loaded on every thread: it works only in a thread
// started as a lint worker (lintThreads.ts), which may be started before its run's files are known
// (lintEarly.ts), so its input is its first message.
if (port && (workerData as typeof LINT_WORKER_DATA | undefined)?.lintWorker === true) port.once('message', (input: WorkerInput) => work(input, port));
