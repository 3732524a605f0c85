// `podwright lint` of a big folder lints in a worker thread (lintPaths.ts, workersOnly), which takes
// some 0.1 s to start: a new V8 isolate that loads the bundle and the schema validators. dist/cliLoad.js
// starts it here, before this thread loads the bundle, so that the two loads overlap on two cores.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { BYTES_FOR_WORKERS, filesAt } from './lintPaths';
import { startLintWorker } from './lintThreads';

/**
 * The entries the guess looks at, at most: a few milliseconds. A big tree with little YAML in it (a
 * repository's root) would otherwise be walked twice, here and by the command.
 */
export const GUESS_ENTRIES = 4000;

function atLeast(paths: readonly string[], bytes: number): boolean {
  let sum = 0;
  const budget = { entries: GUESS_ENTRIES };
  for (const p of paths) {
    try {
      for (const f of filesAt(p, { budget })) if ((sum += f.size) >= bytes) return true;
    } catch {
      // a flag's value, or a path the command will report
    }
  }
  return false;
}

/**
 * A worker for `argv` (a command line), when it is a lint of 2 MB of YAML or more (lintPaths.ts,
 * workersOnly): its paths are walked until they are known to hold that much, GUESS_ENTRIES entries
 * at most. A guess, made before the arguments are parsed (a flag's value may be taken for a path):
 * the command decides again with the files it collects, and ends a worker it does not take. Never
 * on one core, where the worker's start would delay this thread, nor with standard input among the
 * paths.
 */
export function startEarlyLintWorker(argv: readonly string[], file: string): Worker | undefined {
  if (argv[0] !== 'lint' || argv.includes('-') || argv.includes('--help') || availableParallelism() < 2) return undefined;
  if (!atLeast(argv.slice(1).filter((a) => !a.startsWith('-')), BYTES_FOR_WORKERS)) return undefined;
  const worker = startLintWorker(file);
  // Until the command takes it, it must not keep the process alive.
  worker.unref();
  return worker;
}
