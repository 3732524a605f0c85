// Containers of a pod share one network namespace: two of them that run at the same time cannot both
// bind the same port. The API server only warns ("duplicate port definition", `warningsForPodSpecAndMeta`
// in pkg/api/pod/warnings.go) and checks hostPort clashes among regular containers alone
// (`checkHostPortConflicts` in pkg/apis/core/validation/validation.go, each init container on its own),
// so a native sidecar and an app container asking for the same hostPort get through.
import { replaceScalar } from '../../edits';
import { containersOf, ContainerView, describeContainer, portsOf, PortView } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import type { Fix } from '../../types';
import { hasKey } from '../../yamlModel';

interface Declared {
  container: ContainerView;
  port: PortView;
}

/**
 * Whether two containers are running at the same moment. Regular containers and native sidecars run
 * together; plain init containers run one at a time, before the app, but beside every native sidecar
 * declared before them (sidecars start in order and keep running: KEP-753).
 */
function runTogether(a: ContainerView, b: ContainerView): boolean {
  if (a.runsWithApp && b.runsWithApp) return true;
  const plain = (c: ContainerView) => c.list === 'initContainers' && !c.isSidecar;
  if (plain(a) && b.isSidecar) return b.index < a.index;
  if (plain(b) && a.isSidecar) return a.index < b.index;
  return false;
}

function hostIPsOverlap(a: string, b: string): boolean {
  // An empty hostIP means every address, so it overlaps with any other.
  return a === '' || b === '' || a === b;
}

/**
 * Two regular containers binding one host port (`protocol/hostIP/hostPort`) are rejected by the API
 * server (checkHostPortConflicts) and reported by the API rules: saying it again here would be noise.
 */
function apiRejects(a: Declared, b: Declared): boolean {
  return (
    a.container.list === 'containers' &&
    b.container.list === 'containers' &&
    a.port.hostPort !== 0 &&
    a.port.hostPort === b.port.hostPort &&
    a.port.protocol === b.port.protocol &&
    a.port.hostIP === b.port.hostIP
  );
}

function nextFreePort(from: number, used: Set<number>): number | null {
  for (let p = from + 1; p <= 65535; p++) if (!used.has(p)) return p;
  return null;
}

export const portConflict: PodRule = {
  id: 'port-conflict',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'The same port in two containers that run at the same time: they share one network, the second cannot bind it.',
  check(ctx: PodContext) {
    const hostNetwork = ctx.spec.hostNetwork === true;
    // Ephemeral containers may not declare ports (validateEphemeralContainers), so they are left out.
    const containers = containersOf(ctx, ['initContainers', 'containers']);
    const all: Declared[] = [];
    for (const c of containers) for (const port of portsOf(c, hostNetwork)) all.push({ container: c, port });
    const used = new Set<number>();
    for (const d of all) {
      if (d.port.containerPort !== null) used.add(d.port.containerPort);
      if (d.port.hostPort) used.add(d.port.hostPort);
    }

    all.forEach((late, i) => {
      const earlier = all.slice(0, i);
      const reported = checkContainerPort(ctx, late, earlier, used, hostNetwork);
      if (!reported) checkHostPort(ctx, late, earlier);
    });
  },
};

/** Reports a containerPort/protocol declared before; true when a clash at run time was reported. */
function checkContainerPort(ctx: PodContext, late: Declared, earlier: Declared[], used: Set<number>, hostNetwork: boolean): boolean {
  const n = late.port.containerPort;
  if (n === null) return false;
  const same = earlier.filter((e) => e.port.containerPort === n && e.port.protocol === late.port.protocol);
  if (same.length === 0) return false;
  if (same.some((e) => e.container !== late.container && apiRejects(e, late))) return true;
  const clash = same.find((e) => e.container !== late.container && runTogether(e.container, late.container));
  const twice = same.find((e) => e.container === late.container);
  const spec = `${n}/${late.port.protocol}`;
  const path = [...late.port.path, 'containerPort'];
  if (clash) {
    ctx.report({
      path,
      message: `Port ${spec} is also declared by ${describeContainer(clash.container)}, which runs at the same time: containers share the pod's network, so one of them cannot bind it.`,
      related: [{ path: [...clash.port.path, 'containerPort'], message: `${spec} declared by ${describeContainer(clash.container)}` }],
      fixes: fixFor(ctx, late, used, hostNetwork),
    });
    return true;
  }
  if (twice) {
    ctx.report({
      path,
      message: `Port ${spec} is declared twice in this container.`,
      related: [{ path: [...twice.port.path, 'containerPort'], message: `first declaration of ${spec}` }],
      fixes: fixFor(ctx, late, used, hostNetwork),
    });
    return false;
  }
  // The API server warns about any repeat across init and app containers alike, but a plain init
  // container runs alone and has exited before the next container starts: nothing clashes.
  const other = same[0];
  ctx.report({
    path,
    severity: 'info',
    message: `Port ${spec} is also declared by ${describeContainer(other.container)}; they never run at the same time, so nothing clashes, though the API server warns "duplicate port definition".`,
    related: [{ path: [...other.port.path, 'containerPort'], message: `${spec} declared by ${describeContainer(other.container)}` }],
  });
  return false;
}

function fixFor(ctx: PodContext, late: Declared, used: Set<number>, hostNetwork: boolean): Fix[] | undefined {
  // With hostNetwork the containerPort is also the host's port: renumbering it is not mechanical.
  const n = late.port.containerPort;
  if (hostNetwork || n === null) return undefined;
  const next = nextFreePort(n, used);
  if (next === null) return undefined;
  const edit = replaceScalar(ctx, [...late.port.path, 'containerPort'], String(next));
  if (!edit) return undefined;
  return [{ title: `Change containerPort to ${next} (make the app listen there; a Service targetPort ${n} may need changing too)`, edits: [edit] }];
}

/**
 * hostPort clashes that the API server does not catch: those involving a native sidecar, and two
 * regular containers whose hostIPs differ but overlap (one empty: every address), which upstream only
 * calls "dangerously ambiguous".
 */
function checkHostPort(ctx: PodContext, late: Declared, earlier: Declared[]): void {
  const p = late.port;
  if (!p.hostPort) return;
  const clash = earlier.find(
    (e) =>
      e.container !== late.container &&
      !apiRejects(e, late) &&
      e.port.hostPort === p.hostPort &&
      e.port.protocol === p.protocol &&
      hostIPsOverlap(e.port.hostIP, p.hostIP) &&
      runTogether(e.container, late.container),
  );
  if (!clash) return;
  // With hostNetwork the hostPort may be defaulted from the containerPort: point at what is written.
  const field = (d: Declared) => [...d.port.path, hasKey(ctx.document, d.port.path, 'hostPort') ? 'hostPort' : 'containerPort'];
  const spec = `${p.hostPort}/${p.protocol}`;
  ctx.report({
    path: field(late),
    message: `Host port ${spec} is also requested by ${describeContainer(clash.container)}, which runs at the same time: only one of them can bind it on the node.`,
    related: [{ path: field(clash), message: `host port ${spec} requested by ${describeContainer(clash.container)}` }],
  });
}
