// Modules loaded on first use rather than at activation: each is its own bundle next to
// dist/extension.js, required by path so that esbuild does not pull it into the activation bundle.
// The YAML parser behind the pods of a manifest costs more to load than the rest of the extension.
import * as path from 'node:path';
import type { objectsInManifest, podAt, podsInManifest, podsNamed } from '../../../analysis/src';

/** What dist/manifest.js exports: the analysis' manifest module (analysis/src/manifest.ts), bundled alone. */
interface ManifestModule {
  podsInManifest: typeof podsInManifest;
  podAt: typeof podAt;
  podsNamed: typeof podsNamed;
  objectsInManifest: typeof objectsInManifest;
}

let manifest: ManifestModule | undefined;

/** podsInManifest and friends (dist/manifest.js, with the `yaml` package). */
export function manifestPods(): ManifestModule {
  manifest ??= require(path.join(__dirname, 'manifest.js')) as ManifestModule;
  return manifest;
}
