// A worker thread of `podwright lint` (see lintParallel.ts): takes batches of files until none is
// left, and sends each batch's outcomes back, then says it is done.
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { drain, type FileOutcome, type LintOptions } from './lintFiles';

export interface WorkerInput {
  files: string[];
  bounds: Int32Array;
  /** One Int32 on a SharedArrayBuffer: the next batch to take. */
  next: Int32Array;
  options: LintOptions;
}

/** A batch's outcomes; at the end, done, with the young generation (MB) the worker was given. */
export type WorkerMessage = { start: number; outcomes: FileOutcome[] } | { done: true; youngGeneration: number };

const input = workerData as WorkerInput;
const port = parentPort;
if (port) {
  drain(input.files, input.bounds, input.next, input.options, (start, outcomes) => port.postMessage({ start, outcomes } satisfies WorkerMessage));
  port.postMessage({ done: true, youngGeneration: resourceLimits.maxYoungGenerationSizeMb ?? 0 } satisfies WorkerMessage);
}
