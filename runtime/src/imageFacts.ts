// What an image on the engine says about the process it runs, for checks made before a pod is run
// (the editor's image-aware checks). Never a pull: an image that is not on the engine is reported as
// absent, which is itself a fact (ErrImageNeverPull with imagePullPolicy Never).
import type Docker from 'dockerode';
import { statusOf } from './engine';

export interface ImageFacts {
  /** The image ID (sha256:…): what the facts are cached by. */
  id: string;
  /** Config.User: '' (root), a uid, a name, `uid:gid` … */
  user: string;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  /** Config.ExposedPorts, as `80/tcp`. */
  exposedPorts: string[];
}

/** Facts by image ID: an ID names one immutable image, so they never go stale. */
export type FactsCache = Map<string, ImageFacts>;

/** `busybox` means `busybox:latest`, as the engine reads a reference without tag or digest. */
function withTag(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return name.includes('@') || last.includes(':') ? name : `${name}:latest`;
}

/**
 * Each name's facts, or null when the engine does not have it. Names are resolved to IDs with one
 * list call (a tag can move to another image); only IDs not seen before are inspected.
 */
export async function imageFacts(docker: Docker, names: readonly string[], cache: FactsCache = new Map()): Promise<Map<string, ImageFacts | null>> {
  const out = new Map<string, ImageFacts | null>();
  const idByTag = new Map<string, string>();
  for (const i of await docker.listImages()) for (const tag of i.RepoTags ?? []) idByTag.set(tag, i.Id);
  await Promise.all(
    [...new Set(names)].map(async (name) => {
      const id = idByTag.get(withTag(name));
      const known = id ? cache.get(id) : undefined;
      if (known) return out.set(name, known);
      try {
        // Not listed under that exact reference (docker.io/library/…, a digest): the engine resolves it.
        const info = await docker.getImage(id ?? name).inspect();
        const c = info.Config ?? ({} as Docker.ImageInspectInfo['Config']);
        const facts: ImageFacts = { id: info.Id, user: c.User ?? '', entrypoint: asList(c.Entrypoint), cmd: asList(c.Cmd), workingDir: c.WorkingDir ?? '', exposedPorts: Object.keys(c.ExposedPorts ?? {}) };
        cache.set(info.Id, facts);
        out.set(name, facts);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        out.set(name, null);
      }
    }),
  );
  return out;
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
}
