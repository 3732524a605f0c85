// Port names must be unique within one container (validateContainerPorts rejects a repeat), but the
// API server accepts the same name in two containers, although the ContainerPort documentation says
// "Each named port in a pod must have a unique name". A Service `targetPort: http` then resolves to
// whichever container the endpoints controller finds first (FindPort in pkg/api/v1/pod/util.go).
import { containersOf, describeContainer, portsOf } from '../../podView';
import type { PodContext, PodRule } from '../../rule';
import { quote } from '../../quote';
import type { PortView } from '../../podView';
import type { ContainerView } from '../../podView';

export const portNameDuplicate: PodRule = {
  id: 'port-name-duplicate',
  category: 'lint',
  defaultSeverity: 'warning',
  description: 'The same port name in two containers of a pod: a Service targetPort naming it becomes ambiguous.',
  check(ctx: PodContext) {
    const seen = new Map<string, { container: ContainerView; port: PortView }>();
    for (const c of containersOf(ctx, ['initContainers', 'containers'])) {
      for (const port of portsOf(c)) {
        if (!port.name) continue;
        const first = seen.get(port.name);
        if (!first) {
          seen.set(port.name, { container: c, port });
          continue;
        }
        // A repeat inside one container is an API error, reported by the API rules.
        if (first.container === c) continue;
        const firstNumber = first.port.containerPort === null ? '' : ` (port ${first.port.containerPort})`;
        ctx.report({
          path: [...port.path, 'name'],
          message: `Port name ${quote(port.name)} is already used by ${describeContainer(first.container)}${firstNumber}: names must be unique in the pod, or a Service targetPort ${quote(port.name)} is ambiguous. Rename one.`,
          related: [{ path: [...first.port.path, 'name'], message: `${quote(port.name)} named in ${describeContainer(first.container)}` }],
        });
      }
    }
  },
};
