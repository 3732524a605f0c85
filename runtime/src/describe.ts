// What `kubectl describe pod` shows, as facts read back from the runtime's records: the pod's shape
// and detail labels (what the spec said), the engine's containers (ids, images, states, the previous
// run kept as `<name>_prev`), and the supervisor's state file (restarts, readiness, events). Nothing
// is asked of a live process, so a crash-looping or finished pod describes as well as a running one.
// The words (labels, tab alignment, ages) are the CLI's; this module gives values only.
import type Docker from 'dockerode';
import { containerName, infraName } from './create';
import { podFieldValue } from './downward';
import type { EnvDetail, EnvFromDetail, PodDetail, SeccompDetail, Toleration, VolumeDetail } from './detail';
import { statusOf } from './engine';
import { inspectContainer, podAddress, PREVIOUS_SUFFIX } from './engineView';
import { LABEL } from './labels';
import { controllerOf, type ControllerRef } from './workloads/replicaSets';
import type { PodEvent, PodState } from './state';
import type { ContainerStatus, Phase, PodStatus } from './status';
import type { PlanMount, PlanPort, PodShape, Probe } from './types';

export type ContainerStateView =
  | { kind: 'running'; startedAt?: string }
  | { kind: 'waiting'; reason?: string; message?: string }
  | { kind: 'terminated'; reason: string; exitCode: number; startedAt?: string; finishedAt?: string; message?: string };

export type TerminatedView = Extract<ContainerStateView, { kind: 'terminated' }>;

export interface ContainerDescription {
  name: string;
  role: ContainerStatus['role'];
  /** `docker://<id>` once the container exists on the engine. */
  containerID?: string;
  image: string;
  /** `docker-pullable://repo@sha256:…` when the image has a repository digest, else `docker://sha256:…`. */
  imageID?: string;
  ports: PlanPort[];
  command?: string[];
  args?: string[];
  workingDir?: string;
  state: ContainerStateView;
  /** The run before this one (a restarted container's last termination). */
  lastState?: TerminatedView;
  ready: boolean;
  started: boolean;
  restartCount: number;
  limits: Record<string, string>;
  requests: Record<string, string>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  /** Every variable with its source; a fieldRef's value resolved, a Secret's never read. */
  env: (EnvDetail & { resolved?: string })[];
  envFrom: EnvFromDetail[];
  mounts: PlanMount[];
  seccompProfile?: SeccompDetail;
}

export interface ConditionView {
  type: 'PodReadyToStartContainers' | 'Initialized' | 'Ready' | 'ContainersReady' | 'PodScheduled';
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/** Events as the API server keeps them: identical ones counted (the kubelet's EventCorrelator). */
export interface EventView {
  type: PodEvent['type'];
  reason: string;
  /** The reporting component: the kubelet for everything the supervisor records. */
  from: string;
  message: string;
  container?: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

export interface PodDescription {
  name: string;
  namespace: string;
  uid: string;
  priority?: number;
  priorityClassName?: string;
  serviceAccount: string;
  node: string;
  hostIP?: string;
  startTime?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  phase: Phase;
  /** kubectl's STATUS column (get pods), for readers that want one word. */
  status: string;
  reason?: string;
  message?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  /** A stopped pod described from its record (stoppedPods.ts): when the stop ended (ISO). */
  stoppedAt?: string;
  seccompProfile?: SeccompDetail;
  podIP?: string;
  podIPs: string[];
  controlledBy?: ControllerRef;
  initContainers: ContainerDescription[];
  containers: ContainerDescription[];
  conditions: ConditionView[];
  volumes: VolumeDetail[];
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  events: EventView[];
}

/** The node every pod runs on (downward.ts answers spec.nodeName with it too). */
const NODE_NAME = 'podwright';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const time = (t: string | undefined) => (t && t !== ZERO_TIME ? t : undefined);

function terminated(info: Docker.ContainerInspectInfo): TerminatedView {
  const s = info.State;
  const reason = s.OOMKilled ? 'OOMKilled' : s.ExitCode === 0 ? 'Completed' : 'Error';
  return { kind: 'terminated', reason, exitCode: s.ExitCode, startedAt: time(s.StartedAt), finishedAt: time(s.FinishedAt), message: s.Error || undefined };
}

/**
 * The image's ID as the kubelet reports it through cri-dockerd: the repository digest when the
 * image was pulled from a registry, else the local image ID.
 */
async function imageIds(docker: Docker, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      try {
        const img = await docker.getImage(id).inspect();
        out.set(id, img.RepoDigests?.length ? `docker-pullable://${img.RepoDigests[0]}` : `docker://${id}`);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        // Removed since the container was made: the ID alone.
        out.set(id, `docker://${id}`);
      }
    }),
  );
  return out;
}

/**
 * The pod's QoS class (pkg/apis/core/helper/qos GetPodQOS): BestEffort with no cpu or memory
 * request or limit anywhere; Guaranteed when every container limits both and requests what it
 * limits; Burstable otherwise.
 */
export function qosClass(containers: { limits: Record<string, string>; requests: Record<string, string> }[]): PodDescription['qosClass'] {
  const compute = ['cpu', 'memory'];
  const any = containers.some((c) => compute.some((r) => c.limits[r] !== undefined || c.requests[r] !== undefined));
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => compute.every((r) => c.limits[r] !== undefined && (c.requests[r] ?? c.limits[r]) === c.limits[r]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Identical events (type, reason, container, message) counted, as the API server stores them. */
export function aggregateEvents(events: PodEvent[]): EventView[] {
  const byKey = new Map<string, EventView>();
  for (const e of events) {
    const key = JSON.stringify([e.type, e.reason, e.container ?? '', e.message]);
    const seen = byKey.get(key);
    if (seen) {
      seen.count++;
      seen.lastTimestamp = e.time;
      // Re-inserted so that the order is by last occurrence (kubectl sorts by lastTimestamp).
      byKey.delete(key);
      byKey.set(key, seen);
    } else {
      byKey.set(key, { type: e.type, reason: e.reason, from: 'kubelet', message: e.message, container: e.container, count: 1, firstTimestamp: e.time, lastTimestamp: e.time });
    }
  }
  return [...byKey.values()].sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp));
}

/**
 * The pod's conditions as the kubelet computes them (pkg/kubelet/status/generate.go), in the order
 * it lists them: the sandbox up (PodReadyToStartContainers), init containers done, readiness.
 */
function conditionsOf(pod: PodStatus, sandboxUp: boolean, initialized: boolean): ConditionView[] {
  const inits = pod.containers.filter((c) => c.role === 'init');
  const serving = pod.containers.filter((c) => c.role !== 'init');
  const list = (cs: ContainerStatus[]) => `[${cs.map((c) => c.name).join(' ')}]`;
  const incomplete = inits.filter((c) => !(c.state === 'terminated' && c.exitCode === 0));
  const init: ConditionView = initialized || incomplete.length === 0
    ? { type: 'Initialized', status: 'True' }
    : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${list(incomplete)}` };
  let ready: Omit<ConditionView, 'type'>;
  const unready = serving.filter((c) => !c.ready);
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') ready = { status: 'False', reason: 'PodCompleted' };
  else if (unready.length) ready = { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${list(unready)}` };
  else ready = { status: 'True' };
  return [
    { type: 'PodReadyToStartContainers', status: sandboxUp ? 'True' : 'False' },
    init,
    { type: 'Ready', ...ready },
    { type: 'ContainersReady', ...ready },
    { type: 'PodScheduled', status: 'True' },
  ];
}

function stateOf(c: ContainerStatus, current: Docker.ContainerInspectInfo | undefined): ContainerStateView {
  if (c.state === 'running') return { kind: 'running', startedAt: c.startedAt };
  if (c.state === 'waiting') return { kind: 'waiting', reason: c.reason, message: c.message };
  if (current) return terminated(current);
  return { kind: 'terminated', reason: c.reason ?? 'Error', exitCode: c.exitCode ?? 0, startedAt: c.startedAt, finishedAt: c.finishedAt };
}

/** Reads everything `describe` shows of one pod (found by `PodRuntime.pod`). */
export async function describePod(docker: Docker, pod: PodStatus, state: PodState | undefined, known: ReadonlyMap<string, Docker.ContainerInspectInfo> = new Map()): Promise<PodDescription> {
  // Inspections the caller has already (by engine name) are not asked for again. Undefined: not
  // created yet (behind init containers), or no previous run; nothing to show of it.
  const inspect = (name: string) => (known.has(name) ? Promise.resolve(known.get(name)) : inspectContainer(docker, name));
  const infra = await inspect(infraName(pod));
  const labels = infra?.Config.Labels ?? {};
  let shape: PodShape | undefined;
  let detail: PodDetail | undefined;
  try {
    shape = JSON.parse(labels[LABEL.spec] ?? 'null') as PodShape | undefined;
    detail = JSON.parse(labels[LABEL.detail] ?? 'null') as PodDetail | undefined;
  } catch {
    // Labels written by another version or by hand: described from the engine's containers alone.
  }
  const { podIP, hostIP } = podAddress(infra);
  const sandboxUp = infra?.State.Status === 'running';

  const members = await Promise.all(
    pod.containers.map(async (c) => {
      const [current, previous] = await Promise.all([inspect(containerName(pod, c.name)), c.restarts > 0 ? inspect(containerName(pod, c.name) + PREVIOUS_SUFFIX) : undefined]);
      return { c, current, previous };
    }),
  );
  const images = await imageIds(docker, members.flatMap((m) => (m.current ? [m.current.Image] : [])));
  const meta = { name: pod.name, namespace: pod.namespace, uid: pod.uid, labels: pod.labels, annotations: pod.annotations };
  const fieldValue = (path: string): string => {
    if (path === 'status.podIP' || path === 'status.podIPs') return podIP ?? '';
    if (path === 'status.hostIP' || path === 'status.hostIPs') return hostIP ?? '';
    if (path === 'spec.serviceAccountName') return detail?.serviceAccountName ?? 'default';
    return podFieldValue(path, meta) ?? '';
  };

  const described: ContainerDescription[] = members.map(({ c, current, previous }) => {
    const decl = shape?.containers.find((d) => d.name === c.name);
    const cd = detail?.containers[c.name];
    const state = stateOf(c, current);
    // While it waits to restart, the engine's container is the run that ended (the kubelet's
    // lastState); once restarted, that run is kept as `<name>_prev`.
    const lastState = c.state === 'waiting' && c.reason === 'CrashLoopBackOff' && current ? terminated(current) : previous ? terminated(previous) : undefined;
    return {
      name: c.name,
      role: c.role,
      containerID: current ? `docker://${current.Id}` : undefined,
      image: c.image,
      imageID: current ? images.get(current.Image) : undefined,
      ports: decl?.ports ?? [],
      command: cd?.command,
      args: cd?.args,
      workingDir: cd?.workingDir,
      state,
      lastState,
      ready: c.ready,
      started: c.started,
      restartCount: c.restarts,
      limits: cd?.resources.limits ?? {},
      requests: cd?.resources.requests ?? {},
      livenessProbe: decl?.livenessProbe,
      readinessProbe: decl?.readinessProbe,
      startupProbe: decl?.startupProbe,
      env: (cd?.env ?? []).map((e) => ('fieldRef' in e ? { ...e, resolved: fieldValue(e.fieldRef.fieldPath) } : e)),
      envFrom: cd?.envFrom ?? [],
      mounts: cd?.mounts ?? [],
      seccompProfile: cd?.seccompProfile,
    };
  });
  const initialized = state ? !!state.initialized || pod.phase === 'Succeeded' : pod.phase !== 'Pending';
  return {
    name: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    priority: detail?.priority,
    priorityClassName: detail?.priorityClassName,
    serviceAccount: detail?.serviceAccountName ?? 'default',
    node: NODE_NAME,
    hostIP,
    startTime: state?.startedAt ?? pod.creationTimestamp,
    labels: pod.labels,
    annotations: pod.annotations,
    phase: pod.phase,
    status: pod.status,
    reason: state?.reason,
    message: state?.reason === 'DeadlineExceeded' ? 'Pod was active on the node longer than the specified deadline' : undefined,
    deletionTimestamp: pod.deletionTimestamp,
    deletionGracePeriodSeconds: pod.deletionGracePeriodSeconds,
    seccompProfile: detail?.seccompProfile,
    podIP,
    podIPs: podIP ? [podIP] : [],
    controlledBy: controllerOf(pod),
    initContainers: described.filter((c) => c.role === 'init' || c.role === 'sidecar'),
    containers: described.filter((c) => c.role === 'app'),
    conditions: conditionsOf(pod, sandboxUp, initialized),
    volumes: detail?.volumes ?? [],
    qosClass: qosClass(described),
    nodeSelector: detail?.nodeSelector ?? {},
    tolerations: detail?.tolerations ?? [],
    events: aggregateEvents(state?.events ?? []),
  };
}
