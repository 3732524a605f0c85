// Waiting for a new pod to come up: the supervisor starts its containers, and the wait ends when
// every app container runs (and, with `until: 'Ready'`, the pod is Ready) for `settleMs` without a
// restart, the pod completes or fails, a
// container crash-loops, the engine goes away, the pod is stopped, or the time is up.
import type Docker from 'dockerode';
import { isConnectionError } from './engine';
import { readPods, type EnginePod } from './engineView';
import type { RunOptions, RunResult } from './runtime';
import type { PodState, StateStore } from './state';
import { computeStatus, isPodReady, type PodStatus } from './status';
import { Supervisor } from './supervisor';
import type { PodPlan } from './types';

/**
 * Starts the pod's supervisor and waits. It is in `supervisors` while the wait lasts (a stop from
 * this process ends it); afterwards it stays there only when this process supervises the pod.
 */
/**
 * `pod 'x' failed (Error)`: the STATUS column, as kubectl prints it, and the pod's own reason when
 * the column shows another (a deadline that passed while a container was still PodInitializing).
 */
function endMessage(s: PodStatus): string {
  const reason = s.reason && s.reason !== s.status ? `; ${s.reason}${s.reason === 'DeadlineExceeded' ? ': activeDeadlineSeconds passed' : ''}` : '';
  return `pod '${s.name}' ${s.phase === 'Succeeded' ? 'completed' : 'failed'} (${s.status}${reason})`;
}

export async function waitUntilUp(docker: Docker, store: StateStore, supervisors: Map<string, Supervisor>, plan: PodPlan, opts: RunOptions, state: PodState): Promise<RunResult> {
  let settle!: (r: RunResult) => void;
  const settleMs = opts.settleMs ?? 0;
  let runningKey: string | undefined;
  let latest: PodStatus | undefined;
  let settleTimer: NodeJS.Timeout | undefined;
  const toReady = opts.until === 'Ready';
  const running = (s: PodStatus): RunResult => ({ outcome: 'Running', status: s, message: `pod '${s.name}' is ${toReady ? 'ready' : 'running'} (${s.ready} ready)` });
  const settled = new Promise<RunResult>((r) => (settle = r));
  let lost!: (e: unknown) => void;
  const engineLost = new Promise<never>((_, reject) => (lost = reject));
  // Raced below, and rejected only while the race is on; this keeps Node from calling a rejection
  // that comes after the race settled "unhandled".
  engineLost.catch(() => undefined);
  // When each container's last start was asked for and when it returned, on this machine's clock.
  const asked = new Map<string, number>();
  const answered = new Map<string, number>();
  const sup = new Supervisor(docker, store, plan.uid, {
    backoff: state.backoff,
    // While `run` waits, an engine that stops answering ends the wait (the caller says so).
    onSyncError: (e) => isConnectionError(e) && lost(e),
    onStarting: (container) => asked.set(container, Date.now()),
    onEvent: (e) => {
      if (e.reason === 'Started' && e.container) answered.set(e.container, Date.now());
      opts.onEvent?.(e);
    },
    onStatus: (s) => {
      opts.onStatus?.(s);
      const apps = s.containers.filter((c) => c.role === 'app');
      if (s.phase === 'Succeeded' || s.phase === 'Failed') settle({ outcome: s.phase, status: s, message: endMessage(s) });
      else if (apps.length && apps.every((c) => c.state === 'running') && (!toReady || isPodReady(s))) {
        // Running counts once it has lasted `settleMs` with no restart in between, so that a
        // container that exits right after starting is reported as the crash it is. The time
        // counts from when the apps' processes started, not from when a later pass saw them all
        // running; the engine's die events wake the supervisor at once if one exits meanwhile.
        const key = `${s.restarts}`;
        latest = s;
        if (!settleMs) settle(running(s));
        else if (runningKey !== key) {
          runningKey = key;
          clearTimeout(settleTimer);
          const since = Math.max(...apps.map((c) => startTime(c.name, c.startedAt)));
          settleTimer = setTimeout(() => void confirm(key), Math.max(0, since + settleMs - Date.now()));
        }
      } else {
        runningKey = undefined;
        const stuck = s.containers.find((c) => c.state === 'waiting' && (c.reason === 'CrashLoopBackOff' || c.reason === 'RunContainerError'));
        if (stuck) settle({ outcome: 'CrashLoopBackOff', status: s, message: `pod '${s.name}' is not running: container '${stuck.name}' is in ${stuck.reason}${stuck.lastExitCode !== undefined ? ` (last exit code ${stuck.lastExitCode})` : ''}${stuck.message && stuck.reason !== 'CrashLoopBackOff' ? `: ${stuck.message}` : ''}` });
      }
    },
  });
  /**
   * When a container's process started: the engine's StartedAt, kept between when its start was
   * asked for and when it returned here, so that an engine whose clock is off cannot shorten the
   * settle by more than the start call took.
   */
  const startTime = (container: string, engineTime: string | undefined): number => {
    const from = asked.get(container);
    const to = answered.get(container);
    if (from === undefined || to === undefined) return Date.now();
    const t = engineTime ? Date.parse(engineTime) : NaN;
    return Number.isNaN(t) ? to : Math.min(Math.max(t, from), to);
  };
  /**
   * The window has passed: Running if the engine still runs the same app containers. The engine has
   * the last word, because an exit a moment ago may not have reached a pass of the supervisor yet.
   */
  const confirm = async (key: string): Promise<void> => {
    const seen = latest;
    if (runningKey !== key || !seen) return;
    let pod: EnginePod | undefined;
    try {
      [pod] = await readPods(docker, plan.uid);
    } catch {
      // The engine did not answer: the supervisor's next pass reports it (onSyncError).
      return;
    }
    const same = seen.containers.filter((c) => c.role === 'app').every((c) => pod?.containers.get(c.name)?.status === 'running' && pod.containers.get(c.name)?.startedAt === c.startedAt);
    if (same && runningKey === key) settle(running(seen));
  };
  supervisors.set(plan.uid, sup);
  await sup.start(state);
  const timeout = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<RunResult>((r) => (timer = setTimeout(() => r({ outcome: 'Timeout', message: `pod '${plan.name}' did not ${toReady ? 'become Ready' : 'reach Running'} within ${Math.round(timeout / 1000)} s` }), timeout)));
  const stopped = sup.done.then((): RunResult => (store.stopRequested(plan.uid) ? { outcome: 'Cancelled', message: `pod '${plan.name}' was stopped while starting.` } : { outcome: 'Failed', message: `pod '${plan.name}' ended` }));
  let result: RunResult;
  try {
    result = await Promise.race([settled, timedOut, stopped, engineLost]);
  } catch (e) {
    sup.stop();
    supervisors.delete(plan.uid);
    throw e;
  } finally {
    clearTimeout(timer);
    clearTimeout(settleTimer);
  }
  if (result.outcome === 'Failed' && !result.status) {
    // The supervisor ended with the pod: report its final status.
    const [pod] = await readPods(docker, plan.uid);
    if (pod) result.status = computeStatus(pod, store.read(plan.uid), Date.now());
  }
  if ((opts.supervise ?? 'background') !== 'inProcess' || result.outcome === 'Cancelled') {
    sup.stop();
    supervisors.delete(plan.uid);
  }
  return result;
}
