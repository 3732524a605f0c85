// Images: pull policies with kubelet's reasons, and the pod infra image built on the spot.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { RuntimeError } from './errors';
import { engineMessage, isConnectionError, statusOf } from './engine';
import { makeTar, TarEntry } from './tar';
import type { PullPolicy } from './types';

export interface PullProgress {
  image: string;
  status: string;
  id?: string;
  current?: number;
  total?: number;
}

/** An image that cannot be had, with the reason the kubelet would give the container. */
export class ImageError extends Error {
  constructor(readonly reason: 'ErrImageNeverPull' | 'ErrImagePull' | 'InvalidImageName', readonly image: string, message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (e) {
    if (statusOf(e) === 404) return false;
    throw e;
  }
}

/** Makes `image` available per `policy` (kubelet's EnsureImageExists in pkg/kubelet/images). */
export async function ensureImage(
  docker: Docker,
  image: string,
  policy: PullPolicy,
  onProgress: (p: PullProgress) => void = () => undefined,
  onPulling: () => void = () => undefined,
): Promise<'present' | 'pulled'> {
  if (!image) throw new ImageError('InvalidImageName', image, 'the container has no image.');
  const present = policy === 'Always' ? false : await imagePresent(docker, image);
  if (present) return 'present';
  if (policy === 'Never') {
    throw new ImageError('ErrImageNeverPull', image, `Container image "${image}" is not present with pull policy of Never`);
  }
  // The kubelet says Pulling only when it pulls: an image already there is just Pulled ("already
  // present on machine").
  onPulling();
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null, output: { error?: string }[]) => {
          const failed = err ?? output.find((o) => o.error);
          if (failed) reject(failed instanceof Error ? failed : new Error(String((failed as { error?: string }).error)));
          else resolve();
        },
        (ev: { status?: string; id?: string; progressDetail?: { current?: number; total?: number } }) =>
          onProgress({ image, status: ev.status ?? '', id: ev.id, current: ev.progressDetail?.current, total: ev.progressDetail?.total }),
      );
    });
    return 'pulled';
  } catch (e) {
    // The engine itself gone (not the registry it pulls from): the runtime says so, not ErrImagePull.
    if (isConnectionError(e)) throw e;
    throw new ImageError('ErrImagePull', image, `failed to pull image "${image}": ${engineMessage(e)}`);
  }
}

// The infra image. Decision: it is built from a static busybox found on the host rather than from a
// program of our own. A C or Go pause program would need a toolchain (or a prebuilt binary per
// architecture) on every user's machine; busybox-static is one package on Debian/Ubuntu/Alpine, and
// it also gives the infra container `nc` and `wget`, so tcpSocket and httpGet probes run inside the
// pod's network namespace (docker exec into the infra container) whatever the app image contains —
// distroless images included, which is where `podman kube play` fails. PID 1 is a shell that traps
// SIGTERM, so stopping the infra container is immediate instead of waiting for SIGKILL.
// Bump the tag whenever the image's contents change: an existing image is never rebuilt.
// 3: adds /emptydir (0777), the template new emptyDir volumes copy their mode from.
export const INFRA_IMAGE = 'podwright/infra:3';
const INFRA_APPLETS = ['sh', 'sleep', 'nc', 'wget', 'timeout', 'true', 'cat', 'mkdir', 'chmod', 'cp'];
export const INFRA_CMD = ['/bin/sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done'];

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox', '/usr/local/bin/busybox', '/sbin/busybox'];

/** True for an ELF executable with no program interpreter, i.e. statically linked. */
export function isStaticElf(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false; // 64-bit ELF only
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (ph.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } catch {
    // Unreadable or too short to be an ELF file: not a static busybox.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function findStaticBusybox(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.PODWRIGHT_BUSYBOX ? [env.PODWRIGHT_BUSYBOX] : BUSYBOX_CANDIDATES;
  return candidates.find((p) => existsSync(p) && isStaticElf(p));
}

/** The infra image's repository: no container of a manifest may name it (planInfraImage refuses it). */
export const INFRA_REPOSITORY = INFRA_IMAGE.split(':')[0];

/** True when an image reference names the infra image, however it is written. */
export function namesInfraImage(image: string): boolean {
  const repo = image.replace(/@.*$/, '').replace(/:[^/]*$/, '').replace(/^(docker\.io|index\.docker\.io)\//, '');
  return repo === INFRA_REPOSITORY;
}

function infraTar(busybox: Buffer): Buffer {
  const entries: TarEntry[] = [
    { path: 'bin', type: 'dir' },
    { path: 'tmp', type: 'dir', mode: 0o1777 },
    { path: 'emptydir', type: 'dir', mode: 0o777 },
    { path: 'bin/busybox', data: busybox, mode: 0o755 },
    ...INFRA_APPLETS.map((a): TarEntry => ({ path: `bin/${a}`, type: 'symlink', linkTarget: 'busybox' })),
  ];
  return makeTar(entries);
}

/** An image Podwright builds from this machine's static busybox (the pod infra image, the Service proxy). */
export interface BusyboxImage {
  /** `repository:tag`; bump the tag whenever the contents change. */
  name: string;
  /** What it is for, in the message when no static busybox is found. */
  purpose: string;
  /** The image's one layer, from the busybox binary. */
  tar(busybox: Buffer): Buffer;
  /** Dockerfile instructions for the import (CMD, ENV, LABEL). */
  changes: string[];
}

const builds = new WeakMap<Docker, Map<string, Promise<string>>>();

/**
 * The image's ID, built once per engine the first time it is needed. Callers refer to it by ID, and
 * an image under its name is used only if its one layer is exactly the archive this machine's
 * busybox makes (the layer's DiffID is the archive's sha256): a manifest that pulled something else
 * under that name (an `image: podwright/infra:…` with imagePullPolicy Always) cannot become the
 * sandbox of later pods.
 */
export function ensureBusyboxImage(docker: Docker, image: BusyboxImage): Promise<string> {
  let perEngine = builds.get(docker);
  if (!perEngine) builds.set(docker, (perEngine = new Map()));
  let build = perEngine.get(image.name);
  if (!build) {
    const engineBuilds = perEngine;
    build = buildBusyboxImage(docker, image).catch((e) => {
      engineBuilds.delete(image.name);
      throw e;
    });
    perEngine.set(image.name, build);
  }
  return build;
}

/** The pod infra image's ID (ensureBusyboxImage). */
export function ensureInfraImage(docker: Docker): Promise<string> {
  return ensureBusyboxImage(docker, { name: INFRA_IMAGE, purpose: 'pod infra image', tar: infraTar, changes: [`CMD ${JSON.stringify(INFRA_CMD)}`, 'ENV PATH=/bin', 'LABEL io.podwright.image=infra'] });
}

async function buildBusyboxImage(docker: Docker, image: BusyboxImage): Promise<string> {
  const busybox = findStaticBusybox();
  if (!busybox) {
    throw new RuntimeError({
      code: 'InfraImageUnavailable',
      detail:
        `podwright builds its ${image.purpose} from a static busybox and found none; install busybox-static ` +
        '(`sudo apt-get install busybox-static`) or set PODWRIGHT_BUSYBOX to a static busybox binary.',
    });
  }
  const { readFileSync } = await import('node:fs');
  const tar = image.tar(readFileSync(busybox));
  const layer = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
  const ours = async (): Promise<string | undefined> => {
    try {
      const info = await docker.getImage(image.name).inspect();
      const layers = info.RootFS?.Layers ?? [];
      return layers.length === 1 && layers[0] === layer ? info.Id : undefined;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  };
  const present = await ours();
  if (present) return present;
  const { Readable } = await import('node:stream');
  const [repo, tag] = image.name.split(':');
  const stream = await docker.importImage(Readable.from([tar]) as unknown as NodeJS.ReadableStream, { repo, tag, changes: image.changes } as object);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
      const failed = err ?? out.find((o) => o.error);
      if (failed) reject(new Error(`could not build ${image.name}: ${failed instanceof Error ? failed.message : String(failed.error)}`));
      else resolve();
    }),
  );
  const built = await ours();
  if (!built) throw new Error(`could not build ${image.name}: the engine holds another image under its name`);
  return built;
}
