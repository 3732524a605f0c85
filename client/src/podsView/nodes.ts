// The Pods view's tree as a small tagged union. `childrenOf` never throws: an engine that is down or
// a view with nothing to show becomes a message node saying what to do (as vscode-docker's tree does).
import type { ContainerSnapshot, EngineSnapshot, EphemeralSnapshot, PodSnapshot } from './snapshot';
import { podKey } from './snapshot';

export type MessageKind = 'loading' | 'engineDown' | 'empty';

export type PodsNode =
  | { kind: 'message'; message: MessageKind; text: string; detail?: string }
  | { kind: 'pod'; pod: PodSnapshot }
  | { kind: 'container'; pod: PodSnapshot; container: ContainerSnapshot }
  | { kind: 'ephemeral'; pod: PodSnapshot; container: EphemeralSnapshot };

/** Start order, as the kubelet starts them: init containers and native sidecars, then the apps. */
const ROLE_ORDER: Record<ContainerSnapshot['role'], number> = { init: 0, sidecar: 0, app: 1 };

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
    case 'up': {
      if (snapshot.pods.length === 0) {
        return [
          {
            kind: 'message',
            message: 'empty',
            text: 'No pods running',
            detail: 'Open a Pod manifest and choose ▶ Run pod above it, or run `podwright run FILE`.',
          },
        ];
      }
      const pods = [...snapshot.pods].sort((a, b) => podKey(a).localeCompare(podKey(b)));
      return pods.map((pod) => ({ kind: 'pod', pod }));
    }
  }
}

export function childrenOf(node: PodsNode): PodsNode[] {
  if (node.kind !== 'pod') return [];
  // Stable sort keeps the manifest's order inside each group.
  const containers = [...node.pod.containers].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return [
    ...containers.map((container): PodsNode => ({ kind: 'container', pod: node.pod, container })),
    // Debug containers last, in the order they were added, as kubectl describe lists them.
    ...(node.pod.ephemeralContainers ?? []).map((container): PodsNode => ({ kind: 'ephemeral', pod: node.pod, container })),
  ];
}

