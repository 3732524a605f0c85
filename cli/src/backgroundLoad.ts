// What dist/supervisorLoad.js and dist/controllerLoad.js do: the CLI bundle (cliBundle.ts) starts
// the runtime's background processes on them, and they run the extension's bundles beside them
// (dist/supervisorMain.js, dist/controllerMain.js) with a code cache of their own. The extension
// spawns those bundles directly and never loads these loaders or caches (.vscodeignore).
import { loadWithCodeCache } from './codeCache';

export function loadBackground(file: string): void {
  const loaded = loadWithCodeCache(file);
  if (process.env.PODWRIGHT_WRITE_CODE_CACHE === '1') {
    // The build's training run (scripts/package.mjs): the cache holds what the process compiled to
    // start (every module's top level), written before it does any work, so the build needs neither
    // a pod nor the engine. It exits at once: a manager would otherwise stay for a minute.
    loaded.writeCache();
    process.exit(0);
  }
}
