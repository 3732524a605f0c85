// Every engine object the runtime creates carries these labels. The engine is the source of truth:
// a second process (another VS Code window, the CLI) finds and controls a pod through them, and the
// runtime never lists, stops or removes anything that lacks them.
export const LABEL = {
  pod: 'io.podwright.pod',
  namespace: 'io.podwright.namespace',
  uid: 'io.podwright.uid',
  manifestHash: 'io.podwright.manifest-hash',
  role: 'io.podwright.role',
  container: 'io.podwright.container',
  manifest: 'io.podwright.manifest',
  /** On the infra container only: the pod's non-secret shape (order, roles, probes), as JSON. */
  spec: 'io.podwright.spec',
  /** On the infra container only: what `describe` shows beyond the shape (detail.ts), as JSON. */
  detail: 'io.podwright.detail',
  /** On volumes: the pod volume's name. */
  volume: 'io.podwright.volume',
  /** The workload whose controller made the pod (absent on bare pods). */
  ownerKind: 'io.podwright.owner-kind',
  ownerName: 'io.podwright.owner-name',
  ownerUid: 'io.podwright.owner-uid',
  /** On a debug (ephemeral) container: the container whose processes it sees. */
  debugTarget: 'io.podwright.debug-target',
  /** The local "cluster" (one state folder) whose controller manager made the pod. */
  cluster: 'io.podwright.cluster',
} as const;

export type Role = 'infra' | 'init' | 'sidecar' | 'app';

/** The label filter that selects one pod's objects (or every podwright object). */
export function labelFilter(uid?: string): { label: string[] } {
  return { label: [uid ? `${LABEL.uid}=${uid}` : LABEL.uid] };
}
