// What an editor shows of each Service: its type and address, the host ports it is published on,
// and its endpoints one pod at a time, Ready or not, as an EndpointSlice lists them
// (pkg/controller/endpointslice/utils.go podToEndpoint: a selected pod that is running with an
// address is an endpoint; conditions.ready says whether traffic goes to it).
import type Docker from 'dockerode';
import { addressOn, networkName } from '../network';
import type { PodStatus } from '../status';
import { isReady, matches } from './controller';
import type { Obj, StoredObject } from './records';
import { podsOn, SERVICE_LABEL, servicePorts, serviceType, targetOn, type NetPod } from './services';

export interface ServiceEndpointView {
  pod: string;
  ip: string;
  /** The target ports on that pod, in the Service's port order (a name the pod lacks gives none). */
  ports: number[];
  /** Traffic goes to it (the proxy's lists and headless names take Ready pods only). */
  ready: boolean;
}

export interface ServicePortView {
  name?: string;
  port: number;
  protocol: string;
  targetPort: number | string;
  /** Where this machine reaches it: NodePort and LoadBalancer Services on the publish address. */
  published: { hostIP: string; hostPort: number }[];
}

export interface ServiceView {
  uid: string;
  type: string;
  /** The proxy's address; absent for a headless or ExternalName Service, or before the proxy runs. */
  clusterIP?: string;
  headless: boolean;
  externalName?: string;
  ports: ServicePortView[];
  endpoints: ServiceEndpointView[];
}

const asObject = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** The pods a Service selects that could take traffic: running, with an address, not terminating. */
function selected(svc: StoredObject, netPods: NetPod[], pods: Map<string, PodStatus>): { np: NetPod; pod: PodStatus }[] {
  const selector = asObject(asObject(svc.body.spec).selector);
  if (!Object.keys(selector).length) return [];
  return netPods.flatMap((np) => {
    const pod = pods.get(np.uid);
    if (!pod || !np.running || !np.ip || pod.terminating || !matches({ matchLabels: selector }, pod.labels)) return [];
    return [{ np, pod }];
  });
}

export async function serviceViews(docker: Docker, cluster: string, services: StoredObject[], pods: PodStatus[]): Promise<Map<string, ServiceView>> {
  const proxies = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.cluster}=${cluster}`] } });
  const byUid = new Map(pods.map((p) => [p.uid, p]));
  const onNet = new Map<string, NetPod[]>();
  const out = new Map<string, ServiceView>();
  for (const svc of services) {
    const ns = svc.metadata.namespace;
    if (!onNet.has(ns)) onNet.set(ns, await podsOn(docker, networkName(cluster, ns)));
    const proxy = proxies.find((c) => c.Labels?.[SERVICE_LABEL.uid] === svc.metadata.uid);
    const spec = asObject(svc.body.spec);
    const notReadyToo = spec.publishNotReadyAddresses === true;
    const ports = servicePorts(svc);
    out.set(svc.metadata.uid, {
      uid: svc.metadata.uid,
      type: serviceType(svc),
      clusterIP: proxy ? addressOn(proxy.NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> }, networkName(cluster, ns)) || undefined : undefined,
      headless: spec.clusterIP === 'None',
      externalName: typeof spec.externalName === 'string' ? spec.externalName : undefined,
      ports: ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
        published: (proxy?.Ports ?? []).filter((x) => x.PrivatePort === p.port && x.PublicPort).map((x) => ({ hostIP: x.IP ?? '', hostPort: x.PublicPort })),
      })),
      endpoints: selected(svc, onNet.get(ns) ?? [], byUid)
        .map(({ np, pod }) => ({
          pod: pod.name,
          ip: np.ip,
          ports: ports.flatMap((p) => targetOn(np, p) ?? []),
          ready: notReadyToo || isReady(pod),
        }))
        .sort((a, b) => a.pod.localeCompare(b.pod)),
    });
  }
  return out;
}
