// Turns a PodPlan into engine objects: images, volumes, the infra container (started, owning the
// pod's network/ipc/uts namespaces and its published ports) and every container, created but not
// started — the supervisor starts them in Kubernetes order.
import type Docker from 'dockerode';
import { Readable } from 'node:stream';
import { engineMessage, isConnectionError, statusOf } from './engine';
import { expand } from './expand';
import { ensureImage, ensureInfraImage, ImageError, INFRA_CMD, PullProgress } from './images';
import { LABEL, Role } from './labels';
import { addressOn, clusterSearches } from './network';
import { Steps } from './steps';
import { makeTar, TarEntry } from './tar';
import type { PodEvent } from './state';
import { ContainerPlan, PlanVolume, PodPlan, shapeOf } from './types';

export interface CreateOptions {
  /** Address published hostPorts bind to; 127.0.0.1 unless the caller asks otherwise. */
  publishAddress?: string;
  /** Also publish every declared containerPort, on a free host port. */
  publishAll?: boolean;
  /** Pull retries after ErrImagePull, each after an ImagePullBackOff wait (default 1). */
  pullRetries?: number;
  /** The ImagePullBackOff wait (the kubelet's image back-off starts at 10 s). */
  pullBackoffMs?: number;
  onPull?: (p: PullProgress) => void;
  /**
   * The namespace's network (network.ts) and the pod's own names on it; `ensure` makes the network
   * again if it went between being made and the infra container joining it. Without it the pod is
   * on the engine's default bridge, with no cluster DNS.
   */
  network?: { name: string; aliases: string[]; ensure(): Promise<string> };
  /** Variables every container gets before its own: the Service links (enableServiceLinks). */
  serviceEnv?: Record<string, string>;
}

export interface CreateHooks {
  emit(e: Omit<PodEvent, 'time'>): void;
  /** Records a container's waiting reason (ErrImagePull, ImagePullBackOff …) for `ps`; undefined clears it. */
  waiting(container: string, w: { reason: string; message: string } | undefined): void;
  /**
   * Records that a container's image was pulled for it: its first start then says nothing more of
   * the image, where it would say "already present" (the supervisor, startContainer).
   */
  pulled?(container: string): void;
  /** Throws when the pod was asked to stop while being created. */
  checkStop(): void;
}

/** A pod that could not be created, with the reason a person should read. */
export class CreateError extends Error {
  constructor(readonly reason: string, message: string, readonly container?: string, readonly port?: number) {
    super(message);
    this.name = 'CreateError';
  }
}

export const short = (uid: string) => uid.replace(/-/g, '').slice(0, 8);
export const infraName = (p: { name: string; uid: string }) => `podwright_${p.name}_${short(p.uid)}`;
export const containerName = (p: { name: string; uid: string }, c: string) => `${infraName(p)}_${c}`;
export const volumeName = (p: { uid: string }, v: string) => `podwright_${short(p.uid)}_${v}`;

export function labelsFor(plan: PodPlan, role: Role, container?: string): Record<string, string> {
  const l: Record<string, string> = {
    [LABEL.pod]: plan.name,
    [LABEL.namespace]: plan.namespace,
    [LABEL.uid]: plan.uid,
    [LABEL.manifestHash]: plan.manifestHash,
    [LABEL.manifest]: plan.manifestPath,
    [LABEL.role]: role,
  };
  if (container !== undefined) l[LABEL.container] = container;
  if (plan.owner) {
    l[LABEL.ownerKind] = plan.owner.kind;
    l[LABEL.ownerName] = plan.owner.name;
    l[LABEL.ownerUid] = plan.owner.uid;
    l[LABEL.cluster] = plan.owner.cluster;
  }
  return l;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureImages(docker: Docker, plan: PodPlan, hooks: CreateHooks, opts: CreateOptions): Promise<void> {
  const all = [...plan.initContainers, ...plan.containers];
  // Each distinct image once, in parallel; the first failure names its container.
  const byImage = new Map<string, ContainerPlan>();
  for (const c of all) if (!byImage.has(c.image) || c.pullPolicy === 'Always') byImage.set(c.image, c);
  await Promise.all([...byImage.values()].map((c) => ensureOne(docker, c, all.filter((x) => x.image === c.image).map((x) => x.name), hooks, opts)));
}

async function ensureOne(docker: Docker, c: ContainerPlan, users: string[], hooks: CreateHooks, opts: CreateOptions): Promise<void> {
  const retries = opts.pullRetries ?? 1;
  for (let attempt = 0; ; attempt++) {
    hooks.checkStop();
    try {
      const pulling = () => hooks.emit({ type: 'Normal', reason: 'Pulling', container: c.name, message: `Pulling image "${c.image}"` });
      const r = await ensureImage(docker, c.image, c.pullPolicy, opts.onPull, pulling);
      for (const u of users) hooks.waiting(u, undefined);
      // A pull is said when it happens, before the pod's turn to start the container (the images of
      // a pod are fetched at once), and stands for that container's image step. An image already
      // there is said at each container's turn, as the kubelet says it, before Created and Started
      // (the supervisor's startContainer): for the other containers of the same image, too.
      if (r === 'pulled') {
        hooks.pulled?.(c.name);
        hooks.emit({ type: 'Normal', reason: 'Pulled', container: c.name, message: `Successfully pulled image "${c.image}"` });
      }
      return;
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      for (const u of users) hooks.waiting(u, { reason: e.reason, message: e.message });
      hooks.emit({ type: 'Warning', reason: e.reason === 'ErrImageNeverPull' ? 'ErrImageNeverPull' : 'Failed', container: c.name, message: e.message });
      // Never-pull and bad names do not get better by waiting; a failed pull is retried after a back-off.
      if (e.reason !== 'ErrImagePull' || attempt >= retries) throw new CreateError(e.reason, e.message, c.name);
      const wait = opts.pullBackoffMs ?? 10_000;
      for (const u of users) hooks.waiting(u, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` });
      hooks.emit({ type: 'Normal', reason: 'BackOff', container: c.name, message: `Back-off pulling image "${c.image}"` });
      for (const end = Date.now() + wait; Date.now() < end; ) {
        hooks.checkStop();
        await sleep(Math.min(100, end - Date.now()));
      }
    }
  }
}

async function createVolume(docker: Docker, plan: PodPlan, v: PlanVolume, infraImage: string): Promise<void> {
  if (v.kind === 'hostPath' || v.kind === 'claim') return;
  const Labels = { ...labelsFor(plan, 'infra'), [LABEL.volume]: v.name };
  const name = volumeName(plan, v.name);
  if (v.kind === 'emptyDir' && v.memory) {
    // medium: Memory is a tmpfs that every container of the pod shares, so a tmpfs-backed named
    // volume rather than a per-container tmpfs mount.
    // The kubelet makes an emptyDir world-writable (0777), so containers of any user can share it.
    const o = ['mode=0777', ...(v.sizeLimit ? [`size=${v.sizeLimit}`] : [])].join(',');
    await docker.createVolume({ Name: name, Labels, Driver: 'local', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o } });
    return;
  }
  await docker.createVolume({ Name: name, Labels });
  if (v.kind === 'emptyDir') {
    // The kubelet makes an emptyDir world-writable (0777). A new Docker volume is root's and 0755;
    // mounting it first over the infra image's /emptydir (0777) makes the engine copy that mode in,
    // when the container is created, without starting anything.
    const shaper = await docker.createContainer({
      Image: infraImage,
      Labels: labelsFor(plan, 'infra', `mode-${v.name}`),
      HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: '/emptydir' }], NetworkMode: 'none' },
    });
    await shaper.remove({ force: true });
    return;
  }
  if (v.kind !== 'files') return;
  // Fill it through a container that is created and never started: the archive goes straight into
  // the volume, which works on a remote engine too (no host directory involved).
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  for (const f of v.files) {
    const parts = f.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of [...dirs].sort()) entries.push({ path: d, type: 'dir', mode: 0o755 });
  for (const f of v.files) entries.push({ path: f.path, data: f.data, mode: f.mode, gid: v.gid });
  const filler = await docker.createContainer({
    Image: infraImage,
    Labels: labelsFor(plan, 'infra', `fill-${v.name}`),
    HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: '/v' }], NetworkMode: 'none' },
  });
  try {
    await filler.putArchive(Readable.from([makeTar(entries)]) as unknown as NodeJS.ReadableStream, { path: '/v' });
  } finally {
    await filler.remove({ force: true });
  }
}

function portKey(p: { containerPort: number; protocol: string }): string {
  return `${p.containerPort}/${p.protocol.toLowerCase()}`;
}

/** The label of the infra container that names the pod's own aliases (network.ts), for re-connections. */
export const ALIASES_LABEL = 'io.podwright.aliases';

export async function createInfra(docker: Docker, plan: PodPlan, opts: CreateOptions, infraImage: string): Promise<Docker.Container> {
  const ExposedPorts: Record<string, object> = {};
  const PortBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const c of [...plan.initContainers, ...plan.containers]) {
    for (const p of c.ports) {
      if (!p.hostPort && !opts.publishAll) continue;
      const key = portKey(p);
      ExposedPorts[key] = {};
      // A manifest's hostIP counts for its hostPort only (beyond the loopback it was allowed as host
      // access); a port published by --publish-all goes to the publish address, whatever hostIP says.
      const address = opts.publishAddress ?? '127.0.0.1';
      const binding = { HostIp: p.hostPort ? (p.hostIP || address) : address, HostPort: p.hostPort ? String(p.hostPort) : '' };
      (PortBindings[key] ??= []).push(binding);
    }
  }
  const net = plan.hostNetwork ? undefined : opts.network;
  // ClusterFirst (the default): the cluster's search path first and ndots:5, as the kubelet writes
  // resolv.conf (pkg/kubelet/network/dns/dns.go); the engine's DNS server answers the Service names.
  const clusterFirst = net && plan.dnsPolicy === 'ClusterFirst';
  const searches = [...(clusterFirst ? clusterSearches(plan.namespace) : []), ...(plan.dns?.searches ?? [])];
  const options = [...(clusterFirst && !plan.dns?.options.some((o) => o.startsWith('ndots')) ? ['ndots:5'] : []), ...(plan.dns?.options ?? [])];
  const config = (): Docker.ContainerCreateOptions => ({
    name: infraName(plan),
    Image: infraImage,
    Cmd: INFRA_CMD,
    Hostname: plan.hostNetwork ? undefined : plan.hostname,
    Domainname: plan.hostNetwork ? undefined : plan.domainname,
    Labels: {
      ...labelsFor(plan, 'infra'),
      [LABEL.spec]: JSON.stringify(shapeOf(plan)),
      ...(plan.detail ? { [LABEL.detail]: JSON.stringify(plan.detail) } : {}),
      ...(net ? { [ALIASES_LABEL]: JSON.stringify(net.aliases) } : {}),
    },
    ExposedPorts,
    StopTimeout: 2,
    HostConfig: {
      NetworkMode: plan.hostNetwork ? 'host' : net?.name,
      PortBindings: plan.hostNetwork ? undefined : PortBindings,
      IpcMode: plan.hostIPC ? 'host' : 'shareable',
      PidMode: plan.hostPID ? 'host' : undefined,
      ExtraHosts: plan.hostNetwork || !plan.hostAliases.length ? undefined : plan.hostAliases,
      // The pod's own namespaces (network, IPC) hold its sysctls and its DNS, as the sandbox does.
      Sysctls: Object.keys(plan.sysctls).length ? plan.sysctls : undefined,
      Dns: !plan.hostNetwork && plan.dns?.nameservers.length ? plan.dns.nameservers : undefined,
      DnsSearch: !plan.hostNetwork && searches.length ? searches : undefined,
      DnsOptions: !plan.hostNetwork && options.length ? options : undefined,
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: net ? { EndpointsConfig: { [net.name]: { Aliases: net.aliases } } } : undefined,
  });
  try {
    return await docker.createContainer(config());
  } catch (e) {
    // The namespace's network was removed as empty just before this pod joined it: make it again.
    if (!net || statusOf(e) !== 404 || !/network/i.test(engineMessage(e))) throw e;
    await net.ensure();
    return docker.createContainer(config());
  }
}

/**
 * A step's failure that is the engine going away (the connection refused or cut mid-request) is
 * thrown as it is, for the runtime to say the engine is unreachable and the pod half made; only the
 * engine's own refusals become the step's reason (CreateSandboxFailed, FailedMount …).
 */
function lostEngine(e: unknown): void {
  if (isConnectionError(e)) throw e;
}

/** Starts the infra container: the pod's namespaces exist, its ports are published. */
async function startInfra(docker: Docker, infra: Docker.Container): Promise<void> {
  try {
    await infra.start();
  } catch (e) {
    lostEngine(e);
    const m = engineMessage(e);
    if (/port is already allocated|address already in use/i.test(m)) throw new CreateError('PortInUse', await portInUse(docker, m), undefined, portOf(m));
    throw new CreateError('CreateSandboxFailed', `could not start the pod's infra container: ${m}`);
  }
}

/** `127.0.0.1:8080` out of the engine's "Bind for 127.0.0.1:8080 failed" or "listen tcp4 0.0.0.0:8080: bind". */
function bindingOf(message: string): { address?: string; port?: number } {
  const m = /(?:Bind for|listen tcp\d?|listen udp\d?)\s+\[?([0-9a-fA-F.:]*?)\]?:(\d+)/.exec(message);
  return m ? { address: m[1] || undefined, port: Number(m[2]) } : {};
}

function portOf(message: string): number | undefined {
  return bindingOf(message).port;
}

/**
 * One line: which port, on which address, and what holds it where the engine knows (another
 * container publishes it: "port is already allocated"); a program outside the engine otherwise.
 */
async function portInUse(docker: Docker, message: string): Promise<string> {
  const { address, port } = bindingOf(message);
  const where = `host port ${port ?? '?'}${address ? ` on ${address}` : ''} is already in use`;
  if (port === undefined) return `${where}: ${message}`;
  if (!/already allocated/i.test(message)) return `${where} by a program on this machine (not a container); free it or change hostPort.`;
  let holder: string | undefined;
  try {
    const [c] = await docker.listContainers({ filters: { publish: [String(port)] } });
    const labels = c?.Labels ?? {};
    holder = labels[LABEL.pod] ? `pod '${labels[LABEL.pod]}'${labels[LABEL.namespace] && labels[LABEL.namespace] !== 'default' ? ` in namespace '${labels[LABEL.namespace]}'` : ''}` : c ? `container ${c.Names?.[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12)}` : undefined;
  } catch {
    // Naming the holder is a courtesy: without it the message still says which port.
    holder = undefined;
  }
  return `${where}${holder ? ` by ${holder}` : ' by another container'}; stop it, or change hostPort.`;
}

function containerConfig(plan: PodPlan, c: ContainerPlan, infraId: string, podIP: string, hostIP: string, serviceEnv: Record<string, string> = {}): Docker.ContainerCreateOptions {
  // The Service links come first: the container's own variables win and may refer to them.
  const env = new Map<string, string>(Object.entries(serviceEnv));
  for (const e of c.env) {
    const v = e.podField ? (e.podField.startsWith('status.pod') ? podIP : hostIP) : (e.value ?? '');
    env.set(e.name, v);
  }
  const lookup = (n: string) => env.get(n);
  const command = c.command?.length ? c.command.map((x) => expand(x, lookup)) : undefined;
  const args = c.args?.length ? c.args.map((x) => expand(x, lookup)) : undefined;
  const mounts: Docker.MountSettings[] = [];
  const binds: string[] = [];
  for (const m of c.mounts) {
    const v = plan.volumes.find((x) => x.name === m.volume);
    if (!v) continue;
    if (v.kind === 'hostPath') {
      const src = m.subPath ? `${v.path.replace(/\/$/, '')}/${m.subPath}` : v.path;
      binds.push(`${src}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
    } else if (v.kind === 'claim') {
      mounts.push({ Type: 'volume', Source: v.volume, Target: m.mountPath, ReadOnly: m.readOnly || v.readOnly });
    } else {
      mounts.push({ Type: 'volume', Source: volumeName(plan, v.name), Target: m.mountPath, ReadOnly: m.readOnly || v.kind === 'files' });
    }
  }
  const ns = `container:${infraId}`;
  return {
    name: containerName(plan, c.name),
    Image: c.image,
    // Kubernetes semantics: `command` replaces ENTRYPOINT and drops the image's CMD (the engine
    // skips the image CMD whenever Entrypoint is given); `args` alone replaces CMD only.
    Entrypoint: command,
    Cmd: command ? (args ?? []) : args,
    WorkingDir: c.workingDir,
    Env: [...env].map(([k, v]) => `${k}=${v}`),
    Labels: labelsFor(plan, c.role, c.name),
    User: c.user,
    Tty: c.tty,
    OpenStdin: c.stdin,
    StopTimeout: plan.terminationGracePeriodSeconds,
    HostConfig: {
      NetworkMode: ns,
      IpcMode: ns,
      PidMode: plan.shareProcessNamespace ? ns : plan.hostPID ? 'host' : undefined,
      Mounts: mounts,
      Binds: binds.length ? binds : undefined,
      Memory: c.memoryLimit,
      // Without a swap limit equal to memory, the engine would let the container swap past it.
      MemorySwap: c.memoryLimit,
      NanoCpus: c.nanoCpus,
      CpuShares: c.cpuShares,
      Privileged: c.privileged,
      ReadonlyRootfs: c.readOnlyRootFilesystem,
      CapAdd: c.capAdd.length ? c.capAdd : undefined,
      CapDrop: c.capDrop.length ? c.capDrop : undefined,
      SecurityOpt: c.securityOpt.length ? c.securityOpt : undefined,
      // procMount Unmasked: nothing of /proc masked or read-only (the engine's default masks some).
      MaskedPaths: c.unmaskedProc ? [] : undefined,
      ReadonlyPaths: c.unmaskedProc ? [] : undefined,
      GroupAdd: c.groupAdd.length ? c.groupAdd : undefined,
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * runAsNonRoot without runAsUser: the image's own user decides, as the kubelet's verifyRunAsNonRoot
 * (pkg/kubelet/kuberuntime/security_context_others.go) checks: a name cannot be verified, uid 0 fails.
 */
async function checkNonRoot(docker: Docker, plan: PodPlan): Promise<void> {
  for (const c of [...plan.initContainers, ...plan.containers]) {
    if (!c.runAsNonRoot || c.user) continue;
    const user = ((await docker.getImage(c.image).inspect()).Config.User ?? '').split(':')[0];
    if (user === '' || user === '0' || user === 'root') {
      throw new CreateError('CreateContainerConfigError', 'container has runAsNonRoot and image will run as root; set runAsUser or use an image with a non-root USER.', c.name);
    }
    if (!/^\d+$/.test(user)) {
      throw new CreateError('CreateContainerConfigError', `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root; set runAsUser.`, c.name);
    }
  }
}

/**
 * Volumes, infra (started) and all containers (created). Throws CreateError; the caller cleans up.
 * The sandbox is made first, as the kubelet does, so that the pod is visible (Pending, its
 * containers waiting with their reasons) while images are pulled; what does not depend on each
 * other is done at once: the volumes, the infra container's start (its network is the slowest
 * step), the images, and the containers, which need the infra container to exist but not to run.
 */
export async function createPod(docker: Docker, plan: PodPlan, opts: CreateOptions, hooks: CreateHooks): Promise<void> {
  const infraImage = await ensureInfraImage(docker);
  hooks.checkStop();
  const steps = new Steps(hooks.checkStop);
  const volumes = steps.run(() =>
    Promise.all(
      plan.volumes.map((v) =>
        createVolume(docker, plan, v, infraImage).catch((e) => {
          lostEngine(e);
          throw new CreateError('FailedMount', `could not create volume '${v.name}': ${engineMessage(e)}`);
        }),
      ),
    ),
  );
  const infra = steps.run(() => createInfra(docker, plan, opts, infraImage));
  const started = steps.run(async () => startInfra(docker, await infra));
  const images = steps.run(async () => {
    await ensureImages(docker, plan, { ...hooks, checkStop: steps.check }, opts);
    await checkNonRoot(docker, plan);
  });
  const all = [...plan.initContainers, ...plan.containers];
  // The pod's IP is known once the infra container runs; only the downward API's status fields need it.
  const needsAddress = !plan.hostNetwork && all.some((c) => c.env.some((e) => e.podField));
  const address = steps.run(async () => {
    if (plan.hostNetwork) return { podIP: '127.0.0.1', hostIP: '127.0.0.1' };
    if (!needsAddress) return { podIP: '', hostIP: '' };
    await started;
    const info = await (await infra).inspect();
    const net = opts.network?.name;
    const settings = info.NetworkSettings as unknown as { IPAddress: string; Gateway: string; Networks?: Record<string, { IPAddress?: string; Gateway?: string }> };
    return net ? { podIP: addressOn(settings, net), hostIP: settings.Networks?.[net]?.Gateway ?? '' } : { podIP: settings.IPAddress, hostIP: settings.Gateway };
  });
  steps.run(async () => {
    const [box, { podIP, hostIP }] = await Promise.all([infra, address, volumes, images]);
    steps.check();
    // Created in parallel: creation is independent of start order, and this is most of the start time.
    // The Created event waits for the container's turn (the supervisor), where the kubelet creates
    // it: an app container is not "Created" while the init containers run.
    await Promise.all(
      all.map(async (c) => {
        try {
          await docker.createContainer(containerConfig(plan, c, box.id, podIP, hostIP, opts.serviceEnv));
        } catch (e) {
          lostEngine(e);
          throw new CreateError('CreateContainerError', `could not create container '${c.name}': ${engineMessage(e)}`, c.name);
        }
      }),
    );
  });
  await steps.end();
}
