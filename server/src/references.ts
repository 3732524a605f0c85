// Values that must name something defined elsewhere: the pod's volumes, a container's port names,
// ConfigMaps and Secrets defined in the same file and their keys. Paths are relative to the PodSpec.
import { stringOf, listOf, valueAt, type FileObjects, type Segment } from '../../analysis/src';

export interface Candidate {
  label: string;
  detail: string;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);

function uniq(items: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return items.filter((c) => !seen.has(c.label) && seen.add(c.label));
}

function volumeNames(spec: unknown): Candidate[] {
  return listOf(valueAt(spec, ['volumes']))
    .map((v) => stringOf(valueAt(v, ['name'])))
    .filter((n): n is string => !!n)
    .map((n) => ({ label: n, detail: 'volume of this pod' }));
}

/** Named ports of the container, then its port numbers (a probe port may be either, see `ValidatePortNumOrName`). */
function portsOf(container: unknown, namesOnly: boolean): Candidate[] {
  const ports = listOf(valueAt(container, ['ports']));
  const names = ports.map((p) => stringOf(valueAt(p, ['name']))).filter((n): n is string => !!n).map((n) => ({ label: n, detail: 'port of this container' }));
  if (namesOnly) return names;
  const numbers = ports
    .map((p) => valueAt(p, ['containerPort']))
    .filter((n): n is number => typeof n === 'number')
    .map((n) => ({ label: String(n), detail: 'containerPort of this container' }));
  return [...names, ...numbers];
}

function objectNames(map: Map<string, unknown>, what: string): Candidate[] {
  return [...map.keys()].map((n) => ({ label: n, detail: `${what} defined in this file` }));
}

function keysOf(objects: Map<string, { keys: Set<string> }>, name: unknown, what: string): Candidate[] {
  const entry = typeof name === 'string' ? objects.get(name) : undefined;
  return entry ? [...entry.keys].map((k) => ({ label: k, detail: `key of ${what} ${String(name)}` })) : [];
}

export function referenceCandidates(rel: readonly Segment[], spec: unknown, objects: FileObjects): Candidate[] {
  const n = rel.length;
  const last = rel[n - 1];
  const sibling = (key: string) => valueAt(spec, [...rel.slice(0, -1), key]);
  const cms = objects.configMaps;
  const secrets = objects.secrets;
  // containers[i].volumeMounts[j].name, containers[i].volumeDevices[j].name
  if (n === 5 && CONTAINER_LISTS.has(String(rel[0])) && (rel[2] === 'volumeMounts' || rel[2] === 'volumeDevices') && last === 'name') {
    return uniq(volumeNames(spec));
  }
  // containers[i].<probe>.{httpGet,tcpSocket,grpc}.port and lifecycle.<hook>.{httpGet,tcpSocket}.port
  if (CONTAINER_LISTS.has(String(rel[0])) && last === 'port') {
    const container = valueAt(spec, rel.slice(0, 2));
    const handler = rel[n - 2];
    const probe = n === 5 && PROBES.has(String(rel[2]));
    const hook = n === 6 && rel[2] === 'lifecycle';
    if ((probe || hook) && (handler === 'httpGet' || handler === 'tcpSocket')) return uniq(portsOf(container, false));
    if (probe && handler === 'grpc') return uniq(portsOf(container, false).filter((c) => /^\d+$/.test(c.label)));
  }
  const tail = rel.slice(-2).join('.');
  if (tail === 'configMapKeyRef.name' || tail === 'configMapRef.name' || tail === 'configMap.name') return objectNames(cms, 'ConfigMap');
  if (tail === 'secretKeyRef.name' || tail === 'secretRef.name' || tail === 'secret.secretName' || tail === 'secret.name') {
    return objectNames(secrets, 'Secret');
  }
  if (tail === 'configMapKeyRef.key') return keysOf(cms, sibling('name'), 'ConfigMap');
  if (tail === 'secretKeyRef.key') return keysOf(secrets, sibling('name'), 'Secret');
  // volumes[i].configMap.items[j].key (also under projected sources)
  if (n >= 4 && last === 'key' && rel[n - 3] === 'items') {
    const source = rel.slice(0, -3);
    const kind = source[source.length - 1];
    if (kind === 'configMap') return keysOf(cms, valueAt(spec, [...source, 'name']), 'ConfigMap');
    if (kind === 'secret') return keysOf(secrets, valueAt(spec, [...source, 'secretName']) ?? valueAt(spec, [...source, 'name']), 'Secret');
  }
  return [];
}
