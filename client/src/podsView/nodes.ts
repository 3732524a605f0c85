// The Pods view's tree as a small tagged union. `childrenOf` never throws: an engine that is down or
// a view with nothing to show becomes a message node saying what to do (as vscode-docker's tree does).
//
// Workloads come first, each with the pods its controller made beneath it (a pod's owner is the
// workload itself: a Deployment's pods sit under the Deployment, not under a ReplicaSet row), then the
// bare pods, then ConfigMaps and Secrets, then the claims' volumes, whose data outlives the pods.
import { WORKLOAD_KINDS } from './kinds';
import type { ClaimSnapshot, ContainerSnapshot, EngineSnapshot, EphemeralSnapshot, ObjectSnapshot, PodSnapshot } from './snapshot';
import { podKey } from './snapshot';

export type MessageKind = 'loading' | 'engineDown' | 'empty';
export type GroupKind = 'data' | 'volumes';

export type PodsNode =
  | { kind: 'message'; message: MessageKind; text: string; detail?: string }
  /** An applied object with the pods it owns; `gone` when pods name an owner that is not applied (any more). */
  | { kind: 'object'; object: ObjectSnapshot; pods: PodSnapshot[]; gone?: boolean }
  | { kind: 'group'; group: GroupKind; objects: ObjectSnapshot[]; claims: ClaimSnapshot[] }
  | { kind: 'volume'; claim: ClaimSnapshot }
  | { kind: 'pod'; pod: PodSnapshot }
  | { kind: 'container'; pod: PodSnapshot; container: ContainerSnapshot }
  | { kind: 'ephemeral'; pod: PodSnapshot; container: EphemeralSnapshot };

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

function upNodes(pods: PodSnapshot[], objects: ObjectSnapshot[], claims: ClaimSnapshot[]): PodsNode[] {
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
    workloads.push({ kind: 'object', gone: true, pods: mine, object: { kind, name, namespace: mine[0].namespace, uid, status: '', columns: [], notes: [] } });
  }
  workloads.sort((a, b) => (a.kind === 'object' && b.kind === 'object' ? byKey(a.object, b.object) : 0));
  const bare: PodsNode[] = pods
    .filter((p) => !p.owner)
    .sort(byKey)
    .map((pod) => ({ kind: 'pod', pod }));
  const data = objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret');
  const nodes: PodsNode[] = [...workloads, ...bare];
  if (data.length) nodes.push({ kind: 'group', group: 'data', objects: data, claims: [] });
  if (claims.length) nodes.push({ kind: 'group', group: 'volumes', objects: [], claims });
  if (nodes.length) return nodes;
  return [
    {
      kind: 'message',
      message: 'empty',
      text: 'No pods running',
      detail: 'Open a manifest and choose ▶ Run pod above a Pod or ▶ Apply above a workload, or run `podwright run FILE`.',
    },
  ];
}

export function childrenOf(node: PodsNode): PodsNode[] {
  switch (node.kind) {
    case 'object':
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
