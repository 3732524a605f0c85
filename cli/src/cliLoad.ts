// dist/cliLoad.js: loads dist/cli.js with its code cache (codeCache.ts). bin/podwright.js runs every
// command through it when the bundle is newer than out/; lint's worker threads start on it too.
// PODWRIGHT_WRITE_CODE_CACHE=1 (the build's training run, scripts/package.mjs) writes the cache as
// the run ends, with every function the run compiled.
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { CachedModule, loadWithCodeCache } from './codeCache';
import { startEarlyLintWorker } from './commands/lintEarly';
import { compileForShortRuns } from './jitFlags';

// Before the cache is loaded: V8 takes a code cache only under the flags it was made with.
compileForShortRuns();

let loaded: CachedModule | undefined;
function load(): CachedModule {
  if (loaded) return loaded;
  const l = loadWithCodeCache(join(__dirname, 'cli.js'));
  if (isMainThread && process.env.PODWRIGHT_WRITE_CODE_CACHE === '1') process.on('exit', () => l.writeCache());
  return (loaded = l);
}

// A lint worker thread: cli.js takes its input (cliBundle.ts).
if (!isMainThread) load();

export function main(argv: string[]): Promise<number> {
  // Before this thread loads the bundle: a lint that will want a worker starts it now (lintEarly.ts).
  const early = startEarlyLintWorker(argv, join(__dirname, 'cliLoad.js'));
  return (load().exports.main as (argv: string[], early?: unknown) => Promise<number>)(argv, early);
}

/** V8 refused the cache (another Node, a cache of other source): the tests check that it does not. */
export function cacheRejected(): boolean {
  return load().rejected;
}
