// The pods of a manifest, for the CodeLens and the commands: the analysis finds them. Bundled on its
// own (dist/manifest.js) and loaded on first use, because the YAML parser costs more to load than the
// rest of the extension.
export { podsInManifest, podAt, podsNamed, type ManifestPod } from '../../../analysis/src';
