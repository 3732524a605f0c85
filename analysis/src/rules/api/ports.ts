// Container ports as the API server validates them (pkg/apis/core/validation/validation.go):
// - validateContainerPorts: containerPort 1–65535, hostPort 0 (none) or 1–65535, port names unique
//   within one container;
// - checkHostPortConflicts / AccumulateUniqueHostPorts: `protocol/hostIP/hostPort` unique across the
//   regular containers; each init container is checked on its own, since they run one at a time;
// - validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort.
// Defaulting comes first (pkg/apis/core/v1/defaults.go): protocol TCP, and with hostNetwork a
// missing hostPort becomes the containerPort (SetDefaults_Pod), so two containers on one port
// conflict on the host as well.
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { replaceScalar } from './edits';
import { containersOf, ContainerView, isObject, isPortNumber, listOf, num, portNameProblem, q, str } from './support';

export const ID = 'ports';

interface PortView {
  path: Segment[];
  containerPort?: number;
  hostPort?: number;
  /** hostPort after defaulting: with hostNetwork, a missing hostPort is the containerPort. */
  effectiveHostPort: number;
  protocol: string;
  hostIP: string;
  name?: string;
}

function portsOf(c: ContainerView, hostNetwork: boolean): PortView[] {
  const out: PortView[] = [];
  listOf(c.value.ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const containerPort = num(p, 'containerPort');
    const hostPort = num(p, 'hostPort');
    const effectiveHostPort = hostPort ? hostPort : hostNetwork && containerPort !== undefined ? containerPort : 0;
    out.push({
      path: [...c.path, 'ports', i],
      containerPort,
      hostPort,
      effectiveHostPort,
      protocol: str(p, 'protocol') || 'TCP',
      hostIP: str(p, 'hostIP') ?? '',
      name: str(p, 'name'),
    });
  });
  return out;
}

function checkNumbers(ctx: PodContext, ports: PortView[]): void {
  for (const p of ports) {
    if (p.containerPort !== undefined && !isPortNumber(p.containerPort)) {
      ctx.report({ path: [...p.path, 'containerPort'], message: `containerPort ${p.containerPort} is not a port number: use 1 to 65535.` });
    }
    if (p.hostPort !== undefined && p.hostPort !== 0 && !isPortNumber(p.hostPort)) {
      ctx.report({ path: [...p.path, 'hostPort'], message: `hostPort ${p.hostPort} is not a port number: use 1 to 65535, or leave it out.` });
    }
  }
}

function checkNames(ctx: PodContext, ports: PortView[]): void {
  const seen = new Map<string, PortView>();
  for (const p of ports) {
    // Upstream counts only valid names (an invalid one is invalid-name's finding).
    if (!p.name || portNameProblem(p.name)) continue;
    const first = seen.get(p.name);
    if (!first) {
      seen.set(p.name, p);
      continue;
    }
    ctx.report({
      path: [...p.path, 'name'],
      message: `Port name ${q(p.name)} is used twice in this container; port names must be unique within a container.`,
      related: [{ path: [...first.path, 'name'], message: `${q(p.name)} first used here` }],
    });
  }
}

function hostPortKey(p: PortView): string {
  return `${p.protocol}/${p.hostIP}/${p.effectiveHostPort}`;
}

function checkHostPorts(ctx: PodContext, ports: PortView[], seen: Map<string, PortView>, hostNetwork: boolean): void {
  for (const p of ports) {
    if (!p.effectiveHostPort || !isPortNumber(p.effectiveHostPort)) continue;
    const key = hostPortKey(p);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, p);
      continue;
    }
    const defaulted = hostNetwork && !p.hostPort ? ' (with hostNetwork, hostPort defaults to containerPort)' : '';
    ctx.report({
      path: [...p.path, p.hostPort ? 'hostPort' : 'containerPort'],
      message: `Host port ${p.effectiveHostPort}/${p.protocol}${p.hostIP ? ` on ${p.hostIP}` : ''} is already taken by ${formatRef(first)}${defaulted}; each host port can be bound once.`,
      related: [{ path: [...first.path, first.hostPort ? 'hostPort' : 'containerPort'], message: `host port ${key} first bound here` }],
    });
  }
}

function formatRef(p: PortView): string {
  const [list, index, , portIndex] = p.path.slice(-4);
  return typeof list === 'string' ? `${list}[${String(index)}].ports[${String(portIndex)}]` : 'another port';
}

function checkHostNetwork(ctx: PodContext, ports: PortView[]): void {
  for (const p of ports) {
    if (!p.hostPort || p.containerPort === undefined || p.hostPort === p.containerPort) continue;
    const edit = replaceScalar(ctx, [...p.path, 'hostPort'], String(p.containerPort));
    ctx.report({
      path: [...p.path, 'hostPort'],
      message: `With hostNetwork, hostPort must equal containerPort (${p.containerPort}): the container binds the host's port directly.`,
      related: [{ path: ctx.at('hostNetwork'), anchor: 'key', message: 'hostNetwork is set here' }],
      fixes: edit ? [{ title: `Set hostPort to ${p.containerPort}`, edits: [edit], preferred: true }] : undefined,
    });
  }
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A port number out of range, a port name used twice in a container, or a host port bound twice.',
  check(ctx) {
    const hostNetwork = ctx.spec.hostNetwork === true;
    const regularHostPorts = new Map<string, PortView>();
    for (const c of containersOf(ctx, ['initContainers', 'containers'])) {
      const ports = portsOf(c, hostNetwork);
      checkNumbers(ctx, ports);
      checkNames(ctx, ports);
      // Init containers run one by one, so each is checked on its own (validateInitContainers).
      checkHostPorts(ctx, ports, c.list === 'containers' ? regularHostPorts : new Map(), hostNetwork);
      // validatePodHostNetworkDeps looks at spec.containers only.
      if (hostNetwork && c.list === 'containers') checkHostNetwork(ctx, ports);
    }
  },
};
