// dist/cliLoad.js: loads dist/cli.js with its code cache (codeCache.ts). bin/podwright.js runs every
// command through it when the bundle is newer than out/; lint's worker threads start on it too.
// PODWRIGHT_WRITE_CODE_CACHE=1 (the build's training run, scripts/package.mjs) writes the cache as
// the run ends, with every function the run compiled.
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { loadWithCodeCache } from './codeCache';
import { compileForShortRuns } from './jitFlags';

// Before the cache is loaded: V8 takes a code cache only under the flags it was made with.
compileForShortRuns();
const loaded = loadWithCodeCache(join(__dirname, 'cli.js'));
if (isMainThread && process.env.PODWRIGHT_WRITE_CODE_CACHE === '1') process.on('exit', () => loaded.writeCache());

export const main = loaded.exports.main as (argv: string[]) => Promise<number>;
/** V8 refused the cache (another Node, a cache of other source): the tests check that it does not. */
export const cacheRejected = loaded.rejected;
