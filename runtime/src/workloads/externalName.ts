// ExternalName Services as DNS aliases. In a cluster the Service's name is a CNAME record for
// spec.externalName (pkg/proxy and CoreDNS's kubernetes plugin: no proxying, no endpoints). The
// engine's DNS server (Docker's embedded resolver at 127.0.0.11) has no CNAME records: it answers
// for the network aliases of the containers on the network and forwards every other name to the
// host's resolvers. So an ExternalName can be honoured only when its target is itself a name on the
// namespace's network: the Service's names are then added as aliases of the container the target
// name belongs to (a Service's proxy, a headless Service's Ready pods, a StatefulSet pod), and they
// resolve to the same addresses, as a CNAME would. A name outside the namespace (another namespace
// is another network; a name on the internet has no container) is refused at apply with its path.
import { CLUSTER_DOMAIN, serviceNames } from '../network';
import type { Obj, StoredObject } from './records';
import type { NetPod, ServiceEvent } from './services';

const asObject = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const typeOf = (svc: StoredObject) => String(asObject(svc.body.spec).type ?? 'ClusterIP');

/** What an ExternalName points at inside its namespace: a Service, or one pod behind a headless Service. */
export interface AliasTarget {
  service: string;
  /** `<pod>.<service>…`: the pod's own name under the (headless) Service. */
  pod?: string;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The in-namespace target of spec.externalName, or why there is none. Accepted: `<svc>`, and
 * `<svc>` or `<pod>.<svc>` followed by `.<ns>`, `.<ns>.svc` or `.<ns>.svc.cluster.local`, with the
 * Service's own namespace (a trailing dot allowed, as in an absolute DNS name).
 */
export function externalTarget(externalName: string, namespace: string): { target: AliasTarget } | { problem: string } {
  const name = externalName.toLowerCase().replace(/\.$/, '');
  const forms = `<service>, <service>.${namespace}.svc.${CLUSTER_DOMAIN} or <pod>.<service>.${namespace}.svc.${CLUSTER_DOMAIN}`;
  const why =
    `the engine's DNS server has no CNAME records, so podwright makes an ExternalName an alias of a Service or pod on namespace ${namespace}'s network only (${forms})`;
  let rest: string | undefined;
  for (const suffix of [`.${namespace}.svc.${CLUSTER_DOMAIN}`, `.${namespace}.svc`, `.${namespace}`]) {
    if (name.endsWith(suffix)) {
      rest = name.slice(0, -suffix.length);
      break;
    }
  }
  if (rest === undefined) {
    if (LABEL.test(name)) return { target: { service: name } };
    const other = name.match(/^(?:[^.]+\.)?[^.]+\.([^.]+)\.svc(?:\.cluster\.local)?$/);
    if (other) return { problem: `'${externalName}' is a name of namespace ${other[1]}, another network in podwright: ${why}.` };
    return { problem: `'${externalName}' is outside the cluster: ${why}; a name outside the cluster cannot be aliased, and no outside network is reached from here.` };
  }
  const labels = rest.split('.');
  if (labels.length === 1 && LABEL.test(labels[0])) return { target: { service: labels[0] } };
  if (labels.length === 2 && labels.every((l) => LABEL.test(l))) return { target: { service: labels[1], pod: labels[0] } };
  return { problem: `'${externalName}' names no Service or pod of namespace ${namespace}: ${why}.` };
}

/** The alias a target's own container answers to already, whose container gets the ExternalName's names. */
export function targetAlias(target: AliasTarget): string {
  return target.pod ? `${target.pod}.${target.service}` : target.service;
}

/**
 * Where each ExternalName Service's names go (externalName.ts): onto the pods of a headless target
 * (into `headlessNames`) or a StatefulSet pod's own container, or onto a proxied target's proxy
 * (returned, by proxy container id). A target that does not exist (yet) gets a Warning event.
 */
export function externalAliases(services: StoredObject[], netPods: NetPod[], endpointsOf: (svc: StoredObject) => NetPod[], proxyIds: Map<string, string>, headlessNames: Map<string, string[]>, event: ServiceEvent): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, id: string, names: string[]) => map.set(id, [...(map.get(id) ?? []), ...names]);
  for (const svc of services.filter((x) => typeOf(x) === 'ExternalName')) {
    const ns = svc.metadata.namespace;
    const external = String(asObject(svc.body.spec).externalName ?? '');
    const found = externalTarget(external, ns);
    if ('problem' in found) {
      event(svc, 'Warning', 'Unsupported', found.problem);
      continue;
    }
    const names = serviceNames(svc.metadata.name, ns);
    const { target } = found;
    const missing = () => event(svc, 'Warning', 'TargetNotFound', `${external} is not a name on namespace ${ns}'s network (yet): ${svc.metadata.name} resolves once ${target.pod ? `pod ${target.pod} of Service ${target.service}` : `Service ${target.service}`} exists${target.pod ? ' and runs' : ' and has an address'}.`);
    if (target.pod) {
      const pod = netPods.find((p) => p.running && p.ip && p.ownAliases.includes(targetAlias(target)));
      if (pod) add(headlessNames, pod.infraId, names);
      else missing();
      continue;
    }
    const to = services.find((x) => x.metadata.name === target.service && x !== svc);
    if (to && typeOf(to) === 'ExternalName') {
      event(svc, 'Warning', 'Unsupported', `${external} is itself an ExternalName Service: an alias of an alias needs the CNAME records the engine's DNS server does not have.`);
    } else if (to && asObject(to.body.spec).clusterIP === 'None') {
      const endpoints = endpointsOf(to);
      for (const e of endpoints) add(headlessNames, e.infraId, names);
      if (!endpoints.length) missing();
    } else if (to && proxyIds.has(to.metadata.name)) {
      add(out, proxyIds.get(to.metadata.name)!, names);
    } else {
      missing();
    }
  }
  return out;
}
