// The one node of the local cluster: this machine, named after its host name, with the labels the
// kubelet gives every node (pkg/kubelet/kubelet_node_status.go: kubernetes.io/hostname,
// kubernetes.io/os, kubernetes.io/arch with Go's GOARCH names) and no taints. A DaemonSet's pod
// template is matched against it as the scheduler's NodeName, NodeAffinity (nodeSelector and the
// required node affinity) and TaintToleration plugins would (pkg/controller/daemon: NodeShouldRunDaemonPod).
import { hostname } from 'node:os';
import type { Obj } from './controller';

export interface LocalNode {
  name: string;
  labels: Record<string, string>;
}

/** process.arch to Go's GOARCH, as kubernetes.io/arch spells it. */
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };

/** A node name is a DNS subdomain: the host name lower-cased, anything else made a dash. */
export function nodeName(host = hostname()): string {
  const name = host
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253);
  return name || 'localhost';
}

export function localNode(host = hostname(), arch: string = process.arch): LocalNode {
  const name = nodeName(host);
  // kubernetes.io/hostname is a label value: at most 63 characters.
  return { name, labels: { 'kubernetes.io/hostname': name.slice(0, 63).replace(/[^a-z0-9]+$/, ''), 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': GOARCH[arch] ?? arch } };
}

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** A NodeSelectorRequirement against a set of values (labels, or the node's fields). */
function requirement(r: Obj, values: Record<string, string>): boolean {
  const key = String(r.key);
  const has = key in values;
  const vs = strings(r.values);
  switch (r.operator) {
    case 'In':
      return has && vs.includes(values[key]);
    case 'NotIn':
      return !has || !vs.includes(values[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // Both sides integers, compared as numbers (nodeaffinity's parseInt64 on each).
      if (!has || vs.length !== 1 || !/^-?\d+$/.test(values[key]) || !/^-?\d+$/.test(vs[0])) return false;
      return r.operator === 'Gt' ? Number(values[key]) > Number(vs[0]) : Number(values[key]) < Number(vs[0]);
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: its expressions and fields all hold; a term with neither matches no node. */
function term(t: Obj, node: LocalNode): boolean {
  const expressions = list(t.matchExpressions);
  const fields = list(t.matchFields);
  if (!expressions.length && !fields.length) return false;
  return expressions.every((r) => requirement(r, node.labels)) && fields.every((r) => requirement(r, { 'metadata.name': node.name }));
}

/**
 * Why this node cannot run a pod of this PodSpec, with the path of the field that says so, or
 * undefined when it can. The node has no taints, so no toleration is ever needed.
 */
export function unsuitable(spec: Obj, node: LocalNode, specPath: string): string | undefined {
  if (typeof spec.nodeName === 'string' && spec.nodeName && spec.nodeName !== node.name) {
    return `${specPath}.nodeName is ${spec.nodeName}, and the only node is ${node.name}`;
  }
  const selector = obj(spec.nodeSelector);
  const missing = Object.entries(selector).filter(([k, v]) => node.labels[k] !== String(v));
  if (missing.length) {
    return `node(s) didn't match Pod's node affinity/selector: ${specPath}.nodeSelector asks for ${missing.map(([k, v]) => `${k}=${String(v)}`).join(', ')}; node ${node.name} has ${labelText(node.labels)}`;
  }
  const required = obj(obj(obj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  if (Object.keys(required).length && !list(required.nodeSelectorTerms).some((t) => term(t, node))) {
    return `node(s) didn't match Pod's node affinity/selector: no term of ${specPath}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms matches node ${node.name} (${labelText(node.labels)})`;
  }
  return undefined;
}

/** labels.FormatLabels: `k=v,k2=v2` in key order, `<none>` for none. */
export function labelText(labels: Record<string, unknown>): string {
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${String(labels[k])}`).join(',') : '<none>';
}
