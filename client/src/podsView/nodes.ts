// The Pods view's tree as a small tagged union. `childrenOf` never throws: an engine that is down or
// a view with nothing to show becomes a message node saying what to do (as vscode-docker's tree does).
//
// The roots are applications: the folder a set of objects was applied from (each object and pod
// records the manifest it came from; a pod run from a single file has that file's folder). Under
// each, its namespaces; under each namespace its Services (with their endpoints beneath), then the
// workloads, each with the pods its controller made beneath it (a pod's owner is the workload itself:
// a Deployment's pods sit under the Deployment, not under a ReplicaSet row), then the bare pods, then
// ConfigMaps and Secrets. The claims' volumes come last, outside every application: their data
// outlives the pods and the application that made them.
import { WORKLOAD_KINDS } from './kinds';
import type { ClaimSnapshot, ContainerSnapshot, EndpointSnapshot, EngineSnapshot, EphemeralSnapshot, ObjectSnapshot, PodSnapshot } from './snapshot';
import { podKey } from './snapshot';

export type MessageKind = 'loading' | 'engineDown' | 'empty';
export type GroupKind = 'data' | 'volumes';

export type PodsNode =
  | { kind: 'message'; message: MessageKind; text: string; detail?: string }
  /** An applied object with the pods it owns; `gone` when pods name an owner that is not applied (any more). */
  | { kind: 'object'; object: ObjectSnapshot; pods: PodSnapshot[]; gone?: boolean }
  /** An application: `folder` is the absolute folder its manifests are in, '' when no manifest is recorded. */
  | { kind: 'app'; folder: string; namespaces: NamespaceNode[] }
  | NamespaceNode
  | { kind: 'group'; group: GroupKind; objects: ObjectSnapshot[]; claims: ClaimSnapshot[]; folder?: string; namespace?: string }
  | { kind: 'endpoint'; service: ObjectSnapshot; endpoint: EndpointSnapshot }
  | { kind: 'volume'; claim: ClaimSnapshot }
  | { kind: 'pod'; pod: PodSnapshot }
  | { kind: 'container'; pod: PodSnapshot; container: ContainerSnapshot }
  | { kind: 'ephemeral'; pod: PodSnapshot; container: EphemeralSnapshot };

export interface NamespaceNode {
  kind: 'namespace';
  folder: string;
  namespace: string;
  services: ObjectSnapshot[];
  /** Workloads with their pods (and owners that are gone), then bare pods, then the data group. */
  children: PodsNode[];
}

/** Start order, as the kubelet starts them: init containers and native sidecars, then the apps. */
const ROLE_ORDER: Record<ContainerSnapshot['role'], number> = { init: 0, sidecar: 0, app: 1 };

const byKey = (a: { namespace: string; name: string; kind?: string }, b: { namespace: string; name: string; kind?: string }) =>
  podKey(a).localeCompare(podKey(b)) || (a.kind ?? '').localeCompare(b.kind ?? '');

export function rootNodes(snapshot: EngineSnapshot): PodsNode[] {
  switch (snapshot.kind) {
    case 'loading':
      return [{ kind: 'message', message: 'loading', text: 'Connecting to the Docker engine…' }];
    case 'down':
      return [
        {
          kind: 'message',
          message: 'engineDown',
          text: 'Docker engine not reachable',
          detail:
            `${snapshot.reason}\n\nStart the engine (\`sudo dockerd\`, or Docker Desktop) or set ` +
            `\`podwright.docker.host\`${snapshot.dockerHost ? ` (now \`${snapshot.dockerHost}\`)` : ''}. ` +
            'The view reconnects by itself.',
        },
      ];
    case 'up':
      return upNodes(snapshot.pods, snapshot.objects ?? [], snapshot.claims ?? []);
  }
}

/** The folder of a manifest path ('' for none): the application it belongs to. */
export function folderOf(manifest: string | undefined): string {
  if (!manifest) return '';
  const cut = Math.max(manifest.lastIndexOf('/'), manifest.lastIndexOf('\\'));
  return cut <= 0 ? manifest.slice(0, cut + 1) : manifest.slice(0, cut);
}

/** The application's name: its folder's last segment. */
export function appName(folder: string): string {
  if (!folder) return 'Started without a manifest';
  const parts = folder.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? folder;
}

const SHOWN_KINDS = [...WORKLOAD_KINDS, 'Service', 'ConfigMap', 'Secret'];

function upNodes(pods: PodSnapshot[], objects: ObjectSnapshot[], claims: ClaimSnapshot[]): PodsNode[] {
  const shown = objects.filter((o) => SHOWN_KINDS.includes(o.kind));
  const byUid = new Map(shown.map((o) => [o.uid, o]));
  // A workload's pods belong where their workload was applied from; bare pods where their file is.
  const podFolder = (p: PodSnapshot) => folderOf((p.owner && byUid.get(p.owner.uid)?.manifest) || p.manifest);
  const key = (folder: string, namespace: string) => `${folder}\n${namespace}`;
  const places = new Map<string, { objects: ObjectSnapshot[]; pods: PodSnapshot[] }>();
  const place = (folder: string, namespace: string) => {
    const k = key(folder, namespace);
    let p = places.get(k);
    if (!p) places.set(k, (p = { objects: [], pods: [] }));
    return p;
  };
  for (const o of shown) place(folderOf(o.manifest), o.namespace).objects.push(o);
  for (const p of pods) place(podFolder(p), p.namespace).pods.push(p);
  const apps = new Map<string, NamespaceNode[]>();
  for (const [k, { objects: here, pods: podsHere }] of places) {
    const [folder, namespace] = k.split('\n');
    apps.set(folder, [...(apps.get(folder) ?? []), namespaceNode(folder, namespace, here, podsHere)]);
  }
  const nodes: PodsNode[] = [...apps]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : appName(a).localeCompare(appName(b)) || a.localeCompare(b)))
    .map(([folder, namespaces]) => ({ kind: 'app', folder, namespaces: namespaces.sort((a, b) => a.namespace.localeCompare(b.namespace)) }));
  if (claims.length) nodes.push({ kind: 'group', group: 'volumes', objects: [], claims });
  if (nodes.length) return nodes;
  return [
    {
      kind: 'message',
      message: 'empty',
      text: 'No pods running',
      detail: 'Open a manifest and choose ▶ Run pod above a Pod or ▶ Apply above a workload, run an application folder (Run Application), or run `podwright run FILE`.',
    },
  ];
}

function namespaceNode(folder: string, namespace: string, objects: ObjectSnapshot[], pods: PodSnapshot[]): NamespaceNode {
  const owned = new Map<string, PodSnapshot[]>();
  for (const p of pods) if (p.owner) owned.set(p.owner.uid, [...(owned.get(p.owner.uid) ?? []), p]);
  const workloads: PodsNode[] = objects
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((object) => {
      const mine = owned.get(object.uid) ?? [];
      owned.delete(object.uid);
      return { kind: 'object', object, pods: mine };
    });
  // Pods whose owner is not applied here: a workload being deleted (its pods still stopping), or one
  // of another state folder on the same engine. They stay together under their owner's name.
  for (const [uid, mine] of owned) {
    const { kind, name } = mine[0].owner ?? { kind: '', name: '' };
    workloads.push({ kind: 'object', gone: true, pods: mine, object: { kind, name, namespace, uid, status: '', columns: [], notes: [] } });
  }
  workloads.sort((a, b) => (a.kind === 'object' && b.kind === 'object' ? byKey(a.object, b.object) : 0));
  const bare: PodsNode[] = pods
    .filter((p) => !p.owner)
    .sort(byKey)
    .map((pod) => ({ kind: 'pod', pod }));
  const data = objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret');
  const children: PodsNode[] = [...workloads, ...bare];
  if (data.length) children.push({ kind: 'group', group: 'data', objects: data, claims: [], folder, namespace });
  const services = objects.filter((o) => o.kind === 'Service').sort(byKey);
  return { kind: 'namespace', folder, namespace, services, children };
}

/** Every pod of an application (workloads' and bare), for Stop Application's question. */
export function appPods(node: Extract<PodsNode, { kind: 'app' }>): PodSnapshot[] {
  return node.namespaces.flatMap((ns) => ns.children.flatMap((c) => (c.kind === 'pod' ? [c.pod] : c.kind === 'object' ? c.pods : [])));
}

/** Every applied object of an application (not the owners that are gone). */
export function appObjects(node: Extract<PodsNode, { kind: 'app' }>): ObjectSnapshot[] {
  return node.namespaces.flatMap((ns) => [
    ...ns.services,
    ...ns.children.flatMap((c) => (c.kind === 'object' && !c.gone ? [c.object] : c.kind === 'group' ? c.objects : [])),
  ]);
}

export function childrenOf(node: PodsNode): PodsNode[] {
  switch (node.kind) {
    case 'app':
      return node.namespaces;
    case 'namespace':
      return [...node.services.map((object): PodsNode => ({ kind: 'object', object, pods: [] })), ...node.children];
    case 'object':
      if (node.object.kind === 'Service') return (node.object.service?.endpoints ?? []).map((endpoint) => ({ kind: 'endpoint', service: node.object, endpoint }));
      return [...node.pods].sort(byKey).map((pod) => ({ kind: 'pod', pod }));
    case 'group':
      return node.group === 'data'
        ? [...node.objects].sort(byKey).map((object) => ({ kind: 'object', object, pods: [] }))
        : [...node.claims].sort(byKey).map((claim) => ({ kind: 'volume', claim }));
    case 'pod': {
      // Stable sort keeps the manifest's order inside each group.
      const containers = [...node.pod.containers].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
      return [
        ...containers.map((container): PodsNode => ({ kind: 'container', pod: node.pod, container })),
        // Debug containers last, in the order they were added, as kubectl describe lists them.
        ...(node.pod.ephemeralContainers ?? []).map((container): PodsNode => ({ kind: 'ephemeral', pod: node.pod, container })),
      ];
    }
    default:
      return [];
  }
}

/**
 * Every node under the applications' namespaces (Services, workloads, bare pods, data groups) and the
 * root groups beside them, in order: for those who look for one node and care not where it sits.
 */
export function namespaceContents(snapshot: EngineSnapshot): PodsNode[] {
  return rootNodes(snapshot).flatMap((n) => (n.kind === 'app' ? n.namespaces.flatMap((ns) => childrenOf(ns)) : [n]));
}
