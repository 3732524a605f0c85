// The runtime's plain model of a pod: what the manifest asks for, resolved against the other
// documents of the same file, and ready to become engine objects.
import type { HostAccess } from '../../analysis/src';
import type { Role } from './labels';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** An env entry: a resolved value, or a pod field known only once the pod's network exists. */
export interface PlanEnv {
  name: string;
  value?: string;
  podField?: 'status.podIP' | 'status.podIPs' | 'status.hostIP' | 'status.hostIPs';
}

export interface PlanMount {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface PlanPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  name?: string;
}

export type ProbeHandler =
  | { kind: 'exec'; command: string[] }
  | { kind: 'httpGet'; port: number; path: string; scheme: string; headers: { name: string; value: string }[] }
  | { kind: 'tcpSocket'; port: number };

/** A lifecycle hook: a probe's handler, or a pause (`sleep`, Kubernetes 1.29+). */
export type Hook = ProbeHandler | { kind: 'sleep'; seconds: number };

export interface Probe {
  handler: ProbeHandler;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  /** Liveness and startup probes: the grace period of the kill after a failure, instead of the pod's. */
  terminationGracePeriodSeconds?: number;
}

export interface ContainerPlan {
  name: string;
  role: Exclude<Role, 'infra'>;
  image: string;
  pullPolicy: PullPolicy;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: PlanEnv[];
  mounts: PlanMount[];
  ports: PlanPort[];
  memoryLimit?: number;
  nanoCpus?: number;
  cpuShares?: number;
  user?: string;
  /** Refuse to run as root (checked against the image's user when runAsUser is not set). */
  runAsNonRoot: boolean;
  groupAdd: string[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnlyRootFilesystem: boolean;
  /** HostConfig.SecurityOpt: seccomp, apparmor, SELinux labels, no-new-privileges (planSecurity.ts). */
  securityOpt: string[];
  /** procMount: Unmasked — no /proc path masked or made read-only. */
  unmaskedProc: boolean;
  tty: boolean;
  stdin: boolean;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  postStart?: Hook;
  preStop?: Hook;
}

/** dnsConfig as the engine takes it; `nameservers` only with dnsPolicy None. */
export interface PodDns {
  nameservers: string[];
  searches: string[];
  /** `name` or `name:value`. */
  options: string[];
}

export interface FileEntry {
  path: string;
  data: Buffer;
  mode: number;
}

export type PlanVolume =
  | { name: string; kind: 'emptyDir'; memory: boolean; sizeLimit?: number }
  | { name: string; kind: 'hostPath'; path: string }
  /** A PersistentVolumeClaim's engine volume: mounted, never created or removed with the pod. */
  | { name: string; kind: 'claim'; volume: string; readOnly: boolean }
  | { name: string; kind: 'files'; source: 'configMap' | 'secret' | 'downwardAPI'; files: FileEntry[]; /** fsGroup: the files' group. */ gid?: number };

export interface PodPlan {
  name: string;
  namespace: string;
  uid: string;
  kind: string;
  /** 0-based index of the document the pod comes from. */
  document: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  manifestPath: string;
  manifestHash: string;
  /** What of it reaches the host: planned only when host access was allowed. */
  hostAccess: HostAccess[];
  /** The workload whose controller made it; bare pods have none. */
  owner?: { kind: string; name: string; uid: string; cluster: string };
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds?: number;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  shareProcessNamespace: boolean;
  /** The pod's hostname (planSecurity.ts podNames). */
  hostname: string;
  /** `<subdomain>.<namespace>.svc.cluster.local` when the pod has a subdomain. */
  domainname?: string;
  /** `/etc/hosts` entries from spec.hostAliases, as `host:ip`. */
  hostAliases: string[];
  dns?: PodDns;
  /** spec.dnsPolicy (default ClusterFirst): ClusterFirst pods search the cluster's Service names. */
  dnsPolicy: string;
  /** spec.enableServiceLinks (default true): the `<SVC>_SERVICE_HOST` … variables of older Services. */
  enableServiceLinks: boolean;
  /** spec.securityContext.sysctls, set on the pod's namespaces. */
  sysctls: Record<string, string>;
  /** spec.securityContext.fsGroup: a supplemental group of every container, and the group of volume files. */
  fsGroup?: number;
  /** Init containers in order, native sidecars among them (role 'sidecar'). */
  initContainers: ContainerPlan[];
  containers: ContainerPlan[];
  volumes: PlanVolume[];
}

/** The non-secret shape of a pod, kept in a label of its infra container for other processes. */
export interface PodShape {
  name: string;
  namespace: string;
  uid: string;
  /** The pod's labels (selectors match them) and annotations (a Job's completion index …). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds?: number;
  containers: {
    name: string;
    role: Exclude<Role, 'infra'>;
    image: string;
    ports: PlanPort[];
    startupProbe?: Probe;
    livenessProbe?: Probe;
    readinessProbe?: Probe;
    postStart?: Hook;
    preStop?: Hook;
  }[];
}

export function shapeOf(plan: PodPlan): PodShape {
  return {
    name: plan.name,
    namespace: plan.namespace,
    uid: plan.uid,
    labels: plan.labels,
    annotations: plan.annotations,
    restartPolicy: plan.restartPolicy,
    terminationGracePeriodSeconds: plan.terminationGracePeriodSeconds,
    activeDeadlineSeconds: plan.activeDeadlineSeconds,
    containers: [...plan.initContainers, ...plan.containers].map((c) => ({
      name: c.name,
      role: c.role,
      image: c.image,
      ports: c.ports,
      startupProbe: c.startupProbe,
      livenessProbe: c.livenessProbe,
      readinessProbe: c.readinessProbe,
      postStart: c.postStart,
      preStop: c.preStop,
    })),
  };
}

export type PlanProblemCode =
  /** The analysis found an error: the API server would reject the manifest. */
  | 'invalid'
  /** A field reaches the host and host access was not allowed. */
  | 'host-access'
  /** A field the runtime cannot honour on the local engine. */
  | 'unsupported'
  /** A reference to an object (ConfigMap, Secret) that is not in the file, or a missing key. */
  | 'missing-reference'
  /** The file holds no pod, or none that the selection names. */
  | 'no-pod'
  /** The selection names pods in several namespaces. */
  | 'ambiguous-pod';

/** How planning reports a field it refuses: its path under the PodSpec, and why. */
export type ReportProblem = (path: string, message: string, code?: PlanProblemCode) => void;
