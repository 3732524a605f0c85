// Starting a lint worker thread, and the one dist/cliLoad.js starts before the command is loaded
// (lintEarly.ts). Apart from lintParallel.ts, which loads the analysis, so the loader can use it.
import { Worker } from 'node:worker_threads';

/**
 * The young generation of a lint worker, in MB (V8 splits it into three: two semi-spaces and the
 * space for large new objects, so 96 is `--max-semi-space-size=32`). The analysis allocates a great
 * many short-lived objects per document (nodes, paths, problems); with Node's default 16 MB
 * semi-spaces it scavenges every few documents and promotes what a larger nursery would let die.
 * `node --max-semi-space-size=32` cut a one-thread lint of 5,000 pods from 2.20 to 1.98 s; the main
 * thread's heap is made before any of our code runs, so only a worker can be given this.
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

/** What a lint worker starts with; its input is its first message (lintWorker.ts). */
export const LINT_WORKER_DATA = { lintWorker: true } as const;

export function startLintWorker(file: string): Worker {
  return new Worker(file, { workerData: LINT_WORKER_DATA, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
}

let early: Worker | undefined;
let earlyGone = false;

/**
 * A worker started before the command was loaded, for the command to take (lintInParallel). Until
 * then nothing else listens to it: a failure to start must neither throw here nor leave the run
 * waiting on a worker that has already exited.
 */
export function setEarlyWorker(worker: Worker | undefined): void {
  early = worker;
  earlyGone = false;
  const gone = () => {
    if (early === worker) earlyGone = true;
  };
  worker?.once('error', gone).once('exit', gone);
}

/** The early worker, once, if it is still there: it is the caller's from now on. */
export function takeEarlyWorker(): Worker | undefined {
  const w = earlyGone ? undefined : early;
  early = undefined;
  return w;
}

/** Ends an early worker nobody took (the run was small after all, or a usage error). */
export function endEarlyWorker(): void {
  void takeEarlyWorker()?.terminate();
}
