// Reads pods back from the engine by their labels: any process sees the same pods.
import type Docker from 'dockerode';
import { statusOf } from './engine';
import { LABEL, labelFilter, Role } from './labels';
import type { PodShape } from './types';

export interface EngineContainer {
  id: string;
  name: string;
  role: Role;
  image: string;
  /** created | running | paused | restarting | removing | exited | dead */
  status: string;
  exitCode: number;
  oomKilled: boolean;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

export interface PortView {
  containerPort: number;
  hostIP: string;
  hostPort: number;
  protocol: string;
}

export interface EnginePod {
  uid: string;
  name: string;
  namespace: string;
  manifest: string;
  /** The workload whose controller made it. */
  owner?: { kind: string; name: string; uid: string; cluster: string };
  shape?: PodShape;
  infra?: EngineContainer;
  containers: Map<string, EngineContainer>;
  /** Debug containers (`podwright debug`): not of the pod's spec, shown beside it. */
  ephemeral?: (EngineContainer & { target?: string })[];
  ports: PortView[];
  /** When its infra container was made: the pod's creationTimestamp. */
  created?: string;
  /** The pod's address (status.podIP): its infra container's, 127.0.0.1 with hostNetwork; none while it is down. */
  podIP?: string;
  /** A digest of the document it was planned from: `apply` leaves a pod of unchanged content alone. */
  manifestHash?: string;
}

/** A restarted container's previous run keeps this suffix; it is not a pod member any more. */
export const PREVIOUS_SUFFIX = '_prev';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const time = (t: string | undefined) => (t && t !== ZERO_TIME ? t : undefined);

/** Which pods to read: one by uid, those of a name (in a namespace), or all. */
export interface PodFilter {
  uid?: string;
  name?: string;
  namespace?: string;
}

/** The engine's label filter for a PodFilter: it lists only the pod's containers. */
function filterOf(which: PodFilter): { label: string[] } {
  const label = labelFilter(which.uid).label;
  if (which.name !== undefined) label.push(`${LABEL.pod}=${which.name}`);
  if (which.namespace !== undefined) label.push(`${LABEL.namespace}=${which.namespace}`);
  return { label };
}

/** A container's inspection by id or name; undefined when there is no such container (404). */
export async function inspectContainer(docker: Docker, idOrName: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(idOrName).inspect();
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** The pods on the engine (one, with `uid`; those a filter names), each with every container inspected. */
export async function readPods(docker: Docker, which: string | PodFilter = {}): Promise<EnginePod[]> {
  const list = await docker.listContainers({ all: true, filters: filterOf(typeof which === 'string' ? { uid: which } : which) });
  const infos = await Promise.all(
    list.map(async (summary) => {
      if (!summary.Labels?.[LABEL.uid] || summary.Names?.some((n) => n.endsWith(PREVIOUS_SUFFIX))) return undefined;
      return inspectContainer(docker, summary.Id); // undefined: removed meanwhile
    }),
  );
  return podsOf(infos.filter((i): i is Docker.ContainerInspectInfo => i !== undefined));
}

/**
 * The pods that containers' inspections make up (a stop has them in hand: it inspects each
 * container as it stops, before removing it). Previous runs (`_prev`) are no members.
 */
export function podsOf(infos: readonly Docker.ContainerInspectInfo[]): EnginePod[] {
  const pods = new Map<string, EnginePod>();
  for (const info of infos) {
    const labels = info.Config.Labels ?? {};
    const podUid = labels[LABEL.uid];
    if (!podUid || info.Name.endsWith(PREVIOUS_SUFFIX)) continue;
    const pod =
      pods.get(podUid) ??
      ({
        uid: podUid,
        name: labels[LABEL.pod] ?? '',
        namespace: labels[LABEL.namespace] ?? 'default',
        manifest: labels[LABEL.manifest] ?? '',
        owner: labels[LABEL.ownerUid] ? { kind: labels[LABEL.ownerKind] ?? '', name: labels[LABEL.ownerName] ?? '', uid: labels[LABEL.ownerUid], cluster: labels[LABEL.cluster] ?? '' } : undefined,
        containers: new Map(),
        ephemeral: [],
        ports: [],
      } as EnginePod);
    pods.set(podUid, pod);
    const role = (labels[LABEL.role] ?? 'app') as Role;
    const c: EngineContainer = {
      id: info.Id,
      name: labels[LABEL.container] ?? '',
      role,
      image: info.Config.Image,
      status: info.State.Status,
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      startedAt: time(info.State.StartedAt),
      finishedAt: time(info.State.FinishedAt),
      error: info.State.Error || undefined,
    };
    if (role === 'infra') {
      if (labels[LABEL.container]) continue; // a volume filler, never a pod member
      pod.infra = c;
      pod.created = info.Created;
      pod.podIP = podAddress(info).podIP;
      pod.manifestHash = labels[LABEL.manifestHash] || undefined;
      try {
        pod.shape = JSON.parse(labels[LABEL.spec] ?? '') as PodShape;
      } catch {
        // A label written by another version, or by hand: the pod is shown from its containers alone.
        pod.shape = undefined;
      }
      for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
        const [port, proto] = key.split('/');
        for (const b of bindings ?? []) {
          pod.ports.push({ containerPort: Number(port), hostIP: b.HostIp, hostPort: Number(b.HostPort), protocol: (proto ?? 'tcp').toUpperCase() });
        }
      }
    } else if ((labels[LABEL.role] as string | undefined) === 'ephemeral') {
      (pod.ephemeral ??= []).push({ ...c, target: labels[LABEL.debugTarget] });
    } else {
      pod.containers.set(c.name, c);
    }
  }
  return [...pods.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/**
 * A pod's address and its node's, from its infra container: on the pod's network (the namespace's
 * network, or the engine's default bridge), or the host's loopback with hostNetwork.
 */
export function podAddress(infra: Docker.ContainerInspectInfo | undefined): { podIP?: string; hostIP?: string } {
  if (infra?.HostConfig.NetworkMode === 'host') return { podIP: '127.0.0.1', hostIP: '127.0.0.1' };
  const networks = Object.values(infra?.NetworkSettings.Networks ?? {});
  return {
    podIP: infra?.NetworkSettings.IPAddress || networks.find((n) => n.IPAddress)?.IPAddress || undefined,
    hostIP: infra?.NetworkSettings.Gateway || networks.find((n) => n.Gateway)?.Gateway || undefined,
  };
}

/** A pod as the engine lists it, with no container inspected: enough to stop and remove it. */
export interface ListedPod {
  shape?: PodShape;
  infra?: { id: string; status: string };
  /** Members by container name: id, role and the engine's state (running, exited …). */
  containers: Map<string, { id: string; role: Role; status: string }>;
}

/** One pod from a single list call (stopping needs no exit codes or times: no inspect per container). */
export async function listPod(docker: Docker, uid: string): Promise<ListedPod | undefined> {
  const list = await docker.listContainers({ all: true, filters: labelFilter(uid) });
  let pod: ListedPod | undefined;
  for (const c of list) {
    const labels = c.Labels ?? {};
    if (c.Names?.some((n) => n.endsWith(PREVIOUS_SUFFIX))) continue;
    pod ??= { containers: new Map() };
    const role = (labels[LABEL.role] ?? 'app') as Role;
    // A debug container is no member to stop in order: the sweep by label removes it.
    if ((labels[LABEL.role] as string | undefined) === 'ephemeral') continue;
    if (role !== 'infra') pod.containers.set(labels[LABEL.container] ?? '', { id: c.Id, role, status: c.State });
    else if (!labels[LABEL.container]) {
      pod.infra = { id: c.Id, status: c.State };
      try {
        pod.shape = JSON.parse(labels[LABEL.spec] ?? '') as PodShape;
      } catch {
        // A label written by another version, or by hand: stopped from its containers alone.
        pod.shape = undefined;
      }
    }
  }
  return pod;
}
