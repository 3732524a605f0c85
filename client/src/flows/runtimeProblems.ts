// What a pod did, as problems of the manifest it came from: each runtime failure is put on the field
// that explains it (the image for a pull failure, the memory limit for an OOM kill, the probe for its
// failures …). Plain code: the input is what the runtime reports of a pod (PodReport), the output
// names fields by path (relative to the pod spec, containers by name), never by line, so that
// runtimePlacement.ts can find them again in the text as it is after any edit.
import type { Segment } from '../../../analysis/src';

export type ContainerList = 'containers' | 'initContainers';

export interface ContainerReport {
  name: string;
  role: 'init' | 'sidecar' | 'app';
  state: 'waiting' | 'running' | 'terminated';
  /** The kubelet's reason: ErrImagePull, CrashLoopBackOff, Error, OOMKilled, Completed … */
  reason?: string;
  message?: string;
  exitCode?: number;
  restarts: number;
  ready: boolean;
  started: boolean;
  /** The previous run, while waiting to restart. */
  lastExitCode?: number;
  lastReason?: string;
  /** The last lines of the log of its last (or current) run, for a container that failed. */
  logTail?: string[];
}

export interface EventReport {
  time: string;
  type: 'Normal' | 'Warning';
  reason: string;
  container?: string;
  message: string;
}

/** Why a pod could not be created at all (the runtime's StartFailure): nothing of it is left. */
export interface StartFailureReport {
  reason: string;
  container?: string;
  /** The host port that could not be bound (PortInUse). */
  port?: number;
  detail: string;
}

/** What the runtime reports of one pod: its status, its events, and what is needed to place them. */
export interface PodReport {
  /** Identifies this run of the pod: a new run is a new uid (problems dismissed by an edit come back). */
  uid: string;
  name: string;
  namespace: string;
  /** The workload whose controller made it (a ReplicaSet of a Deployment, a Job …). */
  owner?: { kind: string; name: string };
  /** Absolute path of the manifest it was started from. */
  manifest?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** The pod's status.reason (DeadlineExceeded). */
  reason?: string;
  containers: ContainerReport[];
  events: EventReport[];
  failure?: StartFailureReport;
  /** The owning Job's failure condition (BackoffLimitExceeded, DeadlineExceeded), when it failed. */
  jobFailure?: { reason: string; message: string };
}

/** A field, by path: under the pod spec (a container by name) or under the whole document. */
export interface FieldRef {
  root: 'spec' | 'object';
  container?: { list: ContainerList; name: string };
  path: Segment[];
}

export interface RuntimeProblem {
  pod: { uid: string; name: string; namespace: string; owner?: { kind: string; name: string }; manifest?: string };
  /** The kubelet's reason this problem stands for. */
  code: string;
  /**
   * error: the pod (or container) failed for good; warning: a back-off that may recover; info: an
   * image check worth a look that fails nothing (a containerPort the image does not EXPOSE).
   */
  severity: 'error' | 'warning' | 'info';
  message: string;
  container?: string;
  /** Where to show it: the first of these fields that the manifest has. */
  targets: FieldRef[];
}

const LOG_LINES = 5;

const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

function listOf(c: ContainerReport): ContainerList {
  return c.role === 'app' ? 'containers' : 'initContainers';
}

/** The container's own fields, in order of preference, then its name (always there). */
function containerField(c: Pick<ContainerReport, 'name' | 'role'>, ...paths: Segment[][]): FieldRef[] {
  const container = { list: listOf(c as ContainerReport), name: c.name };
  return [...paths.map((path) => ({ root: 'spec' as const, container, path })), { root: 'spec', container, path: ['name'] }];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function kindWord(c: ContainerReport): string {
  return c.role === 'app' ? 'Container' : c.role === 'sidecar' ? 'Sidecar container' : 'Init container';
}

function logLines(c: ContainerReport): string {
  const tail = (c.logTail ?? []).filter((l) => l.trim() !== '').slice(-LOG_LINES);
  return tail.length ? `\nLast log lines:\n${tail.map((l) => `  ${l}`).join('\n')}` : '\nIts log is empty.';
}

/** The problems of one pod. A pod that runs well has none. */
export function runtimeProblems(report: PodReport): RuntimeProblem[] {
  const pod = { uid: report.uid, name: report.name, namespace: report.namespace, owner: report.owner, manifest: report.manifest };
  const out: RuntimeProblem[] = [];
  const add = (p: Omit<RuntimeProblem, 'pod'>) => out.push({ pod, ...p });
  if (report.failure) add(startFailure(report));
  for (const c of report.containers) {
    const exited = containerExit(c, report);
    if (exited) add(exited);
  }
  out.push(...probeProblems(report).map((p) => ({ pod, ...p })));
  if (report.reason === 'DeadlineExceeded') {
    // The pod's own deadline (kubelet pkg/kubelet/active_deadline.go); a Job's is the Job's field.
    add({
      code: 'DeadlineExceeded',
      severity: 'error',
      message: 'Pod was active longer than activeDeadlineSeconds allows: its containers were killed and the pod failed (DeadlineExceeded).',
      targets: [
        { root: 'spec', path: ['activeDeadlineSeconds'] },
        { root: 'object', path: ['spec', 'activeDeadlineSeconds'] },
      ],
    });
  }
  if (report.jobFailure) {
    const deadline = report.jobFailure.reason === 'DeadlineExceeded';
    add({
      code: report.jobFailure.reason,
      severity: 'error',
      message: `Job failed (${report.jobFailure.reason}): ${report.jobFailure.message}`,
      targets: [{ root: 'object', path: ['spec', deadline ? 'activeDeadlineSeconds' : 'backoffLimit'] }, { root: 'object', path: ['spec'] }],
    });
  }
  return out;
}

function startFailure(report: PodReport): Omit<RuntimeProblem, 'pod'> {
  const f = report.failure as StartFailureReport;
  const c = report.containers.find((x) => x.name === f.container) ?? (f.container ? { name: f.container, role: 'app' as const } : undefined);
  if (IMAGE_REASONS.has(f.reason) && c) {
    return { code: f.reason, severity: 'error', container: c.name, message: `${f.reason}: ${f.detail}`, targets: containerField(c, ['image']) };
  }
  if (f.reason === 'PortInUse') {
    // The ports[] entry whose hostPort is the one in use; placement finds it by value.
    const targets: FieldRef[] = [{ root: 'spec', path: ['$hostPort', f.port ?? -1] }];
    return { code: f.reason, severity: 'error', message: `PortInUse: the host port${f.port !== undefined ? ` ${f.port}` : ''} cannot be bound: ${f.detail}`, targets };
  }
  if (f.reason === 'CreateContainerConfigError' && c) {
    // runAsNonRoot is what the runtime checks against the image (kubelet verifyRunAsNonRoot).
    const targets: FieldRef[] = [
      { root: 'spec', container: { list: listOf(c as ContainerReport), name: c.name }, path: ['securityContext', 'runAsNonRoot'] },
      { root: 'spec', path: ['securityContext', 'runAsNonRoot'] },
      ...containerField(c, ['securityContext']),
    ];
    return { code: f.reason, severity: 'error', container: c.name, message: `CreateContainerConfigError: ${f.detail}`, targets };
  }
  const targets: FieldRef[] = c ? containerField(c) : [{ root: 'object', path: ['metadata', 'name'] }];
  return { code: f.reason, severity: 'error', container: c?.name, message: `${f.reason}: ${f.detail}`, targets };
}

/** A container that cannot get its image, exited non-zero, was OOM-killed or crash-loops. */
function containerExit(c: ContainerReport, report: PodReport): Omit<RuntimeProblem, 'pod'> | undefined {
  if (report.failure?.container === c.name) return undefined;
  if (c.state === 'waiting' && c.reason && IMAGE_REASONS.has(c.reason)) {
    // ErrImageNeverPull does not get better by waiting; a pull is retried after its back-off.
    const severity = c.reason === 'ErrImageNeverPull' || c.reason === 'InvalidImageName' ? 'error' : 'warning';
    return { code: c.reason, severity, container: c.name, message: `${c.reason}: ${c.message ?? 'the image cannot be pulled'}`, targets: containerField(c, ['image']) };
  }
  const looping = c.state === 'waiting' && c.reason === 'CrashLoopBackOff';
  const failed = c.state === 'terminated' && (c.exitCode ?? 0) !== 0;
  if (!looping && !failed) return undefined;
  const code = looping ? c.lastExitCode : c.exitCode;
  const oom = (looping ? c.lastReason : c.reason) === 'OOMKilled';
  const restarts = c.restarts ? `, restarted ${plural(c.restarts, 'time')}` : '';
  // A back-off may recover; a container that ended with the pod failed (or that will not restart) will not.
  const severity = looping && report.phase !== 'Failed' ? 'warning' : 'error';
  const state = looping ? ' (CrashLoopBackOff: back-off restarting it)' : '';
  if (oom) {
    return {
      code: 'OOMKilled',
      severity,
      container: c.name,
      message: `${kindWord(c)} ${c.name} was killed for going over its memory limit (OOMKilled, exit code ${code ?? 137}${restarts})${state}.${logLines(c)}`,
      targets: containerField(c, ['resources', 'limits', 'memory'], ['resources', 'limits'], ['resources']),
    };
  }
  return {
    code: looping ? 'CrashLoopBackOff' : 'Error',
    severity,
    container: c.name,
    message: `${kindWord(c)} ${c.name} exited with code ${code ?? '?'}${restarts}${state}.${logLines(c)}`,
    targets: containerField(c, ['command'], ['args']),
  };
}

const PROBE_KINDS = ['startup', 'liveness', 'readiness'] as const;

/**
 * Probe failures from the pod's events (the supervisor records each with the probe's own output, as
 * the kubelet's `Unhealthy` event: pkg/kubelet/prober/prober.go). One shows while it is still true:
 * a failure since the container last started, with the container not ready (readiness) or not
 * started (startup); a liveness failure that killed the container stays until it runs again cleanly.
 */
function probeProblems(report: PodReport): Omit<RuntimeProblem, 'pod'>[] {
  const out: Omit<RuntimeProblem, 'pod'>[] = [];
  for (const c of report.containers) {
    const mine = report.events.filter((e) => e.container === c.name);
    const lastStart = mine.reduce((at, e, i) => (e.reason === 'Started' ? i : at), -1);
    for (const kind of PROBE_KINDS) {
      const prefix = `${kind[0].toUpperCase()}${kind.slice(1)} probe failed: `;
      const failures = mine.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith(prefix));
      if (failures.length === 0) continue;
      const last = failures[failures.length - 1];
      const killed = mine.some((e) => e.reason === 'Killing' && e.message.includes(`failed ${kind} probe`));
      const sinceStart = mine.indexOf(last) > lastStart;
      const current = kind === 'readiness' ? c.state === 'running' && !c.ready && sinceStart : kind === 'startup' ? (c.state === 'running' && !c.started && sinceStart) || killed : killed || sinceStart;
      if (!current) continue;
      const output = last.message.slice(prefix.length).trim();
      const after = killed ? ` The container was killed and restarted (${plural(c.restarts, 'restart')}).` : kind === 'readiness' ? ' The container is not ready.' : '';
      out.push({
        code: `${kind}ProbeFailed`,
        severity: report.phase === 'Failed' ? 'error' : 'warning',
        container: c.name,
        message: `${prefix[0]}${prefix.slice(1)}${output || '(no output)'} (${plural(failures.length, 'failure')}).${after}`,
        targets: containerField(c, [`${kind}Probe`]),
      });
    }
  }
  return out;
}
