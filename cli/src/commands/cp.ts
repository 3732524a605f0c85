// `podwright cp SRC DEST`: a file or folder between this machine and a container of a pod, as kubectl
// cp (POD:PATH on one side), through the engine's archives (runtime/src/copy.ts): no `tar` needed in
// the image, and a stopped container's files can be read too.
import { existsSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import { NoSuchPath, type PodRuntime } from '../../../runtime/src';
import { flag, UsageError, type ParsedArgs } from '../args';
import { CliIO } from '../io';
import { FAILED, pickContainer, podCommand, podOf } from './podCommon';

const HELP = `usage: podwright cp SRC DEST [options]

Copies a file or folder between this machine and a container of a pod, as kubectl cp does; one of
SRC and DEST is POD:PATH (or NAMESPACE/POD:PATH). DEST names the copy: a file, or a folder that
holds the source folder's contents; a DEST ending in / is a folder the copy goes into.

  podwright cp web:/etc/nginx/nginx.conf ./nginx.conf
  podwright cp ./site web:/usr/share/nginx/html

The container may have stopped: what a crashed app wrote can still be copied out. Links in the
container are not copied out (each one is named), nor are devices and pipes.

options:
  -c, --container NAME   the container (default: the pod's first app container)
  -n, --namespace NS     the pod's namespace

exit status: 0 copied, 1 no such pod, container or path, 2 usage or engine error
`;

/** `POD:PATH` or `NAMESPACE/POD:PATH`, unless a local file of that name exists (`./a:b`). */
function remoteOf(arg: string): { pod: string; path: string } | undefined {
  const m = /^((?:[a-z0-9][-a-z0-9.]*\/)?[a-z0-9][-a-z0-9.]*):(.*)$/.exec(arg);
  if (!m || existsSync(arg)) return undefined;
  return { pod: m[1], path: m[2] };
}

function sides(args: ParsedArgs): { remote: { pod: string; path: string }; local: string; out: boolean } {
  if (args.positional.length !== 2) throw new UsageError('give SRC and DEST, one of them POD:PATH');
  const [src, dest] = args.positional;
  const from = remoteOf(src);
  const to = remoteOf(dest);
  if (from && to) throw new UsageError('copying from one pod to another is not supported: copy out, then in');
  const remote = from ?? to;
  if (!remote) throw new UsageError('one of SRC and DEST must be POD:PATH');
  if (!remote.path.startsWith('/')) throw new UsageError(`the path in the container must be absolute (got '${remote.path}')`);
  // A DEST ending in / is a folder the copy goes into, under the source's name (as docker cp).
  if (from && /[/\\]$/.test(dest)) return { remote, local: join(dest, posix.basename(remote.path)), out: true };
  if (to && remote.path.endsWith('/')) remote.path += basename(resolve(src));
  if (remote.path === '/' || posix.basename(remote.path) === '') throw new UsageError('name the copy in the container, such as /tmp/site');
  return { remote, local: from ? dest : src, out: from !== undefined };
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { container: { value: true, alias: 'c' }, namespace: { value: true, alias: 'n' } };
  return podCommand('cp', HELP, argv, spec, io, async (args, runtime) => {
    const { remote, local, out } = sides(args);
    const pod = await podOf(runtime, { ...args, positional: [remote.pod] }, io);
    const container = pickContainer(pod, flag(args, 'container'), io);
    if (!container) throw new UsageError(`pod ${pod.name} has no container to copy ${out ? 'from' : 'to'}`);
    return copy(runtime, pod, container, remote.path, local, out, io);
  }, sides);
}

async function copy(runtime: PodRuntime, pod: Awaited<ReturnType<typeof podOf>>, container: string, path: string, local: string, out: boolean, io: CliIO): Promise<number> {
  const files = runtime.files(pod, container);
  try {
    if (out) {
      const skipped: string[] = [];
      await files.copyOut(path, local, (entry, why) => skipped.push(`${entry}: ${why}`));
      for (const s of skipped) io.err(`podwright cp: left out ${s}\n`);
    } else {
      await files.copyIn(local, path);
    }
  } catch (e) {
    if (!(e instanceof NoSuchPath)) throw e;
    io.err(`podwright cp: ${e.message}\n`);
    return FAILED;
  }
  return 0;
}
