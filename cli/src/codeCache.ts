// Loads a bundled file (dist/cli.js) as a CommonJS module with V8's code cache beside it
// (dist/cli.js.cache, written at build time by scripts/package.mjs after a training run of a few
// commands). With the cache V8 neither parses the bundle nor compiles the functions the training run
// used: a `podwright` command, or a thread of lint, starts in about half the CPU. Node 20 has no
// module.enableCompileCache, so this is vm.Script's cachedData, as Node's own snapshot tooling uses it.
// A file loaded here must hold no import(): a function taken from the cache has lost the script's
// loader for it ("A dynamic import callback was not specified"), so the build turns each import()
// into a require (scripts/package.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedModule {
  exports: Record<string, unknown>;
  /** The cache was there but made from other source, or V8 refused it (another Node, other V8 flags). */
  rejected: boolean;
  /** Writes the code of every function compiled so far to `cacheFile` (the build's training run). */
  writeCache(): void;
}

export function cacheFileOf(file: string): string {
  return `${file}.cache`;
}

/**
 * The cache starts with the SHA-1 of the source it was made from. V8 checks only the source's
 * length (SerializedCodeData::SourceHash): a cache of another bundle of the same length would be
 * taken, and would run that other code.
 */
const HASH_BYTES = 20;

function sourceHash(source: string): Buffer {
  return createHash('sha1').update(source).digest();
}

/** `cacheFile`: where the cache is, beside `file` unless said (a file of the repository, not of dist/). */
export function loadWithCodeCache(file: string, cacheFile = cacheFileOf(file)): CachedModule {
  const source = readFileSync(file, 'utf8');
  const hash = sourceHash(source);
  let cachedData: Buffer | undefined;
  let stale = false;
  try {
    const stored = readFileSync(cacheFile);
    if (stored.subarray(0, HASH_BYTES).equals(hash)) cachedData = stored.subarray(HASH_BYTES);
    else stale = true;
  } catch {
    // No cache (a build without the training run): compiled as Node would, only slower.
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return {
    exports: mod.exports,
    rejected: stale || (cachedData !== undefined && script.cachedDataRejected === true),
    writeCache: () => writeFileSync(cacheFile, Buffer.concat([hash, script.createCachedData()])),
  };
}
