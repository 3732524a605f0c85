// dockerode, without what this runtime never uses. Its modules load ssh2 (for ssh:// engines), gRPC
// with a protobuf loader (for BuildKit sessions) and tar-fs (for build contexts) at their top: about
// 300 ms of every command's start-up on a 2-core machine, for code that never runs here. Those
// modules are put in Node's module cache as stand-ins (unusedModules.ts) before dockerode loads;
// nothing else in the product depends on them (`npm ls`), so nothing else is given a stand-in.
import type Dockerode from 'dockerode';
import Module from 'node:module';
import { dirname } from 'node:path';
import { UNUSED_MODULES } from './unusedModules';

let loaded: typeof Dockerode | undefined;

function standIns(): void {
  let from: string[];
  try {
    from = [dirname(require.resolve('dockerode')), dirname(require.resolve('docker-modem'))];
  } catch {
    // Bundled (dist/): there is no node_modules to resolve from, and the bundle has the stand-ins built in.
    return;
  }
  for (const [name, exports] of Object.entries(UNUSED_MODULES)) {
    let path: string;
    try {
      path = require.resolve(name, { paths: from });
    } catch {
      // Not installed: nothing would load it either.
      continue;
    }
    if (require.cache[path]) continue;
    const m = new Module(path, module);
    m.filename = path;
    m.loaded = true;
    m.exports = exports;
    require.cache[path] = m;
  }
}

/** The dockerode constructor, loaded on first use. */
export function dockerode(): typeof Dockerode {
  if (!loaded) {
    standIns();
    loaded = require('dockerode') as typeof Dockerode;
  }
  return loaded;
}
