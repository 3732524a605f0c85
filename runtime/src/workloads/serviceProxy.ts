// A ClusterIP Service's virtual address: one small container per Service on the namespace's network,
// whose aliases are the Service's names and whose address is its cluster IP. For each Service port
// it listens with busybox `nc -ll -e` and hands every connection to a forwarder that connects, with
// `nc`, to the next Ready endpoint (round robin) on that pod's target port. The endpoints are a file
// per port inside the container, rewritten by the controller manager whenever the Ready pods change:
// clients keep the same address and name while endpoints come and go, as kube-proxy gives them.
//
// Decision: a container rather than a proxy in the controller manager. A proxy in the manager would
// have to be reached from the pods through a host address, would stop with the manager, and would
// make the host a hop for traffic between pods; the container lives on the pods' own network, keeps
// forwarding when no podwright process runs, and is built, like the infra image, from the host's
// static busybox (no registry, no toolchain). busybox has no socat or tcpsvd; `nc -ll -e` forks one
// forwarder per connection, which is plenty for a development cluster.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { statusOf } from '../engine';
import { RuntimeError } from '../errors';
import { findStaticBusybox } from '../images';
import { ignoreGone } from '../remove';
import { makeTar, type TarEntry } from '../tar';

/** Bump the tag whenever the image's contents change: an existing image is never rebuilt. */
export const PROXY_IMAGE = 'podwright/service-proxy:1';
const APPLETS = ['sh', 'nc', 'cat', 'mkdir', 'sleep'];

/** One connection: the next endpoint of the port's list (round robin over forks, through a counter file). */
const FORWARD = `#!/bin/sh
port=$1
set -- $(cat /run/pw/ep-$port 2>/dev/null)
[ $# -gt 0 ] || exit 1
c=/run/pw/rr-$port
n=$(cat $c 2>/dev/null)
n=$(( (\${n:-0} + 1) % $# ))
echo $n > $c
shift $n
exec nc "\${1%:*}" "\${1##*:}"
`;

/** PID 1: a listener per port (the arguments); SIGTERM ends it at once. */
export const PROXY_CMD = ['/bin/sh', '-c', 'trap "exit 0" TERM INT; for p in "$@"; do nc -ll -p "$p" -e /bin/pw-forward "$p" & done; wait', 'proxy'];

function proxyTar(busybox: Buffer): Buffer {
  const entries: TarEntry[] = [
    { path: 'bin', type: 'dir' },
    { path: 'run', type: 'dir' },
    { path: 'run/pw', type: 'dir', mode: 0o755 },
    { path: 'bin/busybox', data: busybox, mode: 0o755 },
    { path: 'bin/pw-forward', data: Buffer.from(FORWARD), mode: 0o755 },
    ...APPLETS.map((a): TarEntry => ({ path: `bin/${a}`, type: 'symlink', linkTarget: 'busybox' })),
  ];
  return makeTar(entries);
}

const builds = new WeakMap<Docker, Promise<string>>();

/** The proxy image's ID, built once per engine; only an image whose one layer is our archive is used. */
export function ensureProxyImage(docker: Docker): Promise<string> {
  let build = builds.get(docker);
  if (!build) {
    build = buildProxyImage(docker).catch((e) => {
      builds.delete(docker);
      throw e;
    });
    builds.set(docker, build);
  }
  return build;
}

async function buildProxyImage(docker: Docker): Promise<string> {
  const busybox = findStaticBusybox();
  if (!busybox) throw new RuntimeError({ code: 'InfraImageUnavailable', detail: 'podwright builds its Service proxy image from a static busybox and found none; install busybox-static or set PODWRIGHT_BUSYBOX.' });
  const tar = proxyTar(readFileSync(busybox));
  const layer = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
  const ours = async (): Promise<string | undefined> => {
    try {
      const info = await docker.getImage(PROXY_IMAGE).inspect();
      const layers = info.RootFS?.Layers ?? [];
      return layers.length === 1 && layers[0] === layer ? info.Id : undefined;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  };
  const present = await ours();
  if (present) return present;
  const [repo, tag] = PROXY_IMAGE.split(':');
  const stream = await docker.importImage(Readable.from([tar]) as unknown as NodeJS.ReadableStream, { repo, tag, changes: ['ENV PATH=/bin', 'LABEL io.podwright.image=service-proxy'] } as object);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
      const failed = err ?? out.find((o) => o.error);
      if (failed) reject(new Error(`could not build ${PROXY_IMAGE}: ${failed instanceof Error ? failed.message : String(failed.error)}`));
      else resolve();
    }),
  );
  const built = await ours();
  if (!built) throw new Error(`could not build ${PROXY_IMAGE}: the engine holds another image under its name`);
  return built;
}

/** What the proxy of one Service listens on and publishes. */
export interface ProxySpec {
  name: string;
  network: string;
  aliases: string[];
  labels: Record<string, string>;
  ports: number[];
  /** Host bindings (NodePort, LoadBalancer): Service port to host address and port ('' = any free port). */
  publish: { port: number; hostIP: string; hostPort: string }[];
}

export async function createProxy(docker: Docker, spec: ProxySpec): Promise<Docker.Container> {
  const image = await ensureProxyImage(docker);
  const PortBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const ExposedPorts: Record<string, object> = {};
  for (const p of spec.publish) {
    ExposedPorts[`${p.port}/tcp`] = {};
    (PortBindings[`${p.port}/tcp`] ??= []).push({ HostIp: p.hostIP, HostPort: p.hostPort });
  }
  const container = await docker.createContainer({
    name: spec.name,
    Image: image,
    Cmd: [...PROXY_CMD, ...spec.ports.map(String)],
    Labels: spec.labels,
    ExposedPorts,
    StopTimeout: 1,
    HostConfig: { NetworkMode: spec.network, PortBindings, RestartPolicy: { Name: 'no' } },
    NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: spec.aliases } } },
  });
  try {
    await container.start();
  } catch (e) {
    await container.remove({ force: true }).catch(ignoreGone);
    throw e;
  }
  return container;
}

/** Writes the endpoint lists (`ip:port` lines per Service port) into a running proxy. */
export async function writeEndpoints(docker: Docker, id: string, endpoints: Map<number, string[]>): Promise<void> {
  const entries: TarEntry[] = [...endpoints].map(([port, list]) => ({ path: `ep-${port}`, data: Buffer.from(list.map((e) => `${e}\n`).join('')), mode: 0o644 }));
  await docker.getContainer(id).putArchive(Readable.from([makeTar(entries)]) as unknown as NodeJS.ReadableStream, { path: '/run/pw' });
}
