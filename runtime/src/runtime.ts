// The runtime's public face: what the extension and the command line call. No `vscode` here.
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { KUBELET_BACKOFF, BackoffOptions } from './backoff';
import { CreateError, createPod, CreateHooks, CreateOptions } from './create';
import { connect, engineAddress, EngineUnreachableError, ensureEngine, isConnectionError } from './engine';
import { readPods } from './engineView';
import { LABEL, labelFilter } from './labels';
import { removePodObjects, stopContainers } from './remove';
import { isAlive, newState, PodEvent, PodState, StateStore } from './state';
import { computeStatus, PodStatus } from './status';
import { Supervisor } from './supervisor';
import type { PodPlan } from './types';

export interface RunOptions extends CreateOptions {
  /** Remove a pod of the same name and namespace first, instead of refusing. */
  replace?: boolean;
  /** How long to wait for Running (or completion). */
  timeoutMs?: number;
  /** How long every app container must have run, without a restart, to count as Running (default 0). */
  settleMs?: number;
  backoff?: BackoffOptions;
  onEvent?: (e: PodEvent) => void;
  onStatus?: (s: PodStatus) => void;
  /**
   * Who supervises the pod once it runs: a detached background process (survives this one; what the
   * CLI uses), this process (until stop() or close()), or nobody.
   */
  supervise?: 'background' | 'inProcess' | 'none';
  signal?: AbortSignal;
}

export type RunOutcome = 'Running' | 'Succeeded' | 'Failed' | 'CrashLoopBackOff' | 'Timeout' | 'Cancelled';

export interface RunResult {
  outcome: RunOutcome;
  status?: PodStatus;
  message: string;
}

export class AlreadyExistsError extends Error {
  constructor(readonly pod: PodStatus) {
    super(`pod '${pod.name}' already exists in namespace '${pod.namespace}' (${pod.status}); stop it first or use --replace.`);
    this.name = 'AlreadyExistsError';
  }
}

class Cancelled extends Error {}

export class PodRuntime {
  readonly docker: Docker;
  readonly store: StateStore;
  private supervisors = new Map<string, Supervisor>();
  private runs = new Map<string, Promise<unknown>>();

  private readonly env: NodeJS.ProcessEnv;

  /** The background supervisor's script; a bundle ships it next to itself as supervisorMain.js. */
  private readonly supervisorEntry: string;

  /** `env` is where DOCKER_HOST is read (the process environment by default). */
  constructor(opts: { docker?: Docker; stateDir?: string; env?: NodeJS.ProcessEnv; supervisorEntry?: string } = {}) {
    this.env = opts.env ?? process.env;
    this.supervisorEntry = opts.supervisorEntry ?? join(__dirname, 'supervisorMain.js');
    this.docker = opts.docker ?? connect(this.env);
    this.store = new StateStore(opts.stateDir);
  }

  /** Throws EngineUnreachableError with the message a person needs. */
  ping(): Promise<void> {
    return ensureEngine(this.docker, this.env);
  }

  async list(): Promise<PodStatus[]> {
    const pods = await readPods(this.docker);
    const now = Date.now();
    return pods.map((p) => computeStatus(p, this.store.read(p.uid), now, this.store.stopRequested(p.uid)));
  }

  /** Which pods exist (uid, name, namespace), from labels alone: cheaper than list(). */
  async refs(): Promise<{ uid: string; name: string; namespace: string }[]> {
    const containers = await this.docker.listContainers({ all: true, filters: labelFilter() });
    const byUid = new Map<string, { uid: string; name: string; namespace: string }>();
    for (const c of containers) {
      const l = c.Labels ?? {};
      const uid = l[LABEL.uid];
      if (uid && !byUid.has(uid)) byUid.set(uid, { uid, name: l[LABEL.pod] ?? '', namespace: l[LABEL.namespace] ?? 'default' });
    }
    return [...byUid.values()];
  }

  async find(name: string, namespace?: string): Promise<PodStatus | undefined> {
    return (await this.list()).find((p) => p.name === name && (!namespace || p.namespace === namespace));
  }

  events(uid: string): PodEvent[] {
    return this.store.read(uid)?.events ?? [];
  }

  async run(plan: PodPlan, opts: RunOptions = {}): Promise<RunResult> {
    const existing = (await this.list()).find((p) => p.name === plan.name && p.namespace === plan.namespace);
    const starting = this.store.all().find((s) => s.name === plan.name && s.namespace === plan.namespace && isAlive(s.runnerPid) && s.uid !== plan.uid);
    if (existing || starting) {
      if (!opts.replace) {
        if (existing) throw new AlreadyExistsError(existing);
        throw new Error(`pod '${plan.name}' is being started by another process (pid ${starting?.runnerPid}).`);
      }
      if (existing) await this.stop(existing.uid);
      if (starting) await this.stop(starting.uid);
    }
    const state: PodState = newState(plan.uid, plan.name, plan.namespace, opts.backoff ?? KUBELET_BACKOFF);
    state.runnerPid = process.pid;
    this.store.write(state);
    const emit = (e: Omit<PodEvent, 'time'>) => {
      const ev = { time: new Date().toISOString(), ...e };
      state.events.push(ev);
      this.store.write(state);
      opts.onEvent?.(ev);
    };
    const waiting = (container: string, w: { reason: string; message: string } | undefined) => {
      const rs = (state.containers[container] ??= { restarts: 0 });
      rs.waiting = w;
      this.store.write(state);
    };
    const checkStop = () => {
      if (opts.signal?.aborted || this.store.stopRequested(plan.uid)) throw new Cancelled('stopped while starting');
    };
    const work = this.runInner(plan, opts, state, emit, waiting, checkStop);
    this.runs.set(plan.uid, work);
    try {
      return await work;
    } catch (e) {
      // The engine went away mid-run: nothing could be cleaned up; say what to do when it is back.
      if (isConnectionError(e)) {
        const err = new EngineUnreachableError(engineAddress(this.env), e);
        err.message += `; pod '${plan.name}' was being started: once the engine answers, \`podwright stop ${plan.name}\` removes what was created.`;
        throw err;
      }
      throw e;
    } finally {
      this.runs.delete(plan.uid);
    }
  }

  private async runInner(plan: PodPlan, opts: RunOptions, state: PodState, emit: CreateHooks['emit'], waiting: CreateHooks['waiting'], checkStop: () => void): Promise<RunResult> {
    try {
      await createPod(this.docker, plan, { ...opts, pullBackoffMs: opts.pullBackoffMs ?? opts.backoff?.initialMs }, { emit, waiting, checkStop });
      checkStop();
    } catch (e) {
      await removePodObjects(this.docker, plan.uid).catch(() => undefined);
      this.store.remove(plan.uid);
      if (e instanceof Cancelled) return { outcome: 'Cancelled', message: `pod '${plan.name}' was stopped while starting; nothing is left.` };
      if (e instanceof CreateError) {
        const where = e.container ? `container '${e.container}': ` : '';
        return { outcome: 'Failed', message: `${e.reason}: ${where}${e.message}` };
      }
      throw e;
    }
    state.runnerPid = undefined;
    const result = await this.superviseUntilUp(plan, opts, state);
    if (result.outcome === 'Cancelled') return result;
    const mode = opts.supervise ?? 'background';
    if (mode === 'background' && result.status?.phase !== 'Succeeded' && result.status?.phase !== 'Failed') {
      const s = this.store.read(plan.uid);
      if (s) this.store.write({ ...s, background: true });
      this.spawnSupervisor(plan.uid);
    }
    return result;
  }

  private async superviseUntilUp(plan: PodPlan, opts: RunOptions, state: PodState): Promise<RunResult> {
    let settle!: (r: RunResult) => void;
    const settleMs = opts.settleMs ?? 0;
    let runningKey: string | undefined;
    let latest: PodStatus | undefined;
    let settleTimer: NodeJS.Timeout | undefined;
    const running = (s: PodStatus): RunResult => ({ outcome: 'Running', status: s, message: `pod '${s.name}' is running (${s.ready} ready)` });
    const settled = new Promise<RunResult>((r) => (settle = r));
    let lost!: (e: unknown) => void;
    const engineLost = new Promise<never>((_, reject) => (lost = reject));
    engineLost.catch(() => undefined);
    const sup = new Supervisor(this.docker, this.store, plan.uid, {
      backoff: state.backoff,
      // While `run` waits, an engine that stops answering ends the wait (the caller says so).
      onSyncError: (e) => isConnectionError(e) && lost(e),
      onEvent: opts.onEvent,
      onStatus: (s) => {
        opts.onStatus?.(s);
        const apps = s.containers.filter((c) => c.role === 'app');
        if (s.phase === 'Succeeded' || s.phase === 'Failed') settle({ outcome: s.phase, status: s, message: `pod '${s.name}' ${s.phase === 'Succeeded' ? 'completed' : 'failed'} (${s.status})` });
        else if (apps.length && apps.every((c) => c.state === 'running')) {
          // Running counts once it has lasted `settleMs` with no restart in between, so that a
          // container that exits right after starting is reported as the crash it is.
          const key = `${s.restarts}`;
          latest = s;
          if (!settleMs) settle(running(s));
          else if (runningKey !== key) {
            runningKey = key;
            clearTimeout(settleTimer);
            settleTimer = setTimeout(() => {
              if (runningKey === key && latest) settle(running(latest));
            }, settleMs);
          }
        } else {
          runningKey = undefined;
          const stuck = s.containers.find((c) => c.state === 'waiting' && (c.reason === 'CrashLoopBackOff' || c.reason === 'RunContainerError'));
          if (stuck) settle({ outcome: 'CrashLoopBackOff', status: s, message: `pod '${s.name}' is not running: container '${stuck.name}' is in ${stuck.reason}${stuck.lastExitCode !== undefined ? ` (last exit code ${stuck.lastExitCode})` : ''}${stuck.message && stuck.reason !== 'CrashLoopBackOff' ? `: ${stuck.message}` : ''}` });
        }
      },
    });
    this.supervisors.set(plan.uid, sup);
    await sup.start(state);
    const timeout = opts.timeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<RunResult>((r) => (timer = setTimeout(() => r({ outcome: 'Timeout', message: `pod '${plan.name}' did not reach Running within ${Math.round(timeout / 1000)} s` }), timeout)));
    const stopped = sup.done.then((): RunResult => (this.store.stopRequested(plan.uid) ? { outcome: 'Cancelled', message: `pod '${plan.name}' was stopped while starting.` } : { outcome: 'Failed', message: `pod '${plan.name}' ended` }));
    let result: RunResult;
    try {
      result = await Promise.race([settled, timedOut, stopped, engineLost]);
    } catch (e) {
      sup.stop();
      this.supervisors.delete(plan.uid);
      throw e;
    } finally {
      clearTimeout(timer);
      clearTimeout(settleTimer);
    }
    if (result.outcome === 'Failed' && !result.status) {
      // The supervisor ended with the pod: report its final status.
      const [pod] = await readPods(this.docker, plan.uid);
      if (pod) result.status = computeStatus(pod, this.store.read(plan.uid), Date.now());
    }
    if ((opts.supervise ?? 'background') !== 'inProcess' || result.outcome === 'Cancelled') {
      sup.stop();
      this.supervisors.delete(plan.uid);
    }
    return result;
  }

  /** Hands the pod to a detached process, so restarts and probes go on after this one exits. */
  spawnSupervisor(uid: string): boolean {
    if (!existsSync(this.supervisorEntry)) {
      // A bundle that left the entry out: the pod runs, but nothing restarts it after this process.
      const s = this.store.read(uid);
      if (s) {
        s.events.push({ time: new Date().toISOString(), type: 'Warning', reason: 'NoSupervisor', message: `cannot start the background supervisor: ${this.supervisorEntry} is missing` });
        this.store.write(s);
      }
      return false;
    }
    const log = openSync(this.store.logFile(uid), 'a');
    const child = spawn(process.execPath, [this.supervisorEntry, uid], {
      detached: true,
      stdio: ['ignore', log, log],
      // In an editor's extension host, execPath is Electron: this makes it run the script as Node.
      env: { ...process.env, PODWRIGHT_STATE_DIR: this.store.dir, ...(this.env.DOCKER_HOST ? { DOCKER_HOST: this.env.DOCKER_HOST } : {}), ELECTRON_RUN_AS_NODE: '1' },
    });
    child.on('error', () => undefined);
    child.unref();
    closeSync(log);
    return true;
  }

  /**
   * Starts a background supervisor for each pod that should have one and has none (its process
   * died: a reboot of the engine's host, a kill). `podwright ps` and `run` call this.
   */
  async adopt(): Promise<number> {
    let n = 0;
    const pods = await this.list();
    // State of pods that left the engine (removed by hand, or a late write after a stop) goes too.
    for (const s of this.store.all()) {
      if (!pods.some((p) => p.uid === s.uid) && !isAlive(s.runnerPid) && !isAlive(s.supervisorPid) && this.store.age(s.uid) > 60_000) this.store.remove(s.uid);
    }
    for (const p of pods) {
      const s = this.store.read(p.uid);
      if (!s?.background || s.final || p.terminating || isAlive(s.supervisorPid) || isAlive(s.runnerPid)) continue;
      this.spawnSupervisor(p.uid);
      n++;
    }
    return n;
  }

  /** Stops a pod (by uid) and removes everything it had; safe while it is still starting. */
  async stop(uid: string, opts: { timeoutSeconds?: number } = {}): Promise<void> {
    this.store.requestStop(uid);
    const sup = this.supervisors.get(uid);
    sup?.stop();
    this.supervisors.delete(uid);
    if (sup) await sup.done;
    const state = this.store.read(uid);
    const pid = state?.supervisorPid;
    let supervisorGone: Promise<void> = Promise.resolve();
    if (pid && pid !== process.pid && isAlive(pid)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      // It finishes the pass in flight (which may be creating a container) before it exits; the
      // containers are stopped meanwhile (it starts nothing once the stop marker exists).
      supervisorGone = (async () => {
        for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
      })();
    }
    // A run in progress notices the stop marker at its next step and removes what it made.
    const run = this.runs.get(uid);
    if (run) await run.catch(() => undefined);
    for (let i = 0; i < 300 && state?.runnerPid && state.runnerPid !== process.pid && isAlive(state.runnerPid) && this.store.read(uid)?.runnerPid; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all([stopContainers(this.docker, uid, opts.timeoutSeconds, true), supervisorGone]);
    // A sweep by label: the infra container, volumes, a previous run, anything made meanwhile.
    await removePodObjects(this.docker, uid);
    this.store.remove(uid);
  }

  /** Ends this process's in-process supervisors (the pods keep running). */
  close(): void {
    for (const s of this.supervisors.values()) s.stop();
    this.supervisors.clear();
  }
}
