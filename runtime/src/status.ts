// Pod status as Kubernetes reports it, computed from the engine's containers and the supervisor's
// state: phase (kubelet getPhase, pkg/kubelet/kubelet_pods.go), container states and reasons, and
// kubectl's STATUS column (printPod, pkg/printers/internalversion/printers.go).
import type { EngineContainer, EnginePod, PortView } from './engineView';
import type { Role } from './labels';
import type { PodState, StopRequest } from './state';

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerStatus {
  name: string;
  role: Exclude<Role, 'infra'>;
  image: string;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  restarts: number;
  ready: boolean;
  started: boolean;
  startedAt?: string;
  finishedAt?: string;
  /** The previous run, while waiting to restart. */
  lastExitCode?: number;
  lastReason?: string;
  /** When that previous run started and ended. */
  lastStartedAt?: string;
  lastFinishedAt?: string;
}

export interface EphemeralStatus {
  name: string;
  image: string;
  /** The container whose processes it sees. */
  target?: string;
  state: 'running' | 'terminated';
  exitCode?: number;
  startedAt?: string;
}

export interface PodStatus {
  uid: string;
  name: string;
  namespace: string;
  manifest: string;
  /** The workload whose controller made it (`ps --format json` owner); bare pods have none. */
  owner?: { kind: string; name: string; uid: string; cluster: string };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  phase: Phase;
  /** kubectl's STATUS column. */
  status: string;
  /** The pod's status.reason, when it has one (DeadlineExceeded). */
  reason?: string;
  ready: string;
  restarts: number;
  containers: ContainerStatus[];
  /** Debug containers added to the pod (`podwright debug`), as status.ephemeralContainerStatuses. */
  ephemeralContainers?: EphemeralStatus[];
  ports: PortView[];
  /** status.podIP: the pod's address on its network, while its sandbox runs. */
  podIP?: string;
  terminating: boolean;
  /** When the pod's sandbox was made (kubectl's AGE); none while it is being created. */
  creationTimestamp?: string;
  /** A digest of the document it was planned from (see PodPlan.manifestHash). */
  manifestHash?: string;
  /**
   * While terminating: when the grace period ends and what is left is killed (as the API server's
   * metadata.deletionTimestamp), ISO time.
   */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

/** The pod's Ready condition: running, not terminating, and every container that serves ready. */
export function isPodReady(p: PodStatus): boolean {
  if (p.phase !== 'Running' || p.terminating) return false;
  const [ready, total] = p.ready.split('/').map(Number);
  return total > 0 && ready === total;
}

/**
 * The pod's status.conditions as `kubectl wait --for=condition=…` reads them, from the listing alone
 * (describe's conditions also look at the sandbox container itself).
 */
export function podConditions(p: PodStatus): Record<string, boolean> {
  const ready = isPodReady(p);
  const inits = p.containers.filter((c) => c.role === 'init');
  const started = p.containers.some((c) => c.role !== 'init' && c.state !== 'waiting');
  return {
    PodScheduled: true,
    PodReadyToStartContainers: p.podIP !== undefined || p.phase === 'Running',
    Initialized: started || inits.every((c) => c.state === 'terminated' && c.exitCode === 0),
    ContainersReady: ready,
    Ready: ready,
  };
}

/** What only the caller knows of a pod: a stop was asked for; nobody looks after it any more. */
export interface PodCircumstances {
  /** The stop asked for, if any (the pod has a deletionTimestamp, in Kubernetes terms). */
  stop?: StopRequest;
  /** See isLost. */
  lost?: boolean;
}

/**
 * A pod nobody looks after any more, which is what a pod on a node that stopped reporting is: its
 * sandbox (the infra container) is not up — the engine stopped it (an engine restart or crash, a
 * kill) or it was never started — and no supervisor or creating process is alive to bring it back,
 * to start it, or to finish a stop. Nothing will change until someone acts, so neither `Terminating`
 * nor `ContainerCreating` is true of it; kubectl shows such a pod as `Unknown` (printPod: a pod
 * being deleted on a lost node, reason NodeLost) and the phase is Unknown ("the state of the Pod
 * could not be obtained"). A completed pod stops its sandbox on purpose: it is not lost. A sandbox
 * being removed (a stop in progress) is not either.
 */
export function isLost(pod: EnginePod, state: PodState | undefined, alive: (pid: number | undefined) => boolean): boolean {
  if (state?.final || !pod.infra) return false;
  if (!['exited', 'dead', 'created'].includes(pod.infra.status)) return false;
  return !alive(state?.supervisorPid) && !alive(state?.runnerPid);
}

function terminatedReason(c: EngineContainer): string {
  if (c.oomKilled) return 'OOMKilled';
  return c.exitCode === 0 ? 'Completed' : 'Error';
}

export function computeStatus(pod: EnginePod, state: PodState | undefined, now: number, circumstances: PodCircumstances = {}): PodStatus {
  const { stop, lost = false } = circumstances;
  const terminating = stop !== undefined;
  const grace = stop ? (stop.graceSeconds ?? pod.shape?.terminationGracePeriodSeconds ?? 30) : undefined;
  const shape = pod.shape;
  const declared = shape?.containers ?? [...pod.containers.values()].map((c) => ({ name: c.name, role: c.role as ContainerStatus['role'], image: c.image, readinessProbe: undefined, startupProbe: undefined }));
  // A lost pod shows its containers as the engine last left them (killed, mostly), not as being created.
  const infraUp = pod.infra?.status === 'running' || !!state?.final || lost;
  const initialized = state ? !!state.initialized : declared.filter((d) => d.role === 'init').every((d) => pod.containers.get(d.name)?.exitCode === 0 && pod.containers.get(d.name)?.status === 'exited');
  const statuses: ContainerStatus[] = declared.map((d) => {
    const c = pod.containers.get(d.name);
    const rs = state?.containers[d.name];
    const base = { name: d.name, role: d.role, image: d.image, restarts: rs?.restarts ?? 0, ready: false, started: false };
    if (rs?.waiting) return { ...base, state: 'waiting', reason: rs.waiting.reason, message: rs.waiting.message };
    if (!c || !infraUp) return { ...base, state: 'waiting', reason: 'ContainerCreating' };
    if (c.status === 'running' || c.status === 'restarting' || c.status === 'paused') {
      // Probe results count only for the run they were taken on (a restart starts unready).
      const current = rs?.run === `${c.id}:${c.startedAt}`;
      const started = d.startupProbe ? current && !!rs?.started : true;
      const ready = started && (d.readinessProbe ? current && !!rs?.ready : true) && d.role !== 'init';
      return { ...base, state: 'running', started, ready, startedAt: c.startedAt };
    }
    if (c.status === 'created') {
      // Not yet started: behind init containers, or about to be.
      const reason = d.role === 'app' ? (initialized ? 'ContainerCreating' : 'PodInitializing') : 'PodInitializing';
      return { ...base, state: 'waiting', reason };
    }
    // exited or dead
    if (rs?.restartAt !== undefined && rs.handledFinish === c.finishedAt && !state?.final) {
      return { ...base, state: 'waiting', reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${d.name}`, lastExitCode: c.exitCode, lastReason: terminatedReason(c), lastStartedAt: c.startedAt, lastFinishedAt: c.finishedAt };
    }
    return { ...base, state: 'terminated', reason: terminatedReason(c), exitCode: c.exitCode, startedAt: c.startedAt, finishedAt: c.finishedAt };
  });
  const phase = lost ? 'Unknown' : phaseOf(statuses, shape?.restartPolicy ?? 'Always', state, infraUp, initialized);
  return {
    uid: pod.uid,
    name: pod.name,
    namespace: pod.namespace,
    manifest: pod.manifest,
    owner: pod.owner,
    labels: shape?.labels ?? {},
    annotations: shape?.annotations ?? {},
    phase,
    status: lost ? 'Unknown' : terminating ? 'Terminating' : statusColumn(statuses, phase, initialized, state?.reason),
    reason: state?.reason,
    ready: `${statuses.filter((s) => s.role !== 'init' && s.ready).length}/${statuses.filter((s) => s.role !== 'init').length}`,
    restarts: statuses.reduce((n, s) => n + s.restarts, 0),
    containers: statuses,
    // In the order they were added, as the pod's spec.ephemeralContainers lists them.
    ephemeralContainers: [...(pod.ephemeral ?? [])].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '')).map((c) => ({
      name: c.name,
      image: c.image,
      target: c.target,
      state: c.status === 'running' ? 'running' : 'terminated',
      exitCode: c.status === 'running' ? undefined : c.exitCode,
      startedAt: c.startedAt,
    })),
    ports: pod.ports,
    podIP: pod.podIP,
    terminating,
    creationTimestamp: pod.created,
    manifestHash: pod.manifestHash,
    deletionTimestamp: stop && grace !== undefined ? new Date(stop.at + grace * 1000).toISOString() : undefined,
    deletionGracePeriodSeconds: grace,
  };
}

function phaseOf(cs: ContainerStatus[], policy: string, state: PodState | undefined, infraUp: boolean, initialized: boolean): Phase {
  if (state?.final) return state.final;
  const inits = cs.filter((c) => c.role === 'init');
  // An init container that failed for good fails the pod (restartPolicy Never).
  if (policy === 'Never' && inits.some((c) => c.state === 'terminated' && c.exitCode !== 0)) return 'Failed';
  if (!infraUp || !initialized) return 'Pending';
  const apps = cs.filter((c) => c.role === 'app');
  if (apps.some((c) => c.state === 'running')) return 'Running';
  if (apps.some((c) => c.state === 'waiting' && c.reason !== 'CrashLoopBackOff')) return 'Pending';
  if (apps.every((c) => c.state === 'terminated')) {
    if (policy === 'Always') return 'Running';
    // A sidecar still running keeps the pod Running until it is stopped too: the kubelet's getPhase
    // counts running restartable init containers (pkg/kubelet/kubelet_pods.go). Only the supervisor's
    // final phase, written as it stops them, makes the pod terminal before that.
    if (cs.some((c) => c.role === 'sidecar' && c.state === 'running')) return 'Running';
    if (apps.every((c) => c.exitCode === 0)) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
  }
  return 'Running';
}

/** kubectl's STATUS column, following printPod. */
export function statusColumn(cs: ContainerStatus[], phase: Phase, initialized: boolean, podReason?: string): string {
  let reason: string = podReason ?? phase;
  let initializing = false;
  const inits = cs.filter((c) => c.role === 'init' || c.role === 'sidecar');
  for (const [i, c] of inits.entries()) {
    if (c.state === 'terminated' && c.exitCode === 0) continue;
    if (c.role === 'sidecar' && c.started && c.state === 'running') continue;
    if (c.state === 'terminated') reason = `Init:${c.reason ?? `ExitCode:${c.exitCode}`}`;
    else if (c.state === 'waiting' && c.reason && c.reason !== 'PodInitializing') reason = `Init:${c.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  if (!initializing || initialized) {
    let hasRunning = false;
    const apps = cs.filter((c) => c.role === 'app');
    for (let i = apps.length - 1; i >= 0; i--) {
      const c = apps[i];
      if (c.state === 'waiting' && c.reason) reason = c.reason;
      else if (c.state === 'terminated' && c.reason) reason = c.reason;
      else if (c.state === 'running' && c.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  return reason;
}

/**
 * kubectl's AGE column (HumanDuration in k8s.io/apimachinery/pkg/util/duration). The Pods view has
 * its own copy (client/src/podsView/presentation.ts): the activation bundle does not load the runtime.
 */
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
