// What the Pods view shows, as plain data: the engine's pods as `podwright ps --format json` describes
// them (issue 4), plus what the view needs besides (the manifest a pod came from, when it started).
// The extension adapts the runtime's status objects to these types, so the model and its tests never
// depend on dockerode or on the runtime's internals.

export type ContainerRole = 'init' | 'sidecar' | 'app';
export type ContainerStateName = 'waiting' | 'running' | 'terminated';
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerSnapshot {
  name: string;
  role: ContainerRole;
  state: ContainerStateName;
  /** Kubernetes' reason for the state: ContainerCreating, CrashLoopBackOff, Completed, OOMKilled … */
  reason?: string;
  exitCode?: number;
  restarts: number;
  ready: boolean;
  image: string;
}

/** A debug container added to the pod (`podwright debug`): not of its spec. */
export interface EphemeralSnapshot {
  name: string;
  image: string;
  /** The container whose processes it sees. */
  target?: string;
  state: 'running' | 'terminated';
  exitCode?: number;
}

export interface PortSnapshot {
  containerPort: number;
  hostIP: string;
  hostPort: number;
  protocol: string;
}

export interface PodSnapshot {
  name: string;
  namespace: string;
  phase: PodPhase;
  /** kubectl's STATUS column: Running, Init:1/2, CrashLoopBackOff, Completed … */
  status: string;
  /** kubectl's READY column, `n/m`. */
  ready: string;
  restarts: number;
  containers: ContainerSnapshot[];
  ephemeralContainers?: EphemeralSnapshot[];
  ports: PortSnapshot[];
  /** Absolute path of the manifest the pod was started from, when the engine's labels record it. */
  manifest?: string;
  /** When the pod was created, in milliseconds since the epoch. */
  createdAt?: number;
  /** While it stops: when its grace period ends and what still runs is killed (epoch ms). */
  terminatingUntil?: number;
}

/** What the view knows about the engine. */
export type EngineSnapshot =
  | { kind: 'loading' }
  | { kind: 'up'; pods: PodSnapshot[] }
  | { kind: 'down'; reason: string; dockerHost?: string };

/** A pod's key in the engine: pods are unique per namespace and name, as in a cluster. */
export function podKey(pod: Pick<PodSnapshot, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

/** The pod of that namespace and name in a snapshot, if the engine is up and has it. */
export function podInSnapshot(snapshot: EngineSnapshot, namespace: string, name: string): PodSnapshot | undefined {
  return snapshot.kind === 'up' ? snapshot.pods.find((p) => p.namespace === namespace && p.name === name) : undefined;
}

/** True when a pod or one of its containers is waiting in CrashLoopBackOff. */
export function isCrashLooping(pod: PodSnapshot): boolean {
  return pod.status === 'CrashLoopBackOff' || pod.containers.some((c) => c.reason === 'CrashLoopBackOff');
}

/** Pods whose phase is Running (kubectl counts them as running whatever their readiness). */
export function runningPods(snapshot: EngineSnapshot): PodSnapshot[] {
  return snapshot.kind === 'up' ? snapshot.pods.filter((p) => p.phase === 'Running') : [];
}
