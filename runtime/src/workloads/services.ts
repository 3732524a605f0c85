// Services, as the endpoints controller and kube-proxy make them work: every pass of the controller
// manager computes each Service's endpoints (the Ready pods its selector matches in its namespace,
// pkg/controller/endpointslice; publishNotReadyAddresses takes the not-ready ones too), resolves a
// named targetPort per pod (podutil.FindPort), and makes the engine follow:
// - ClusterIP, NodePort, LoadBalancer: a proxy container (serviceProxy.ts) holds the Service's names
//   and address; its endpoint lists are rewritten when they change.
// - Headless (clusterIP: None): the Service's names are aliases of the endpoint pods' own infra
//   containers, so the engine's DNS answers with the pods' addresses; a pod that joins or leaves is
//   re-connected to the network with its new aliases and the same address.
// Everything made here carries io.podwright.service.* labels and is removed with its Service.
import type Docker from 'dockerode';
import { ALIASES_LABEL } from '../create';
import { engineMessage, isConnectionError } from '../engine';
import { LABEL } from '../labels';
import { addressOn, ensureNetwork, networkName, serviceNames, NETWORK_LABEL } from '../network';
import { ignoreGone } from '../remove';
import type { PodStatus } from '../status';
import type { PodPlan, PodShape } from '../types';
import { isReady, matches } from './controller';
import { contentHash, listObjects, type Obj, type StoredObject } from './records';

const asObject = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
import { createProxy, writeEndpoints } from './serviceProxy';
import { externalAliases, externalTarget } from './externalName';

export const SERVICE_LABEL = {
  uid: 'io.podwright.service.uid',
  name: 'io.podwright.service.name',
  namespace: 'io.podwright.service.namespace',
  cluster: 'io.podwright.service.cluster',
  /** A digest of what the proxy was made for (ports, type, publishing): a change makes a new one. */
  hash: 'io.podwright.service.hash',
} as const;

export interface ServicePort {
  name?: string;
  port: number;
  /** A number, or a container port name resolved per pod. */
  targetPort: number | string;
  protocol: string;
  nodePort?: number;
}

export function servicePorts(svc: StoredObject): ServicePort[] {
  const spec = asObject(svc.body.spec);
  return (Array.isArray(spec.ports) ? spec.ports : []).map((p) => {
    const o = asObject(p);
    const port = Number(o.port);
    const target = o.targetPort;
    return {
      name: typeof o.name === 'string' ? o.name : undefined,
      port,
      targetPort: typeof target === 'number' ? target : typeof target === 'string' && target !== '' ? (/^\d+$/.test(target) ? Number(target) : target) : port,
      protocol: typeof o.protocol === 'string' ? o.protocol : 'TCP',
      nodePort: typeof o.nodePort === 'number' ? o.nodePort : undefined,
    };
  });
}

export function serviceType(svc: StoredObject): string {
  return String(asObject(svc.body.spec).type ?? 'ClusterIP');
}

export function isHeadless(svc: StoredObject): boolean {
  return asObject(svc.body.spec).clusterIP === 'None';
}

/**
 * What of a Service podwright cannot honour, refused at apply with its path: an ExternalName that is
 * not a name on its namespace's network (externalName.ts: the engine's DNS server has no CNAME
 * records), ports other than TCP (the proxy forwards TCP), and a cluster IP of one's own (the
 * proxy's address is the engine's choice).
 */
export function serviceProblems(value: Obj): { code: 'unsupported'; where: string; message: string }[] {
  const spec = asObject(value.spec);
  const out: { code: 'unsupported'; where: string; message: string }[] = [];
  if (spec.type === 'ExternalName' && typeof spec.externalName === 'string') {
    const namespace = typeof asObject(value.metadata).namespace === 'string' ? String(asObject(value.metadata).namespace) : 'default';
    const found = externalTarget(spec.externalName, namespace);
    if ('problem' in found) out.push({ code: 'unsupported', where: 'spec.externalName', message: found.problem });
  }
  (Array.isArray(spec.ports) ? spec.ports : []).forEach((p, i) => {
    const protocol = asObject(p).protocol;
    if (protocol !== undefined && protocol !== 'TCP') out.push({ code: 'unsupported', where: `spec.ports[${i}].protocol`, message: `${String(protocol)} Services are not supported by podwright: its Service proxy forwards TCP only.` });
  });
  for (const key of ['clusterIP', 'clusterIPs'] as const) {
    const v = spec[key];
    const given = Array.isArray(v) ? v.filter((x) => x !== 'None' && x !== '') : typeof v === 'string' && v !== 'None' && v !== '' ? [v] : [];
    if (given.length) out.push({ code: 'unsupported', where: `spec.${key}`, message: 'a cluster IP of your own cannot be given by podwright: the Service\'s address is the one the engine gives its proxy; leave it out (or None for a headless Service).' });
  }
  return out;
}

/** A pod's own names on its network: a pod with a subdomain answers to `<hostname>.<subdomain>…` (StatefulSet pods). */
export function podAliases(plan: PodPlan): string[] {
  if (!plan.domainname) return [];
  const subdomain = plan.domainname.split('.')[0];
  return [`${plan.hostname}.${subdomain}`, `${plan.hostname}.${subdomain}.${plan.namespace}`, `${plan.hostname}.${subdomain}.${plan.namespace}.svc`, `${plan.hostname}.${plan.domainname}`];
}

/** A pod on a namespace's network, as the engine lists its infra container. */
export interface NetPod {
  uid: string;
  infraId: string;
  ip: string;
  running: boolean;
  ownAliases: string[];
  ports: { name?: string; containerPort: number; protocol: string }[];
}

export async function podsOn(docker: Docker, network: string): Promise<NetPod[]> {
  const infra = await docker.listContainers({ all: true, filters: { network: [network], label: [`${LABEL.role}=infra`] } });
  return infra
    .filter((c) => !c.Labels?.[LABEL.container])
    .map((c) => {
      let shape: Partial<PodShape> = {};
      let ownAliases: string[] = [];
      try {
        shape = JSON.parse(c.Labels?.[LABEL.spec] ?? '{}') as PodShape;
        ownAliases = JSON.parse(c.Labels?.[ALIASES_LABEL] ?? '[]') as string[];
      } catch {
        // A label this version cannot read: the pod still counts, with no named ports of its own.
      }
      return {
        uid: c.Labels?.[LABEL.uid] ?? '',
        infraId: c.Id,
        ip: addressOn(c.NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> }, network),
        running: c.State === 'running',
        ownAliases,
        ports: (shape.containers ?? []).flatMap((k) => k.ports ?? []),
      };
    });
}

/** The target port of a Service port on one pod: a number as it is, a name as the pod declares it (FindPort). */
export function targetOn(pod: NetPod, p: ServicePort): number | undefined {
  if (typeof p.targetPort === 'number') return p.targetPort;
  return pod.ports.find((c) => c.name === p.targetPort && (c.protocol ?? 'TCP') === p.protocol)?.containerPort;
}

/** The endpoints of a Service: its selected pods that are Ready (or running, with publishNotReadyAddresses). */
function endpointsOf(svc: StoredObject, netPods: NetPod[], pods: Map<string, PodStatus>): NetPod[] {
  const spec = asObject(svc.body.spec);
  const selector = spec.selector && typeof spec.selector === 'object' ? (spec.selector as Record<string, unknown>) : undefined;
  // A Service without a selector has the endpoints someone writes by hand; podwright has none to read.
  if (!selector || !Object.keys(selector).length) return [];
  const notReady = spec.publishNotReadyAddresses === true;
  return netPods.filter((np) => {
    const p = pods.get(np.uid);
    if (!p || !np.running || !np.ip || p.terminating || !matches({ matchLabels: selector }, p.labels)) return false;
    return notReady ? p.phase === 'Running' || p.phase === 'Pending' : isReady(p);
  });
}

function proxyName(cluster: string, svc: StoredObject): string {
  return `podwright-svc-${cluster.replace(/-/g, '').slice(0, 12)}-${svc.metadata.namespace}-${svc.metadata.name}`.slice(0, 120);
}

export type ServiceEvent = (svc: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** What was last written into each proxy (container id → content), so that a pass writes only changes. */
const written = new Map<string, string>();
/** The aliases each infra container was last connected with (id → sorted, joined). */
const connected = new Map<string, string>();
/** Each infra container's hostname, an alias the engine adds by itself (align). */
const hostnames = new Map<string, string>();

/**
 * One pass over the Services of a cluster: proxies made, re-made after a change and removed with their
 * Service, endpoint lists written, headless aliases moved, and empty networks removed.
 */
export async function syncServices(docker: Docker, cluster: string, stateDir: string, objects: StoredObject[], pods: PodStatus[], event: ServiceEvent): Promise<void> {
  const services = objects.filter((o) => o.kind === 'Service' && !o.metadata.deletionTimestamp);
  const proxies = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.cluster}=${cluster}`] } });
  const live = new Set(services.map((s) => s.metadata.uid));
  for (const c of proxies) if (!live.has(c.Labels?.[SERVICE_LABEL.uid] ?? '')) await removeProxy(docker, c.Id);
  const byUid = new Map(pods.map((p) => [p.uid, p]));
  const namespaces = new Set(services.map((s) => s.metadata.namespace));
  const nets = await docker.listNetworks({ filters: { label: [`${NETWORK_LABEL.cluster}=${cluster}`] } });
  // A namespace whose last Service went still has its pods' aliases to take back.
  const withPods = nets.map((n) => n.Labels?.[NETWORK_LABEL.namespace] ?? '').filter((ns) => ns && !namespaces.has(ns));
  const seen = new Set<string>();
  for (const ns of [...namespaces, ...withPods]) {
    const network = namespaces.has(ns) ? await ensureNetwork(docker, cluster, ns, stateDir) : networkName(cluster, ns);
    const netPods = await podsOn(docker, network);
    for (const p of netPods) seen.add(p.infraId);
    const headlessNames = new Map<string, string[]>();
    const proxyIds = new Map<string, string>();
    for (const svc of services.filter((s) => s.metadata.namespace === ns)) {
      // ExternalName Services have no proxy and no endpoints: their names are aliases, made below.
      if (serviceType(svc) === 'ExternalName') continue;
      const endpoints = endpointsOf(svc, netPods, byUid);
      for (const p of servicePorts(svc)) {
        if (p.protocol !== 'TCP') event(svc, 'Warning', 'Unsupported', `port ${p.port}/${p.protocol}: podwright forwards TCP only.`);
      }
      if (isHeadless(svc)) {
        for (const e of endpoints) headlessNames.set(e.infraId, [...(headlessNames.get(e.infraId) ?? []), ...serviceNames(svc.metadata.name, ns)]);
        continue;
      }
      try {
        const id = await ensureProxy(docker, cluster, svc, network, proxies);
        proxyIds.set(svc.metadata.name, id);
        const lists = new Map<number, string[]>();
        for (const p of servicePorts(svc).filter((x) => x.protocol === 'TCP')) {
          lists.set(p.port, endpoints.flatMap((e) => {
            const t = targetOn(e, p);
            return t ? [`${e.ip}:${t}`] : [];
          }));
        }
        const content = JSON.stringify([...lists]);
        if (written.get(id) !== content) {
          await writeEndpoints(docker, id, lists);
          written.set(id, content);
        }
      } catch (e) {
        if (isConnectionError(e)) throw e;
        // One Service that cannot be made (its node port is taken …) leaves the others to go on.
        event(svc, 'Warning', 'SyncFailed', `the Service proxy could not be made or updated: ${engineMessage(e)}`);
      }
    }
    const proxyAliases = externalAliases(services.filter((x) => x.metadata.namespace === ns), netPods, (to) => endpointsOf(to, netPods, byUid), proxyIds, headlessNames, event);
    for (const np of netPods.filter((p) => p.running && p.ip)) await align(docker, network, np, [...np.ownAliases, ...(headlessNames.get(np.infraId) ?? [])]);
    // A proxy that gained (or lost) an ExternalName's names is re-connected with them, at its address.
    for (const [name, id] of proxyIds) {
      const extra = proxyAliases.get(id) ?? [];
      if (!extra.length && !connected.has(id)) continue;
      const ip = addressOn((await docker.getContainer(id).inspect()).NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> }, network);
      if (ip) await align(docker, network, { uid: '', infraId: id, ip, running: true, ownAliases: [], ports: [] }, [...serviceNames(name, ns), ...extra]);
      seen.add(id);
    }
  }
  // What is known of containers that are gone goes with them (another cluster's are only looked up again).
  for (const id of [...connected.keys(), ...hostnames.keys()]) {
    if (seen.has(id)) continue;
    connected.delete(id);
    hostnames.delete(id);
  }
}

async function ensureProxy(docker: Docker, cluster: string, svc: StoredObject, network: string, proxies: Docker.ContainerInfo[]): Promise<string> {
  const ports = servicePorts(svc).filter((p) => p.protocol === 'TCP');
  const type = serviceType(svc);
  const address = svc.options.publishAddress ?? '127.0.0.1';
  // NodePort and LoadBalancer Services are reached from this machine on the publish address: the (or one the engine picks), and a LoadBalancer's own port as its external address.
  // node port (or one the engine picks, shown as the node port), and a LoadBalancer's own port too,
  // as its external address.
  const publish = type === 'NodePort' || type === 'LoadBalancer'
    ? ports.flatMap((p) => [
        { port: p.port, hostIP: address, hostPort: p.nodePort ? String(p.nodePort) : '' },
        ...(type === 'LoadBalancer' ? [{ port: p.port, hostIP: address, hostPort: String(p.port) }] : []),
      ])
    : [];
  const hash = contentHash({ ports, publish, network });
  const current = proxies.find((c) => c.Labels?.[SERVICE_LABEL.uid] === svc.metadata.uid);
  if (current && current.Labels?.[SERVICE_LABEL.hash] === hash) {
    if (current.State !== 'running') {
      await docker.getContainer(current.Id).start().catch(ignoreGone);
      written.delete(current.Id);
    }
    return current.Id;
  }
  if (current) await removeProxy(docker, current.Id);
  const made = await createProxy(docker, {
    name: proxyName(cluster, svc),
    network,
    aliases: serviceNames(svc.metadata.name, svc.metadata.namespace),
    labels: { [SERVICE_LABEL.uid]: svc.metadata.uid, [SERVICE_LABEL.name]: svc.metadata.name, [SERVICE_LABEL.namespace]: svc.metadata.namespace, [SERVICE_LABEL.cluster]: cluster, [SERVICE_LABEL.hash]: hash },
    ports: ports.map((p) => p.port),
    publish,
  });
  return made.id;
}

async function removeProxy(docker: Docker, id: string): Promise<void> {
  written.delete(id);
  await docker.getContainer(id).remove({ force: true }).catch(ignoreGone);
}

/** Re-connects a pod's infra container when its aliases should change, keeping its address. */
async function align(docker: Docker, network: string, pod: NetPod, want: string[]): Promise<void> {
  let have = connected.get(pod.infraId);
  let hostname = hostnames.get(pod.infraId);
  if (have === undefined || hostname === undefined) {
    const info = await docker.getContainer(pod.infraId).inspect();
    const aliases = (info.NetworkSettings.Networks?.[network] as { Aliases?: string[] | null } | undefined)?.Aliases ?? [];
    // The engine adds aliases of its own as it connects a running container: its short id and its
    // hostname (the pod's). Compared without them, or every pod would be re-connected once by each
    // manager, a moment without network just as it starts.
    hostname = info.Config.Hostname ?? '';
    hostnames.set(pod.infraId, hostname);
    have = [...new Set(aliases.filter((a) => !info.Id.startsWith(a) && a !== hostname))].sort().join(' ');
  }
  const key = [...new Set(want)].filter((a) => a !== hostname).sort().join(' ');
  if (have === key) {
    connected.set(pod.infraId, key);
    return;
  }
  const net = docker.getNetwork(network);
  await net.disconnect({ Container: pod.infraId, Force: true }).catch(ignoreGone);
  const Aliases = key ? key.split(' ') : [];
  try {
    await net.connect({ Container: pod.infraId, EndpointConfig: { IPAMConfig: { IPv4Address: pod.ip }, Aliases } });
  } catch (e) {
    if (isConnectionError(e)) throw e;
    // Its address was taken in between (or the network has no subnet of its own, made by an older
    // version): a new address beats a pod left off the network; the endpoint lists follow next pass.
    await net.connect({ Container: pod.infraId, EndpointConfig: { Aliases } });
  }
  connected.set(pod.infraId, key);
}

/** Removes a deleted Service's proxy (headless aliases move at the next pass). */
export async function removeServiceObjects(docker: Docker, svc: StoredObject): Promise<void> {
  const proxies = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.uid}=${svc.metadata.uid}`] } });
  for (const c of proxies) await removeProxy(docker, c.Id);
}

/** Each Service's cluster IP (its proxy's address on its network), by Service uid. */
export async function clusterIPs(docker: Docker, cluster: string): Promise<Map<string, string>> {
  return new Map([...(await proxyFacts(docker, cluster))].map(([uid, f]) => [uid, f.ip]));
}

/** Each Service proxy's address and host ports (Service port → the host ports published for it). */
async function proxyFacts(docker: Docker, cluster: string): Promise<Map<string, { ip: string; published: Map<number, number[]> }>> {
  const proxies = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.cluster}=${cluster}`] } });
  const out = new Map<string, { ip: string; published: Map<number, number[]> }>();
  for (const c of proxies) {
    const ns = c.Labels?.[SERVICE_LABEL.namespace] ?? '';
    const published = new Map<number, number[]>();
    for (const p of c.Ports ?? []) {
      const seen = published.get(p.PrivatePort) ?? [];
      if (p.PublicPort && !seen.includes(p.PublicPort)) published.set(p.PrivatePort, [...seen, p.PublicPort]);
    }
    out.set(c.Labels?.[SERVICE_LABEL.uid] ?? '', { ip: addressOn(c.NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> }, networkName(cluster, ns)), published });
  }
  return out;
}

/** `MY-SVC` → `MY_SVC`, as makeEnvVariableName in pkg/kubelet/envvars/envvars.go. */
const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

/**
 * The Service link variables of a new pod (pkg/kubelet/envvars/envvars.go FromServices): for every
 * Service of its namespace that has a cluster IP now, `<SVC>_SERVICE_HOST`, `<SVC>_SERVICE_PORT`
 * (and `_PORT_<NAME>` per named port) and the Docker-link style `<SVC>_PORT…` variables.
 */
export async function serviceEnv(docker: Docker, cluster: string, namespace: string): Promise<Record<string, string>> {
  const [services, ips] = await Promise.all([listObjects(docker, cluster, 'Service'), clusterIPs(docker, cluster)]);
  const env: Record<string, string> = {};
  for (const svc of services.filter((s) => s.metadata.namespace === namespace && !isHeadless(s) && serviceType(s) !== 'ExternalName')) {
    const ip = ips.get(svc.metadata.uid);
    const ports = servicePorts(svc);
    if (!ip || !ports.length) continue;
    const name = envName(svc.metadata.name);
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
    const proto = ports[0].protocol.toLowerCase();
    env[`${name}_PORT`] = `${proto}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const base = `${name}_PORT_${p.port}_${p.protocol.toUpperCase()}`;
      env[base] = `${p.protocol.toLowerCase()}://${ip}:${p.port}`;
      env[`${base}_PROTO`] = p.protocol.toLowerCase();
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    }
  }
  return env;
}

/** The network settings of a pod to be created (runtime.ts run): its namespace's network, its own names, its Service links. */
export async function podNetworkOptions(docker: Docker, cluster: string, plan: PodPlan, stateDir: string): Promise<{ network: { name: string; aliases: string[]; ensure(): Promise<string> }; serviceEnv?: Record<string, string> }> {
  const ensure = () => ensureNetwork(docker, cluster, plan.namespace, stateDir);
  const [name, env] = await Promise.all([ensure(), plan.enableServiceLinks ? serviceEnv(docker, cluster, plan.namespace) : Promise.resolve(undefined)]);
  return { network: { name, aliases: podAliases(plan), ensure }, serviceEnv: env };
}

/** Each Service's cluster IP and endpoints (`ip:targetPort` per Ready pod and port), for `get svc` and `get endpoints`. */
export async function serviceFacts(docker: Docker, cluster: string, services: StoredObject[], pods: PodStatus[]): Promise<Map<string, { clusterIP?: string; nodePorts: Map<number, number>; endpoints: string[] }>> {
  const proxies = await proxyFacts(docker, cluster);
  const byUid = new Map(pods.map((p) => [p.uid, p]));
  const out = new Map<string, { clusterIP?: string; nodePorts: Map<number, number>; endpoints: string[] }>();
  const onNet = new Map<string, NetPod[]>();
  for (const svc of services) {
    const ns = svc.metadata.namespace;
    // A network that does not exist lists no containers: no endpoints.
    if (!onNet.has(ns)) onNet.set(ns, await podsOn(docker, networkName(cluster, ns)));
    const endpoints = endpointsOf(svc, onNet.get(ns) ?? [], byUid);
    const list = servicePorts(svc).flatMap((p) => endpoints.flatMap((e) => {
      const t = targetOn(e, p);
      return t ? [`${e.ip}:${t}`] : [];
    }));
    const proxy = proxies.get(svc.metadata.uid);
    // The node port: as the Service gives it, else the one the engine picked (a LoadBalancer's own port is its external one).
    const nodePorts = new Map<number, number>();
    for (const p of servicePorts(svc)) {
      const chosen = p.nodePort ?? (proxy?.published.get(p.port) ?? []).find((host) => serviceType(svc) !== 'LoadBalancer' || host !== p.port);
      if (chosen) nodePorts.set(p.port, chosen);
    }
    out.set(svc.metadata.uid, { clusterIP: proxy?.ip, nodePorts, endpoints: list });
  }
  return out;
}
