// The pod network: one user-defined bridge network per namespace of a local "cluster" (one state
// folder), which every pod's infra container joins. On such a network the engine's embedded DNS
// server (127.0.0.11) answers the names and aliases of the containers on it, which is what gives
// pods cluster DNS here: a Service's names are aliases of its proxy (ClusterIP) or of its Ready
// pods (headless), a StatefulSet pod's `<pod>.<svc>.<ns>.svc.cluster.local` an alias of its own.
// Namespaces are separate networks, as they are separate DNS zones; two clusters on one engine
// never share one.
//
// A network stays when its last pod goes (as a compose project's network does): making one costs
// more than a pod's start, and a namespace is used again and again. It goes when the last object of
// its namespace is deleted (`podwright delete`), except the `default` namespace's, which stays as that
// namespace does on every cluster (it cannot be deleted); and, empty, once its state folder is gone
// (checked whenever a network is made, which is where test runs and removed folders leave theirs).
// Only `default` is kept for good because subnets are scarce: the engine's default address pools hold
// about thirty networks, and a folder of many namespaces must not use them up.
//
// The network is made with an explicit subnet (the one the engine would pick itself, found with a
// probe network), because the engine keeps a container's address on a re-connection only on
// networks whose subnet was given: a pod that joins or leaves a headless Service is re-connected
// with new aliases and must keep its address.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusOf } from './engine';
import { isAlive } from './state';

/** Gone (404), or being removed (409): what a removal wanted. (remove.ts has the same; it imports this file.) */
const isGone = (e: unknown) => statusOf(e) === 404 || statusOf(e) === 409;

export const NETWORK_LABEL = {
  /** The cluster (state folder id) whose pods the network joins. */
  cluster: 'io.podwright.network.cluster',
  namespace: 'io.podwright.network.namespace',
  /** The state folder of the cluster, on the machine that made the network. */
  stateDir: 'io.podwright.network.state-dir',
} as const;

/** The namespace every cluster has and nobody can delete (its network is never removed for want of objects). */
export const DEFAULT_NAMESPACE = 'default';

/** The cluster DNS domain every Service name ends in (the kubelet's --cluster-domain default). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** `podwright-<cluster>-<namespace>`: the engine's name of a namespace's network (at most 63 characters). */
export function networkName(cluster: string, namespace: string): string {
  return `podwright-${cluster.replace(/-/g, '').slice(0, 12)}-${namespace}`.slice(0, 63);
}

/**
 * The search path of a ClusterFirst pod (pkg/kubelet/network/dns/dns.go generateSearchesForDNSClusterFirst):
 * `<ns>.svc.cluster.local svc.cluster.local cluster.local`, then the pod's own dnsConfig searches.
 */
export function clusterSearches(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/** The four names a Service answers to: `<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc`, `<svc>.<ns>.svc.cluster.local`. */
export function serviceNames(name: string, namespace: string): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`];
}

const made = new Map<string, Promise<string>>();

/**
 * The namespace's network, made on first use. Concurrent callers of one process share one
 * creation; another process making it at the same moment is found by name afterwards.
 */
export function ensureNetwork(docker: Docker, cluster: string, namespace: string, stateDir: string): Promise<string> {
  const name = networkName(cluster, namespace);
  let p = made.get(name);
  if (!p) {
    const labels = { [NETWORK_LABEL.cluster]: cluster, [NETWORK_LABEL.namespace]: namespace, [NETWORK_LABEL.stateDir]: stateDir };
    p = (async () => ((await exists(docker, name)) ? name : withMakingLock(stateDir, name, () => createNetwork(docker, name, labels))))().finally(() => made.delete(name));
    made.set(name, p);
  }
  return p;
}

async function exists(docker: Docker, name: string, healed = false): Promise<boolean> {
  try {
    await docker.getNetwork(name).inspect();
    return true;
  } catch (e) {
    if (statusOf(e) === 404) return false;
    if (healed || !/ambiguous/i.test(String((e as Error).message))) throw e;
    await keepOne(docker, name);
    return exists(docker, name, true);
  }
}

/**
 * Two networks of one name, which two processes making it at once left before the making lock
 * (withMakingLock): the engine refuses the name as ambiguous from then on, for every pod of the
 * namespace. The one pods use is kept, else the oldest; the others go while nothing uses them.
 */
async function keepOne(docker: Docker, name: string): Promise<void> {
  const same = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  const used = await Promise.all(same.map(async (n) => (await docker.listContainers({ all: true, filters: { network: [n.Id] } })).length));
  const [keep, ...others] = same.map((n, i) => ({ id: n.Id, created: Date.parse(n.Created), used: used[i] })).sort((a, b) => b.used - a.used || a.created - b.created);
  if (keep) for (const o of others) await removeNetworkIfUnused(docker, o.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a process waits for another that is making the same network (seconds of engine calls, at most). */
const MAKING_WAIT_MS = 60_000;

/**
 * Runs `make` while holding the state folder's lock for that network: the engine's CheckDuplicate
 * is no lock, and two processes of one folder making the namespace's network at one moment (`apply`
 * and its controller manager) made two networks of one name, after which the engine refused every
 * use of the name as ambiguous. The lock file holds its process's id; a dead holder's is taken over.
 */
async function withMakingLock<T>(stateDir: string, name: string, make: () => Promise<T>): Promise<T> {
  // A folder of its own: the pods' files beside it are named by pod uid, and read as pods.
  const dir = join(stateDir, 'network-locks');
  const file = join(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const deadline = Date.now() + MAKING_WAIT_MS; ; ) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = '';
    try {
      holder = readFileSync(file, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    // An empty file is a lock being written: its holder is alive.
    if (holder !== '' && !isAlive(Number(holder))) rmSync(file, { force: true });
    else if (Date.now() > deadline) throw new Error(`network ${name} is being made by process ${holder} for over ${MAKING_WAIT_MS / 1000} s`);
    else await sleep(50);
  }
  try {
    return await make();
  } finally {
    rmSync(file, { force: true });
  }
}

/** Makes the network unless it exists (another process may have made it while this one waited). */
async function createNetwork(docker: Docker, name: string, labels: Record<string, string>): Promise<string> {
  if (await exists(docker, name)) return name;
  await collectNetworks(docker);
  for (let attempt = 0; ; attempt++) {
    // The engine's own choice of a free subnet (its address pools, the host's routes), made ours.
    const probe = await docker.createNetwork({ Name: `podwright-probe-${randomBytes(4).toString('hex')}`, Labels: { [NETWORK_LABEL.cluster]: labels[NETWORK_LABEL.cluster] } });
    let subnet: string | undefined;
    let gateway: string | undefined;
    try {
      const info = (await probe.inspect()) as { IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] } };
      subnet = info.IPAM?.Config?.[0]?.Subnet;
      gateway = info.IPAM?.Config?.[0]?.Gateway;
    } finally {
      await probe.remove().catch((e: unknown) => {
        if (!isGone(e)) throw e;
      });
    }
    try {
      await docker.createNetwork({
        Name: name,
        CheckDuplicate: true,
        Labels: labels,
        IPAM: subnet ? { Driver: 'default', Config: [{ Subnet: subnet, ...(gateway ? { Gateway: gateway } : {}) }] } : undefined,
      });
      return name;
    } catch (e) {
      // Made by another process meanwhile: that one is as good.
      if (statusOf(e) === 409 || (await exists(docker, name))) return name;
      // The subnet was taken between the probe and now: ask again.
      if (attempt < 3 && /overlap/i.test(String((e as Error).message))) continue;
      throw e;
    }
  }
}

/**
 * Removes the empty networks whose cluster is no more on this machine: its state folder is gone, or
 * holds another cluster's id (removed, then made again by a process that was still running there).
 * The engine's address pools hold about thirty networks, and each cluster keeps its default one.
 */
async function collectNetworks(docker: Docker): Promise<void> {
  const nets = await docker.listNetworks({ filters: { label: [NETWORK_LABEL.stateDir] } });
  for (const n of nets) {
    const dir = n.Labels?.[NETWORK_LABEL.stateDir];
    // By id: a name two networks share (made before the making lock) is refused as ambiguous. And
    // best effort: a stale network that cannot go now must not fail the pod being made.
    if (dir && clusterIn(dir) !== n.Labels?.[NETWORK_LABEL.cluster]) await removeNetworkIfUnused(docker, n.Id).catch(() => false);
  }
}

/** The id of the cluster a state folder holds (workloads/objectStatus.ts writes it), if any; never makes one. */
export function clusterIn(stateDir: string): string | undefined {
  try {
    return readFileSync(join(stateDir, 'objects', 'cluster-id'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Removes a namespace's network (by name or id) when nothing is connected to it any more (false when something is). */
export async function removeNetworkIfUnused(docker: Docker, name: string): Promise<boolean> {
  try {
    const info = (await docker.getNetwork(name).inspect()) as { Labels?: Record<string, string> };
    if (!info.Labels?.[NETWORK_LABEL.cluster]) return false;
    // Created containers count too: the engine lists only running ones as the network's, and would
    // remove it under a pod whose infra container is made but not yet started.
    const users = await docker.listContainers({ all: true, filters: { network: [name] } });
    if (users.length) return false;
    await docker.getNetwork(name).remove();
    return true;
  } catch (e) {
    // Gone already (404), or a container joined it meanwhile (403/409): both leave it as it should be.
    if (isGone(e) || statusOf(e) === 403) return false;
    throw e;
  }
}

/** The podwright networks a pod's infra container is on (read before the pod is removed). */
export async function podNetworks(docker: Docker, uid: string): Promise<string[]> {
  const infra = await docker.listContainers({ all: true, filters: { label: [`io.podwright.uid=${uid}`, 'io.podwright.role=infra'] } });
  return [...new Set(infra.flatMap((c) => Object.keys((c.NetworkSettings as { Networks?: Record<string, unknown> } | undefined)?.Networks ?? {})).filter((n) => n.startsWith('podwright-')))];
}

/** The address of a container on a network, from an inspect or a listing. */
export function addressOn(settings: { Networks?: Record<string, { IPAddress?: string }> } | undefined, network: string): string {
  return settings?.Networks?.[network]?.IPAddress ?? '';
}
