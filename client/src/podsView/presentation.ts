// How each node of the Pods view looks: label, description, icon and colour, tooltip, contextValue.
// Plain data; the extension turns it into a vscode.TreeItem. Icons are codicon ids, colours theme
// colour ids, so the view follows the user's theme.
import { PAUSABLE_KINDS, RESTARTABLE_KINDS, SCALABLE_KINDS, TRIGGERABLE_KINDS, WORKLOAD_KINDS } from './kinds';
import { appName, appObjects, appPods, type PodsNode } from './nodes';
import type { ClaimSnapshot, ContainerSnapshot, ObjectSnapshot, PodSnapshot, PortSnapshot, ServiceSnapshot } from './snapshot';
import { isCrashLooping, podKey } from './snapshot';

export interface NodeIcon {
  id: string;
  color?: string;
}

export interface NodeView {
  /** Unique and state-bearing, so a changed pod is redrawn rather than patched. */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: NodeIcon;
  /** Space-separated words; the menus in package.json match them with `viewItem =~ /\bword\b/`. */
  contextValue: string;
  collapsible: 'none' | 'expanded';
}

/** Codicons per kind, after what each does: replicas, ordered pods, one per node, a run, a schedule. */
const KIND_ICONS: Record<string, string> = {
  Deployment: 'layers',
  ReplicaSet: 'layers',
  ReplicationController: 'layers',
  StatefulSet: 'list-ordered',
  DaemonSet: 'server',
  Job: 'run-all',
  CronJob: 'watch',
  ConfigMap: 'symbol-constant',
  Secret: 'key',
  Service: 'plug',
};

/** kubectl's AGE column (HumanDuration in k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

const FAILING_STATUS = /Err|Error|BackOff|OOMKilled|Invalid|Failed/;

export function podIcon(pod: PodSnapshot): NodeIcon {
  if (isCrashLooping(pod)) return { id: 'warning', color: 'charts.orange' };
  if (FAILING_STATUS.test(pod.status)) return { id: 'error', color: 'charts.red' };
  switch (pod.phase) {
    case 'Running': {
      const [ready, total] = pod.ready.split('/').map(Number);
      return ready === total ? { id: 'pass-filled', color: 'charts.green' } : { id: 'circle-large-outline', color: 'charts.yellow' };
    }
    case 'Pending':
      return { id: 'loading~spin', color: 'charts.yellow' };
    case 'Succeeded':
      return { id: 'pass', color: 'charts.blue' };
    case 'Failed':
      return { id: 'error', color: 'charts.red' };
    default:
      return { id: 'question' };
  }
}

export function containerIcon(c: ContainerSnapshot): NodeIcon {
  if (c.reason === 'CrashLoopBackOff') return { id: 'warning', color: 'charts.orange' };
  if (c.state === 'running') return c.ready ? { id: 'play-circle', color: 'charts.green' } : { id: 'play-circle', color: 'charts.yellow' };
  if (c.state === 'waiting') return c.reason && FAILING_STATUS.test(c.reason) ? { id: 'error', color: 'charts.red' } : { id: 'clock', color: 'charts.yellow' };
  return c.exitCode === 0 ? { id: 'pass', color: 'charts.blue' } : { id: 'error', color: 'charts.red' };
}

/** Ports a browser can open: TCP ports published on the host. */
export function browsablePorts(pod: PodSnapshot): PortSnapshot[] {
  return pod.ports.filter((p) => p.hostPort > 0 && p.protocol.toUpperCase() === 'TCP');
}

/** `127.0.0.1:8080→80/TCP`, as `docker ps` prints a published port. */
export function formatPort(p: PortSnapshot): string {
  return p.hostPort > 0 ? `${p.hostIP || '0.0.0.0'}:${p.hostPort}→${p.containerPort}/${p.protocol}` : `${p.containerPort}/${p.protocol}`;
}

/** The URL to open for a published port; an unspecified address means the loopback one. */
export function portUrl(p: PortSnapshot): string {
  const host = !p.hostIP || p.hostIP === '0.0.0.0' ? '127.0.0.1' : p.hostIP.includes(':') ? `[${p.hostIP}]` : p.hostIP;
  return `http://${host}:${p.hostPort}/`;
}

/** A Service's ports a browser can open: TCP ports published on this machine (NodePort, LoadBalancer). */
export function servicePublishedPorts(svc: ServiceSnapshot | undefined): PortSnapshot[] {
  const out: PortSnapshot[] = [];
  for (const p of svc?.ports ?? []) {
    if (p.protocol.toUpperCase() !== 'TCP') continue;
    for (const h of p.published) if (!out.some((o) => o.hostPort === h.hostPort)) out.push({ containerPort: p.port, hostIP: h.hostIP, hostPort: h.hostPort, protocol: p.protocol });
  }
  return out;
}

/** `ClusterIP 172.20.0.3 · 80→8080/TCP · 2/2 ready`: what a Service is and whether it has endpoints. */
function serviceWords(svc: ServiceSnapshot): string {
  const address = svc.type === 'ExternalName' ? `→ ${svc.externalName ?? '?'}` : svc.headless ? 'headless' : svc.clusterIP ?? 'no address yet';
  const ports = svc.ports.map((p) => `${p.port}${p.published.length ? `:${p.published[0].hostPort}` : ''}/${p.protocol}`).join(',');
  const ready = svc.endpoints.filter((e) => e.ready).length;
  const parts = [`${svc.type} ${address}`];
  if (ports) parts.push(ports);
  if (svc.type !== 'ExternalName') parts.push(`${ready}/${svc.endpoints.length} ready`);
  return parts.join(' · ');
}

function serviceTooltip(o: ObjectSnapshot, svc: ServiceSnapshot): string {
  const lines = [`**${o.name}** — Service (${svc.type})`, '', `- Namespace: ${o.namespace}`];
  if (svc.clusterIP) lines.push(`- Cluster IP: ${svc.clusterIP}`);
  if (svc.headless) lines.push('- Headless: its name resolves to the Ready pods\' addresses');
  if (svc.externalName) lines.push(`- Alias of: ${svc.externalName}`);
  for (const p of svc.ports) lines.push(`- Port ${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}${p.published.length ? `, published on ${p.published.map((h) => `${h.hostIP || '0.0.0.0'}:${h.hostPort}`).join(', ')}` : ''}`);
  lines.push(`- Endpoints: ${svc.endpoints.length ? svc.endpoints.map((e) => `${e.pod} ${e.ip}${e.ready ? '' : ' (not ready)'}`).join(', ') : 'none'}`);
  if (o.manifest) lines.push(`- Manifest: ${o.manifest}`);
  return lines.join('\n');
}

function containerState(c: ContainerSnapshot): string {
  const parts: string[] = [c.state];
  if (c.reason) parts[0] = `${c.state} (${c.reason})`;
  if (c.state === 'terminated' && c.exitCode !== undefined) parts.push(`exit ${c.exitCode}`);
  if (c.restarts > 0) parts.push(`${c.restarts} restart${c.restarts === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function podTooltip(pod: PodSnapshot, now: number): string {
  const lines = [
    `**${pod.name}** — ${pod.status}, ready ${pod.ready}`,
    '',
    `- Namespace: ${pod.namespace}`,
    `- Restarts: ${pod.restarts}`,
  ];
  if (pod.createdAt !== undefined) lines.push(`- Age: ${humanDuration(now - pod.createdAt)}`);
  if (pod.ip) lines.push(`- IP: ${pod.ip} (other pods reach it there)`);
  lines.push(`- Ports: ${pod.ports.length ? pod.ports.map(formatPort).join(', ') : 'none published'}`);
  if (pod.owner) lines.push(`- Made by: ${pod.owner.kind} ${pod.owner.name}`);
  if (pod.manifest) lines.push(`- Manifest: ${pod.manifest}`);
  return lines.join('\n');
}

/** The object's icon: its kind's, coloured by how its pods are doing. */
export function objectIcon(o: ObjectSnapshot, gone = false): NodeIcon {
  const id = KIND_ICONS[o.kind] ?? 'symbol-misc';
  if (gone) return { id, color: 'disabledForeground' };
  if (o.notes.length) return { id, color: 'charts.orange' };
  if (o.desired === undefined || o.ready === undefined) return { id };
  return { id, color: o.ready >= o.desired ? 'charts.green' : 'charts.yellow' };
}

const nsPrefix = (namespace: string) => (namespace === 'default' ? '' : `${namespace} · `);

function objectTooltip(o: ObjectSnapshot, pods: number, gone: boolean, now: number): string {
  const lines = [`**${o.name}** — ${o.kind}${o.status ? ` · ${o.status}` : ''}`, '', `- Namespace: ${o.namespace}`];
  for (const [column, value] of o.columns) lines.push(`- ${column}: ${value}`);
  if (WORKLOAD_KINDS.includes(o.kind)) lines.push(`- Pods: ${pods}`);
  if (o.createdAt !== undefined) lines.push(`- Age: ${humanDuration(now - o.createdAt)}`);
  if (o.manifest) lines.push(`- Manifest: ${o.manifest}`);
  if (gone) lines.push('', `Its pods remain, but ${o.kind} ${o.name} is not applied (any more) in this editor's state folder.`);
  for (const n of o.notes) lines.push('', `⚠ ${n}`);
  return lines.join('\n');
}

function claimTooltip(c: ClaimSnapshot, now: number): string {
  const lines = [`**${c.name}** — PersistentVolumeClaim`, '', `- Namespace: ${c.namespace}`, `- Engine volume: ${c.volume}`];
  if (c.storage) lines.push(`- Storage requested: ${c.storage}`);
  if (c.accessModes.length) lines.push(`- Access modes: ${c.accessModes.join(', ')}`);
  if (c.owner) lines.push(`- Made for: ${c.owner.replace('/', ' ')} (its volumeClaimTemplates)`);
  if (c.createdAt !== undefined) lines.push(`- Age: ${humanDuration(now - c.createdAt)}`);
  lines.push('', 'Its data outlives the pods that mount it; Delete Data removes it for good.');
  return lines.join('\n');
}

/** `14:02:30`, local time. */
export function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/**
 * A stopping pod whose containers ignore SIGTERM shows Terminating with every container running
 * until the grace period ends: say until when, so that it does not look hung.
 */
export function graceWords(pod: PodSnapshot, now: number): string {
  if (pod.terminatingUntil === undefined) return '';
  if (pod.terminatingUntil <= now) return ' · grace period over, killing';
  return ` · grace period until ${clock(pod.terminatingUntil)}`;
}

export function present(node: PodsNode, now: number): NodeView {
  switch (node.kind) {
    case 'message':
      return {
        id: `message:${node.message}`,
        label: node.text,
        tooltip: node.detail,
        description: node.message === 'engineDown' ? 'hover for what to do' : undefined,
        icon: node.message === 'engineDown' ? { id: 'debug-disconnect', color: 'charts.red' } : { id: node.message === 'loading' ? 'loading~spin' : 'info' },
        contextValue: `podwright.message ${node.message}`,
        collapsible: 'none',
      };
    case 'app': {
      const pods = appPods(node).length;
      const objects = appObjects(node);
      const services = objects.filter((o) => o.kind === 'Service').length;
      const words = ['podwright.app'];
      if (node.folder) words.push('folder');
      if (objects.length || pods) words.push('running');
      return {
        id: `app:${node.folder}`,
        label: appName(node.folder),
        description: [services ? `${services} Service${services === 1 ? '' : 's'}` : '', `${pods} pod${pods === 1 ? '' : 's'}`].filter(Boolean).join(' · '),
        tooltip: node.folder ? `**${appName(node.folder)}** — the objects applied from ${node.folder}` : 'Pods whose manifest is not recorded (started from standard input).',
        icon: { id: 'folder-library' },
        contextValue: words.join(' '),
        collapsible: 'expanded',
      };
    }
    case 'namespace':
      return {
        id: `namespace:${node.folder}:${node.namespace}`,
        label: node.namespace,
        description: 'namespace',
        icon: { id: 'symbol-namespace' },
        contextValue: 'podwright.namespace',
        collapsible: 'expanded',
      };
    case 'endpoint': {
      const { service: s, endpoint: e } = node;
      const address = e.ports.length ? e.ports.map((p) => `${e.ip}:${p}`).join(', ') : e.ip;
      return {
        id: `endpoint:${podKey(s)}:${e.pod}:${e.ip}:${e.ready}`,
        label: e.pod,
        description: `${address} · ${e.ready ? 'ready' : 'not ready'}`,
        tooltip: e.ready ? `Service ${s.name} sends connections to ${address}.` : `Pod ${e.pod} is not Ready: Service ${s.name} sends it nothing until it is.`,
        icon: e.ready ? { id: 'pass-filled', color: 'charts.green' } : { id: 'circle-large-outline', color: 'charts.yellow' },
        contextValue: `podwright.endpoint ${e.ready ? 'ready' : 'notready'}`,
        collapsible: 'none',
      };
    }
    case 'object': {
      const { object: o, gone = false } = node;
      if (o.kind === 'Service' && o.service && !gone) {
        const svc = o.service;
        const words = ['podwright.object', 'service', 'applied'];
        if (servicePublishedPorts(svc).length) words.push('published');
        if (o.manifest) words.push('manifest');
        const text = serviceWords(svc);
        return {
          id: `object:Service/${podKey(o)}:${text}`,
          label: o.name,
          description: `${nsPrefix(o.namespace)}Service · ${text}`,
          tooltip: serviceTooltip(o, svc),
          icon: { id: 'plug', color: svc.type === 'ExternalName' || svc.endpoints.some((e) => e.ready) ? 'charts.green' : 'charts.yellow' },
          contextValue: words.join(' '),
          collapsible: svc.endpoints.length ? 'expanded' : 'none',
        };
      }
      const words = ['podwright.object', o.kind.toLowerCase(), gone ? 'gone' : 'applied'];
      if (!gone) {
        if (SCALABLE_KINDS.includes(o.kind)) words.push('scalable');
        // Restart, and Undo Rollout: the kinds whose controller keeps revisions are those that restart.
        if (RESTARTABLE_KINDS.includes(o.kind)) words.push(o.paused ? 'paused' : 'restartable');
        if (PAUSABLE_KINDS.includes(o.kind) && !o.paused) words.push('pausable');
        if (TRIGGERABLE_KINDS.includes(o.kind)) words.push('triggerable');
        if (o.manifest) words.push('manifest');
      }
      const state = gone ? 'not applied' : o.status;
      return {
        id: `object:${o.kind}/${podKey(o)}:${state}:${node.pods.length}${o.paused ? ':paused' : ''}`,
        label: o.name,
        description: `${nsPrefix(o.namespace)}${o.kind}${state ? ` · ${state}` : ''}`,
        tooltip: objectTooltip(o, node.pods.length, gone, now),
        icon: objectIcon(o, gone),
        contextValue: words.join(' '),
        collapsible: node.pods.length ? 'expanded' : 'none',
      };
    }
    case 'group':
      return node.group === 'data'
        ? {
            id: `group:data:${node.folder ?? ''}:${node.namespace ?? ''}`,
            label: 'ConfigMaps and Secrets',
            description: String(node.objects.length),
            icon: { id: 'symbol-constant' },
            contextValue: 'podwright.group data',
            collapsible: 'expanded',
          }
        : {
            id: 'group:volumes',
            label: 'Volumes',
            description: String(node.claims.length),
            tooltip: "PersistentVolumeClaims' data, kept in engine volumes until deleted.",
            icon: { id: 'database' },
            contextValue: 'podwright.group volumes',
            collapsible: 'expanded',
          };
    case 'volume': {
      const { claim: c } = node;
      const made = c.owner ? c.owner.replace('/', ' ') : c.applied ? 'PersistentVolumeClaim' : '';
      return {
        id: `volume:${podKey(c)}:${c.applied}`,
        label: c.name,
        description: `${nsPrefix(c.namespace)}${[c.storage, made].filter(Boolean).join(' · ')}`,
        tooltip: claimTooltip(c, now),
        icon: { id: 'database' },
        contextValue: `podwright.volume${c.applied ? ' applied' : ''}`,
        collapsible: 'none',
      };
    }
    case 'pod': {
      const { pod } = node;
      const words = ['podwright.pod', pod.phase.toLowerCase()];
      if (browsablePorts(pod).length) words.push('ports');
      if (pod.manifest) words.push('manifest');
      if (pod.phase === 'Running' || pod.phase === 'Pending') words.push('live');
      if (pod.terminatingUntil !== undefined) words.push('terminating');
      if (pod.owner) words.push('owned');
      return {
        id: `pod:${podKey(pod)}:${pod.status}:${pod.ready}:${pod.restarts}`,
        label: pod.name,
        description: `${pod.namespace === 'default' ? '' : `${pod.namespace} · `}${pod.status} · ${pod.ready}${graceWords(pod, now)}`,
        tooltip: podTooltip(pod, now),
        icon: podIcon(pod),
        contextValue: words.join(' '),
        collapsible: pod.containers.length || pod.ephemeralContainers?.length ? 'expanded' : 'none',
      };
    }
    case 'container': {
      const { pod, container: c } = node;
      return {
        id: `container:${podKey(pod)}/${c.name}:${c.state}:${c.reason ?? ''}:${c.restarts}:${c.ready}`,
        label: c.name,
        description: `${c.role} · ${containerState(c)}`,
        tooltip: [
          `**${c.name}** (${c.role}) in pod ${pod.name}`,
          '',
          `- Image: ${c.image}`,
          `- State: ${containerState(c)}`,
          `- Ready: ${c.ready ? 'yes' : 'no'}`,
        ].join('\n'),
        icon: containerIcon(c),
        contextValue: `podwright.container ${c.role} ${c.state}`,
        collapsible: 'none',
      };
    }
    case 'ephemeral': {
      const { pod, container: c } = node;
      const state = c.state === 'running' ? 'running' : `terminated (exit code ${c.exitCode ?? '?'})`;
      return {
        id: `ephemeral:${podKey(pod)}/${c.name}:${c.state}`,
        label: c.name,
        description: `ephemeral${c.target ? ` · target ${c.target}` : ''} · ${state}`,
        tooltip: [`**${c.name}** (ephemeral debug container) in pod ${pod.name}`, '', `- Image: ${c.image}`, `- Processes of: ${c.target ?? 'the pod sandbox'}`, `- State: ${state}`].join('\n'),
        icon: { id: 'debug', color: c.state === 'running' ? 'charts.blue' : undefined },
        contextValue: `podwright.ephemeral ${c.state}`,
        collapsible: 'none',
      };
    }
  }
}

/** The pod as `kubectl get pod -o wide` would print it, plus its containers: for "Copy Status". */
export function statusText(pod: PodSnapshot, now: number): string {
  const age = pod.createdAt !== undefined ? humanDuration(now - pod.createdAt) : '<unknown>';
  const rows = [
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    [pod.name, pod.ready, pod.status, String(pod.restarts), age],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join(''));
  const containers = pod.containers.map((c) => `  ${c.name} (${c.role}, ${c.image}): ${containerState(c)}${c.ready ? ', ready' : ''}`);
  return [...table, 'containers:', ...containers].join('\n') + '\n';
}
