// The entry of dist/cli.js, every `podwright` command in one file (scripts/package.mjs), loaded with
// its code cache by dist/cliLoad.js. The commands stay lazy inside it: esbuild wraps each module that
// main.ts require()s in an init function, so `podwright stop` still never evaluates the analysis.
// A lint worker thread is started on dist/cliLoad.js too, and takes its batches from lintWorker.
import { join } from 'node:path';
import { isMainThread, type Worker } from 'node:worker_threads';
import { backgroundEntries } from './background';
import { main as cli } from './main';

// The runtime's background processes start through their loaders, with their code caches
// (backgroundLoad.ts); the bundles they load sit next to this one.
backgroundEntries.supervisorEntry = join(__dirname, 'supervisorLoad.js');
backgroundEntries.managerEntry = join(__dirname, 'controllerLoad.js');

/** A lint's schema validators come with their code cache from this folder too (validatorsCache.ts). */
function cacheValidators(): void {
  (require('./validatorsCache') as typeof import('./validatorsCache')).cacheValidatorsIn(__dirname);
}

if (!isMainThread) {
  cacheValidators();
  require('./commands/lintWorker');
}

/** `early`: a lint worker dist/cliLoad.js started before it loaded this bundle (lintEarly.ts). */
export async function main(argv: string[], early?: Worker): Promise<number> {
  if (argv[0] !== 'lint') return cli(argv);
  // Workers start through the loader, so they get the code cache as this thread did.
  (require('./commands/lintParallel') as typeof import('./commands/lintParallel')).setWorkerFile(join(__dirname, 'cliLoad.js'));
  cacheValidators();
  const threads = require('./commands/lintThreads') as typeof import('./commands/lintThreads');
  threads.setEarlyWorker(early);
  try {
    return await cli(argv);
  } finally {
    threads.endEarlyWorker();
  }
}
