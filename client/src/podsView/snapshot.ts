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
  /** The pod's address on its network (status.podIP), while its sandbox runs. */
  ip?: string;
  /** Absolute path of the manifest the pod was started from, when the engine's labels record it. */
  manifest?: string;
  /** When the pod was created, in milliseconds since the epoch. */
  createdAt?: number;
  /** While it stops: when its grace period ends and what still runs is killed (epoch ms). */
  terminatingUntil?: number;
  /** The workload whose controller made it (Deployment, Job …); bare pods have none. */
  owner?: PodOwner;
}

export interface PodOwner {
  kind: string;
  name: string;
  uid: string;
}

/** An applied object: a workload (Deployment, StatefulSet, Job …), a Service, a ConfigMap or a Secret. */
export interface ObjectSnapshot {
  kind: string;
  name: string;
  namespace: string;
  uid: string;
  /** For the editor, as the runtime summarises it: `3/3 ready`, `Complete 3/3`, `2 keys` … */
  status: string;
  /** kubectl get's columns for its kind (READY, UP-TO-DATE …), in order. */
  columns: [string, string][];
  /** Ready pods and the pods wanted, where the kind counts them. */
  ready?: number;
  desired?: number;
  /** spec.replicas as applied (or scaled), for the kinds that scale. */
  replicas?: number;
  /** Absolute path of the manifest it was applied from. */
  manifest?: string;
  createdAt?: number;
  /** A Deployment's spec.paused (rollout pause): its new template waits until resume. */
  paused?: boolean;
  /** What is not as it should be: conditions that say so, the controller's note (why no pods …). */
  notes: string[];
  /** For a Service: its address, published ports and endpoints. */
  service?: ServiceSnapshot;
}

/** One endpoint of a Service: a selected pod, its address and target ports, Ready or not. */
export interface EndpointSnapshot {
  pod: string;
  ip: string;
  ports: number[];
  /** Traffic goes to it only when Ready. */
  ready: boolean;
}

/** What a Service adds to its object: type, address, the ports published on this machine, endpoints. */
export interface ServiceSnapshot {
  type: string;
  clusterIP?: string;
  headless: boolean;
  externalName?: string;
  ports: { name?: string; port: number; protocol: string; published: { hostIP: string; hostPort: number }[] }[];
  endpoints: EndpointSnapshot[];
}

/** A PersistentVolumeClaim's volume on the engine: its data outlives every pod that mounts it. */
export interface ClaimSnapshot {
  name: string;
  namespace: string;
  /** The engine volume holding the data. */
  volume: string;
  /** `StatefulSet/db` when a workload's volumeClaimTemplates made it. */
  owner?: string;
  /** spec.resources.requests.storage, as asked for. */
  storage?: string;
  accessModes: string[];
  createdAt?: number;
  /** A PersistentVolumeClaim object is applied for it (deleting the data deletes that too). */
  applied: boolean;
}

/** What the view knows about the engine. */
export type EngineSnapshot =
  | { kind: 'loading' }
  /** `objects` and `claims` are absent when the source lists pods only. */
  | { kind: 'up'; pods: PodSnapshot[]; objects?: ObjectSnapshot[]; claims?: ClaimSnapshot[] }
  | { kind: 'down'; reason: string; dockerHost?: string };

/** A pod's key in the engine: pods are unique per namespace and name, as in a cluster. */
export function podKey(pod: Pick<PodSnapshot, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

/** The pod of that namespace and name in a snapshot, if the engine is up and has it. */
export function podInSnapshot(snapshot: EngineSnapshot, namespace: string, name: string): PodSnapshot | undefined {
  return snapshot.kind === 'up' ? snapshot.pods.find((p) => p.namespace === namespace && p.name === name) : undefined;
}

/** The applied object of that kind, namespace and name, if the engine is up and has it. */
export function objectInSnapshot(snapshot: EngineSnapshot, kind: string, namespace: string, name: string): ObjectSnapshot | undefined {
  return snapshot.kind === 'up' ? snapshot.objects?.find((o) => o.kind === kind && o.namespace === namespace && o.name === name) : undefined;
}

/** The claim volume of that namespace and name, if the engine is up and has it. */
export function claimInSnapshot(snapshot: EngineSnapshot, namespace: string, name: string): ClaimSnapshot | undefined {
  return snapshot.kind === 'up' ? snapshot.claims?.find((c) => c.namespace === namespace && c.name === name) : undefined;
}

/** True when a pod or one of its containers is waiting in CrashLoopBackOff. */
export function isCrashLooping(pod: PodSnapshot): boolean {
  return pod.status === 'CrashLoopBackOff' || pod.containers.some((c) => c.reason === 'CrashLoopBackOff');
}

/** Pods whose phase is Running (kubectl counts them as running whatever their readiness). */
export function runningPods(snapshot: EngineSnapshot): PodSnapshot[] {
  return snapshot.kind === 'up' ? snapshot.pods.filter((p) => p.phase === 'Running') : [];
}
