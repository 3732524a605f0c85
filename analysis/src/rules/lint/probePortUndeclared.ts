// A probe or lifecycle handler's port may be a number or the name of a port. The API server only checks
// that a name is well formed (ValidatePortNumOrName); the kubelet resolves it later, and only among the
// ports of the handler's own container (ResolveContainerPort in pkg/probe/util.go, resolvePort in
// pkg/kubelet/lifecycle/handlers.go). A name that is not there makes every probe fail: liveness
// restarts the container forever, readiness keeps it out of Services, startup never lets it start.
import { replaceScalar } from '../../edits';
import { containersOf, ContainerView, describeContainer, isObject, portsOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import { quote } from '../../quote';
import type { Fix, Segment } from '../../types';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const LIFECYCLE_HANDLERS = ['httpGet', 'tcpSocket'] as const;

interface PortRef {
  /** Path relative to the container. */
  rel: Segment[];
  value: unknown;
  what: string;
}

function refsOf(c: ContainerView): PortRef[] {
  const refs: PortRef[] = [];
  for (const probe of PROBES) {
    const p = c.value[probe];
    if (!isObject(p)) continue;
    for (const h of PROBE_HANDLERS) {
      const handler = p[h];
      if (isObject(handler) && 'port' in handler) refs.push({ rel: [probe, h, 'port'], value: handler.port, what: probe });
    }
  }
  const lifecycle = c.value.lifecycle;
  if (isObject(lifecycle)) {
    for (const hook of LIFECYCLE_HOOKS) {
      const l = lifecycle[hook];
      if (!isObject(l)) continue;
      for (const h of LIFECYCLE_HANDLERS) {
        const handler = l[h];
        if (isObject(handler) && 'port' in handler) refs.push({ rel: ['lifecycle', hook, h, 'port'], value: handler.port, what: `${hook} hook` });
      }
    }
  }
  return refs;
}

export const probePortUndeclared: PodRule = {
  id: 'probe-port-undeclared',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'A probe or lifecycle hook names a port its container does not declare (the kubelet cannot resolve it), or uses a number no container declares.',
  check(ctx: PodContext) {
    // Ephemeral containers may not have probes or lifecycle (validateEphemeralContainers).
    const containers = containersOf(ctx, ['initContainers', 'containers']);
    const podPorts = new Set<number>();
    for (const c of containers) for (const p of portsOf(c)) if (p.containerPort !== null) podPorts.add(p.containerPort);

    for (const c of containers) {
      const own = portsOf(c);
      for (const ref of refsOf(c)) {
        const path = [...c.path, ...ref.rel];
        if (typeof ref.value === 'string') {
          // An all-digit string is no valid port name: the API rules report it.
          if (ref.value === '' || /^\d+$/.test(ref.value)) continue;
          if (own.some((p) => p.name === ref.value)) continue;
          const elsewhere = containers.find((o) => o !== c && portsOf(o).some((p) => p.name === ref.value));
          const where = elsewhere
            ? `${quote(ref.value)} is declared by ${describeContainer(elsewhere)}, but the kubelet looks a ${ref.what}'s port name up only in its own container`
            : `no port of this container is named ${quote(ref.value)}`;
          ctx.report({
            path,
            message: `The ${ref.what} cannot resolve its port: ${where}, so it always fails. Declare the port here or use its number.`,
            fixes: fixFor(ctx, path, c, ref.value),
          });
        } else if (typeof ref.value === 'number' && Number.isInteger(ref.value)) {
          if (ref.value < 1 || ref.value > 65535 || podPorts.has(ref.value)) continue;
          ctx.report({
            path,
            severity: 'info',
            message: `The ${ref.what} checks port ${ref.value}, which no container of the pod declares: fine if the app listens there anyway, but check it is the right port.`,
            fixes: fixFor(ctx, path, c, ref.value),
          });
        }
      }
    }
  },
};

/** When the container declares exactly one port, that is almost certainly the one meant. */
function fixFor(ctx: PodContext, path: Segment[], c: ContainerView, current: string | number): Fix[] | undefined {
  const own = portsOf(c);
  if (own.length !== 1) return undefined;
  const only = own[0];
  const target = typeof current === 'string' && only.name ? only.name : only.containerPort;
  if (target === null || target === current) return undefined;
  const edit = replaceScalar(ctx, path, typeof target === 'number' ? String(target) : target);
  if (!edit) return undefined;
  return [{ title: `Use the container's port ${typeof target === 'number' ? target : `'${target}'`}`, edits: [edit], preferred: typeof current === 'string' }];
}
