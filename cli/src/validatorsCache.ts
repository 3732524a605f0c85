// The schema validators (schemas/validators-<v>.js, 600 KB of ajv's code per version) loaded with a
// V8 code cache, dist/validators-<v>.js.cache: compiling them took some 15 ms at the start of every
// lint, on each of its threads. The build's training run (scripts/package.mjs) writes the cache of
// the versions it lints as it exits; a version without a cache, or with a stale one (the schemas were
// regenerated since), is compiled as before. Required only by lint, so no other command loads the
// analysis for it.
import { basename, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { setValidatorsLoader } from '../../analysis/src';
import { loadWithCodeCache } from './codeCache';

export function cacheValidatorsIn(dir: string): void {
  setValidatorsLoader((file) => {
    const loaded = loadWithCodeCache(file, join(dir, `${basename(file)}.cache`));
    if (isMainThread && process.env.PODWRIGHT_WRITE_CODE_CACHE === '1') process.on('exit', () => loaded.writeCache());
    return loaded.exports as ReturnType<Parameters<typeof setValidatorsLoader>[0]>;
  });
}
