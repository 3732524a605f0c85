// dist/lintLoad.js: loads dist/lint.js with its code cache (codeCache.ts). bin/podwright.js uses it
// for `podwright lint` when the bundle is built; a lint worker thread is started on this same file.
// PODWRIGHT_WRITE_CODE_CACHE=1 (the build's training run, scripts/package.mjs) writes the cache as
// the run ends, with every function the run compiled.
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { loadWithCodeCache } from './codeCache';

const loaded = loadWithCodeCache(join(__dirname, 'lint.js'));
if (isMainThread && process.env.PODWRIGHT_WRITE_CODE_CACHE === '1') process.on('exit', () => loaded.writeCache());

export const main = loaded.exports.main as (argv: string[]) => Promise<number>;
