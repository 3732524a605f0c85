// The entry of dist/lint.js, `podwright lint` in one file (scripts/package.mjs), loaded with its code
// cache by dist/lintLoad.js: the main thread takes `main`; a worker thread started on
// dist/lintLoad.js loads this file too, and lintWorker (imported here) takes its batches.
import { join } from 'node:path';
import { processIO } from './io';
import { main as lint } from './commands/lint';
import { setWorkerFile } from './commands/lintParallel';
import './commands/lintWorker';

// Workers start through the loader, so they get the code cache as this thread did.
setWorkerFile(join(__dirname, 'lintLoad.js'));

export function main(argv: string[]): Promise<number> {
  return lint(argv, processIO());
}
