// A Service's ports as pkg/apis/core/validation/validation.go validates them (ValidateService,
// validateServicePort), after defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Service and
// SetDefaults_ServicePort: protocol TCP; a targetPort of 0 or left out becomes the port):
// - spec.ports required unless the Service is headless (`clusterIP: None`) or ExternalName;
// - each port 1–65535 (IsValidPortNum); a name required when there are several ports, a DNS-1123
//   label, unique; targetPort a port number or an IANA service name (ValidatePortNumOrName); an
//   appProtocol a qualified name;
// - no two ports with the same protocol and port, nor the same protocol and nodePort (Duplicate);
// - nodePort not with `type: ClusterIP`; outside the default service-node-port-range (30000–32767)
//   the allocator refuses it unless the cluster's range was changed: a warning.
import type { ObjectContext, Report } from '../../rule';
import type { Segment } from '../../types';
import { qualifiedNameProblem } from './invalidLabel';
import { dnsLabelProblem, isObject, isPlaceholder, listOf, num, portNameProblem, q, str } from './support';

/** IsValidPortNum's message. */
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

interface PortView {
  path: Segment[];
  value: Record<string, unknown>;
  port?: number;
  protocol: string;
}

function checkPortNumbers(report: (r: Report) => void, p: PortView): void {
  if (p.port !== undefined && !(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535)) {
    report({ path: [...p.path, 'port'], message: `port ${p.port} is not a valid port number: it ${PORT_RANGE}.` });
  }
  const target = p.value.targetPort;
  if (typeof target === 'number') {
    // 0 is defaulted to the port (SetDefaults_ServicePort), so only other numbers out of range are refused.
    if (target !== 0 && !(Number.isInteger(target) && target >= 1 && target <= 65535)) {
      report({ path: [...p.path, 'targetPort'], message: `targetPort ${target} is not a valid port number: it ${PORT_RANGE}.` });
    }
  } else if (typeof target === 'string' && target !== '' && !isPlaceholder(target)) {
    const problem = portNameProblem(target);
    if (problem) {
      report({
        path: [...p.path, 'targetPort'],
        message: `targetPort ${q(target)} is neither a port number nor a valid port name (an IANA service name): it ${problem}.`,
      });
    }
  }
  const appProtocol = str(p.value, 'appProtocol');
  if (appProtocol !== undefined && !isPlaceholder(appProtocol)) {
    const problem = appProtocol === '' ? 'must not be empty' : qualifiedNameProblem(appProtocol);
    if (problem) report({ path: [...p.path, 'appProtocol'], message: `appProtocol ${q(appProtocol)} is not a valid qualified name: it ${problem}.` });
  }
}

function checkNames(report: (r: Report) => void, ports: PortView[]): void {
  const seen = new Map<string, PortView>();
  for (const p of ports) {
    const name = str(p.value, 'name');
    if (name === undefined || name === '') {
      if (ports.length > 1) {
        report({ path: p.path, apiPath: [...p.path, 'name'], anchor: 'key', message: 'A Service with more than one port needs a name on each port.' });
      }
      continue;
    }
    if (isPlaceholder(name)) continue;
    const problem = dnsLabelProblem(name);
    if (problem) {
      report({ path: [...p.path, 'name'], message: `Port name ${q(name)} is not a valid DNS-1123 label: it ${problem}.` });
      continue;
    }
    const first = seen.get(name);
    if (first) {
      report({
        path: [...p.path, 'name'],
        message: `Duplicate port name ${q(name)}: port names must be unique within a Service.`,
        related: [{ path: [...first.path, 'name'], message: `${q(name)} first used here` }],
      });
    } else {
      seen.set(name, p);
    }
  }
}

function checkDuplicates(report: (r: Report) => void, ports: PortView[], type: string): void {
  const byPort = new Map<string, PortView>();
  const byNodePort = new Map<string, PortView>();
  for (const p of ports) {
    if (p.port !== undefined) {
      const key = `${p.protocol}/${p.port}`;
      const first = byPort.get(key);
      if (first) {
        report({
          path: [...p.path, 'port'],
          apiPath: p.path,
          message: `Duplicate port ${p.port}/${p.protocol}: a Service may list each protocol and port once.`,
          related: [{ path: [...first.path, 'port'], message: `${p.port}/${p.protocol} first listed here` }],
        });
      } else {
        byPort.set(key, p);
      }
    }
    const nodePort = num(p.value, 'nodePort');
    if (nodePort === undefined || nodePort === 0) continue;
    if (type === 'ClusterIP') {
      report({ path: [...p.path, 'nodePort'], message: "nodePort may not be used when type is 'ClusterIP': use type NodePort or LoadBalancer, or remove it." });
      continue;
    }
    const key = `${p.protocol}/${nodePort}`;
    const first = byNodePort.get(key);
    if (first) {
      report({ path: [...p.path, 'nodePort'], message: `Duplicate nodePort ${nodePort}/${p.protocol}.`, related: [{ path: [...first.path, 'nodePort'], message: 'first used here' }] });
    } else {
      byNodePort.set(key, p);
    }
    if (nodePort < 30000 || nodePort > 32767) {
      report({
        path: [...p.path, 'nodePort'],
        severity: 'warning',
        message: `nodePort ${nodePort} is outside the default service-node-port-range 30000-32767: the API server refuses it unless the cluster's range was changed.`,
      });
    }
  }
}

/** The checks of a Service's spec.ports; `headless`: clusterIP None. */
export function checkServicePorts(ctx: ObjectContext, spec: Record<string, unknown>, type: string, headless: boolean): void {
  const list = listOf(spec.ports);
  if (list.length === 0 && !headless && type !== 'ExternalName') {
    const hasKey = Object.hasOwn(spec, 'ports');
    ctx.report({
      path: hasKey ? ['spec', 'ports'] : ['spec'],
      apiPath: ['spec', 'ports'],
      anchor: 'key',
      message: 'A Service needs at least one port (only a headless Service, clusterIP: None, or an ExternalName Service may have none).',
    });
    return;
  }
  const ports: PortView[] = [];
  list.forEach((p, i) => {
    if (!isObject(p)) return;
    ports.push({ path: ['spec', 'ports', i], value: p, port: num(p, 'port'), protocol: str(p, 'protocol') || 'TCP' });
  });
  for (const p of ports) checkPortNumbers(ctx.report, p);
  checkNames(ctx.report, ports);
  checkDuplicates(ctx.report, ports, type);
}
