// The runtime's public face: what the extension and the command line call. No `vscode` here, and
// nothing of Docker leaves it: callers get pods, statuses, log lines and exec sessions.
import type Docker from 'dockerode';
import { join } from 'node:path';
import { KUBELET_BACKOFF } from './backoff';
import { BackgroundSupervisors } from './background';
import { CreateError, createPod, CreateHooks } from './create';
import { describePod, type PodDescription } from './describe';
import { memberName, restartMember, runningMember } from './containerOps';
import { ContainerFiles } from './copy';
import { podNetwork } from './podNetwork';
import { podUsage, type ContainerUsage } from './usage';
import { connect, engineAddress, engineMessage, ensureEngine, isConnectionError, statusOf, unreachable } from './engine';
import { readPods } from './engineView';
import { isRuntimeError, RuntimeError } from './errors';
import { ensureInfraImage } from './images';
import { startDebug, type DebugOptions, type DebugSession } from './debug';
import { imageFacts, type FactsCache, type ImageFacts } from './imageFacts';
import { LABEL, labelFilter } from './labels';
import { watchEngine } from './watchEngine';
import { removePodObjects, stopContainers } from './remove';
import { isAlive, newState, PodEvent, PodState, StateStore, type ContainerRuntimeState, type StatusRecord } from './state';
import { StoppedPods, type StoppedPod } from './stoppedPods';
import { keepStopRecord } from './stopRecord';
import { computeStatus, isLost, PodStatus } from './status';
import { startExec, type ExecOptions, type ExecSession, type LogLine } from './streams';
import { waitUntilUp } from './startup';
import { podLogs } from './podLogs';
import type { Workloads } from './workloads/api';
import type { ControllerManager, ManagerOptions } from './workloads/manager';
import { Supervisor } from './supervisor';
import type { PodPlan } from './types';

export { parsePodSelector } from './runtimeTypes';
export type { RuntimeOptions, RunOptions, RunOutcome, StartFailure, RunResult, PodSelector, PodRefEntry, LogOptions, Watch } from './runtimeTypes';
import type { RuntimeOptions, RunOptions, RunResult, PodSelector, PodRefEntry, LogOptions, Watch } from './runtimeTypes';

class Cancelled extends Error {}

export class PodRuntime {
  private readonly docker: Docker;
  private readonly store: StateStore;
  /** The records of stopped pods (describe and the timeline read them after a stop). */
  private readonly stopped: StoppedPods;
  private supervisors = new Map<string, Supervisor>();
  private closed = false;
  private runs = new Map<string, Promise<unknown>>();
  /** The engine's address, as given or found (for messages and the background supervisor). */
  readonly address: string;
  private readonly background: BackgroundSupervisors;
  private workloadApi: Workloads | undefined;
  /** Image facts by image ID (imageFacts.ts). */
  private readonly imageCache: FactsCache = new Map();
  /** The controller manager's script; a bundle ships it next to itself. */
  private readonly managerEntry: string;

  constructor(opts: RuntimeOptions = {}) {
    this.address = engineAddress(opts.dockerHost, opts.env ?? process.env);
    this.docker = connect(this.address);
    this.store = new StateStore(opts.stateDir);
    this.stopped = new StoppedPods(this.store.dir);
    this.managerEntry = opts.managerEntry ?? join(__dirname, 'controllerMain.js');
    this.background = new BackgroundSupervisors(this.store, this.address, opts.supervisorEntry ?? join(__dirname, 'supervisorMain.js'));
  }

  /** Where the supervisor state of the pods lives. */
  get stateDir(): string {
    return this.store.dir;
  }

  /** Makes the state folder (owner-only). */
  ensureStateDir(): void {
    this.store.ensureDir();
  }

  /**
   * The workloads on this engine: apply, list, delete, scale, restart, and the controller manager
   * that runs them in the background.
   */
  get workloads(): Workloads {
    // Loaded on first use, with the analysis behind it: pod commands start without either.
    this.workloadApi ??= new (require('./workloads/api') as typeof import('./workloads/api')).Workloads(this, this.docker, this.address, this.managerEntry);
    return this.workloadApi;
  }

  /** A controller manager in this process (the background one's body; tests run it in-process). */
  controllerManager(opts: ManagerOptions = {}): ControllerManager {
    return new (require('./workloads/manager') as typeof import('./workloads/manager')).ControllerManager(this, this.docker, this.stateDir, opts);
  }

  /** Runs an engine call, its failures typed as the runtime's (for the runtime's own modules). */
  engineCall<T>(call: () => Promise<T>): Promise<T> {
    return this.engine(call);
  }

  /** Throws RuntimeError EngineUnreachable when nothing answers. */
  ping(): Promise<void> {
    return ensureEngine(this.docker, this.address);
  }

  /**
   * Every pod on the engine with its status, as `kubectl get pods` would show it; with a selector,
   * only the pods of that name (the engine lists only their containers).
   */
  async list(selector?: PodSelector): Promise<PodStatus[]> {
    const pods = await this.engine(() => readPods(this.docker, selector ?? {}));
    const now = Date.now();
    return pods.map((p) => {
      const state = this.store.read(p.uid);
      return computeStatus(p, state, now, { stop: this.store.stopRequest(p.uid), lost: isLost(p, state, isAlive) });
    });
  }

  /**
   * Which pods exist (uid, name, namespace), from labels alone: cheaper than list(). Pods a live
   * process is still creating are included (they may have no engine object yet).
   */
  async refs(): Promise<PodRefEntry[]> {
    const containers = await this.engine(() => this.docker.listContainers({ all: true, filters: labelFilter() }));
    const byUid = new Map<string, PodRefEntry>();
    for (const c of containers) {
      const l = c.Labels ?? {};
      const uid = l[LABEL.uid];
      if (uid && !byUid.has(uid)) byUid.set(uid, { uid, name: l[LABEL.pod] ?? '', namespace: l[LABEL.namespace] ?? 'default', starting: false });
    }
    for (const s of this.store.all()) {
      if (byUid.has(s.uid) || !isAlive(s.runnerPid)) continue;
      byUid.set(s.uid, { uid: s.uid, name: s.name, namespace: s.namespace, starting: true });
    }
    return [...byUid.values()];
  }

  /**
   * The one pod a selector names. Throws RuntimeError PodNotFound, or AmbiguousPod when a name
   * without a namespace matches pods in several.
   */
  async pod(selector: PodSelector): Promise<PodStatus> {
    const matches = await this.list(selector);
    if (matches.length === 0) throw new RuntimeError({ code: 'PodNotFound', name: selector.name, namespace: selector.namespace });
    if (matches.length > 1) throw new RuntimeError({ code: 'AmbiguousPod', name: selector.name, namespaces: matches.map((m) => m.namespace) });
    return matches[0];
  }

  /**
   * What `kubectl describe pod` shows of the pod a selector names, from the runtime's records (the
   * labels, the engine's containers, the supervisor's state): a finished pod describes too.
   */
  async describe(selector: PodSelector): Promise<PodDescription> {
    let pod: PodStatus;
    try {
      pod = await this.pod(selector);
    } catch (e) {
      // Not on the engine: a stopped pod describes from the record its stop kept (the newest).
      const kept = isRuntimeError(e, 'PodNotFound') ? this.stoppedPod(selector) : undefined;
      if (kept) return kept.description;
      throw e;
    }
    return this.engine(() => describePod(this.docker, pod, this.store.read(pod.uid)));
  }

  /**
   * The record of a stopped pod by name (the newest stop when several); AmbiguousPod when a name
   * without a namespace was stopped in several namespaces.
   */
  stoppedPod(selector: PodSelector): StoppedPod | undefined {
    const found = this.stopped.find(selector.name, selector.namespace);
    const namespaces = [...new Set(found.map((r) => r.namespace))];
    if (namespaces.length > 1) throw new RuntimeError({ code: 'AmbiguousPod', name: selector.name, namespaces });
    return found[0];
  }

  /** Every stopped pod that kept its record, newest stop first (never listed as running: not on the engine). */
  stoppedPods(): StoppedPod[] {
    return this.stopped.all();
  }

  /** The pod's events (the supervisor's record, or a stopped pod's), oldest first. */
  events(uid: string): PodEvent[] {
    return this.store.read(uid)?.events ?? this.stopped.byUid(uid)?.state.events ?? [];
  }

  /** The pod's container status changes (the supervisor's record, or a stopped pod's), oldest first: a timeline's source. */
  history(uid: string): StatusRecord[] {
    return this.store.read(uid)?.history ?? this.stopped.byUid(uid)?.state.history ?? [];
  }

  /**
   * The infra ("pause") image's ID, built locally from a static busybox the first time it is needed,
   * and checked to be the one this machine's busybox makes.
   */
  infraImage(): Promise<string> {
    return this.engine(() => ensureInfraImage(this.docker));
  }

  /**
   * Follows the engine: `onChange` after any container event of a pod (debounce on your side) and
   * after any change of the supervisors' state (readiness, restarts, back-off live there); `onEnd`
   * once, when the engine's event stream ends (the engine stopped).
   */
  async watch(onChange: () => void, onEnd: (error: unknown) => void): Promise<Watch> {
    await this.ping();
    return this.engine(() => watchEngine(this.docker, this.store, onChange, onEnd));
  }

  async run(plan: PodPlan, opts: RunOptions = {}): Promise<RunResult> {
    // The namespace's network is looked up (or made) while the engine is asked whether the pod
    // exists: both are round trips on the path to Running, and ensuring the network changes nothing
    // for a pod that exists already (it is on that network). Its failure is reported by runInner.
    const network = plan.hostNetwork ? Promise.resolve({}) : podNetwork(this.docker, plan, () => this.clusterId(), this.stateDir);
    // Observed here so that a run refused below (AlreadyExists) leaves no unhandled rejection.
    network.catch(() => undefined);
    const [existing] = await this.list({ name: plan.name, namespace: plan.namespace });
    const starting = this.store.all().find((s) => s.name === plan.name && s.namespace === plan.namespace && isAlive(s.runnerPid) && s.uid !== plan.uid);
    const key = { name: plan.name, namespace: plan.namespace };
    if (existing || starting) {
      if (!opts.replace) {
        if (existing) throw new RuntimeError({ code: 'AlreadyExists', pod: key, status: existing.status });
        throw new RuntimeError({ code: 'BeingStarted', pod: key, pid: starting?.runnerPid ?? 0 });
      }
      if (existing) await this.stop(existing.uid);
      if (starting) await this.stop(starting.uid);
    }
    // The same pod runs again: its earlier stopped runs' records go, as a recreated pod's history does.
    this.stopped.forgetName(plan.name, plan.namespace);
    const state: PodState = newState(plan.uid, plan.name, plan.namespace, opts.backoff ?? KUBELET_BACKOFF);
    state.runnerPid = process.pid;
    this.store.write(state);
    const emit = (e: Omit<PodEvent, 'time'>) => {
      const ev = { time: new Date().toISOString(), ...e };
      state.events.push(ev);
      this.store.write(state);
      opts.onEvent?.(ev);
    };
    // What creating the pod learns of a container (a pull's failure, a pull), in the state file for
    // `ps` and the supervisor.
    const note = (container: string, change: Partial<ContainerRuntimeState>) => {
      Object.assign((state.containers[container] ??= { restarts: 0 }), change);
      this.store.write(state);
    };
    const checkStop = () => {
      if (opts.signal?.aborted || this.store.stopRequested(plan.uid)) throw new Cancelled('stopped while starting');
    };
    const hooks: CreateHooks = { emit, waiting: (c, waiting) => note(c, { waiting }), pulled: (c) => note(c, { pulled: true }), checkStop };
    const work = this.runInner(plan, opts, state, hooks, network);
    this.runs.set(plan.uid, work);
    try {
      return await work;
    } catch (e) {
      // The engine went away mid-run: nothing could be cleaned up; the caller says what to do.
      if (isConnectionError(e)) throw unreachable(this.address, e, key);
      throw e;
    } finally {
      this.runs.delete(plan.uid);
    }
  }

  private async runInner(plan: PodPlan, opts: RunOptions, state: PodState, hooks: CreateHooks, network: Promise<Pick<RunOptions, 'network' | 'serviceEnv'>>): Promise<RunResult> {
    const { checkStop } = hooks;
    try {
      // The namespace's network of this pod's cluster (its owner's, else this state folder's): cluster DNS and Services.
      const net = await network;
      await createPod(this.docker, plan, { ...opts, ...net, pullBackoffMs: opts.pullBackoffMs ?? opts.backoff?.initialMs }, hooks);
      checkStop();
    } catch (e) {
      await removePodObjects(this.docker, plan.uid).catch((removal: unknown) => {
        // The engine may be gone too: the objects keep their labels, and a later stop removes them.
        if (!isConnectionError(removal)) throw removal;
      });
      this.store.remove(plan.uid);
      if (e instanceof Cancelled) return { outcome: 'Cancelled', message: `pod '${plan.name}' was stopped while starting; nothing is left.` };
      if (e instanceof CreateError) {
        const where = e.container ? `container '${e.container}': ` : '';
        return { outcome: 'Failed', message: `${e.reason}: ${where}${e.message}`, failure: { reason: e.reason, container: e.container, port: e.port, detail: e.message } };
      }
      throw e;
    }
    state.runnerPid = undefined;
    const result = await waitUntilUp(this.docker, this.store, this.supervisors, plan, opts, state);
    if (result.outcome === 'Cancelled') return result;
    const mode = opts.supervise ?? 'background';
    if (mode === 'background' && result.status?.phase !== 'Succeeded' && result.status?.phase !== 'Failed') {
      const s = this.store.read(plan.uid);
      if (s) this.store.write({ ...s, background: true });
      this.background.spawn(plan.uid);
    }
    return result;
  }

  /** This state folder's cluster id (workloads/objectStatus.ts), which names its networks. */
  clusterId(): string {
    this.clusterIdCache ??= new (require('./workloads/objectStatus') as typeof import('./workloads/objectStatus')).ObjectStatusStore(this.stateDir).clusterId();
    return this.clusterIdCache;
  }

  private clusterIdCache: string | undefined;

  /**
   * Supervises an existing pod in this process: what the controller manager does for the pods of
   * its workloads when it starts (again). False when another process supervises it, or it is done.
   */
  async superviseHere(uid: string): Promise<boolean> {
    // A pod this process is creating gets its supervisor from `run` itself.
    if (this.supervisors.has(uid) || this.runs.has(uid)) return true;
    // After close() this process supervises nothing new: a supervisor now would outlive its owner.
    if (this.closed) return false;
    const state = this.store.read(uid);
    if (!state || state.final || this.store.stopRequested(uid)) return false;
    if (state.supervisorPid !== process.pid && (isAlive(state.supervisorPid) || isAlive(state.runnerPid))) return false;
    if (!this.store.lock(uid)) return false;
    const sup = new Supervisor(this.docker, this.store, uid, { backoff: state.backoff ?? KUBELET_BACKOFF });
    this.supervisors.set(uid, sup);
    void sup.done.then(() => {
      if (this.supervisors.get(uid) === sup) this.supervisors.delete(uid);
      this.store.unlock(uid);
    });
    try {
      await sup.start();
    } catch (e) {
      sup.stop();
      throw this.wrap(e);
    }
    return true;
  }

  /**
   * Starts a background supervisor for each pod that should have one and has none (its process
   * died: a reboot of the engine's host, a kill). `podwright ps` and `run` call this.
   */
  async adopt(): Promise<number> {
    return this.background.adopt(await this.list());
  }

  /** Stops a pod (by uid) and removes everything it had; safe while it is still starting. */
  async stop(uid: string, opts: { timeoutSeconds?: number } = {}): Promise<void> {
    this.store.requestStop(uid, opts.timeoutSeconds);
    const sup = this.supervisors.get(uid);
    sup?.stop();
    this.supervisors.delete(uid);
    if (sup) await sup.done;
    const state = this.store.read(uid);
    const pid = state?.supervisorPid;
    let supervisorGone: Promise<void> = Promise.resolve();
    if (pid && pid !== process.pid && isAlive(pid)) {
      // A background supervisor is a process of its own, for this pod alone: it exits on SIGTERM.
      // Any other supervises the pod inside a process that does more (the controller manager runs
      // the supervisors of its workloads' pods): a signal would end that process and every
      // controller with it, so the stop marker alone stops that supervisor, at its next pass.
      const own = state?.background === true;
      if (own) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      // It finishes the pass in flight (which may be creating a container) before it exits or
      // lets the pod go; the containers are stopped meanwhile (it starts nothing once the stop
      // marker exists).
      const supervising = () => isAlive(pid) && (own || this.store.read(uid)?.supervisorPid === pid);
      supervisorGone = (async () => {
        for (let i = 0; i < 100 && supervising(); i++) await new Promise((r) => setTimeout(r, 20));
      })();
    }
    // A run in progress notices the stop marker at its next step and removes what it made. How it
    // ended is for its own caller to report; here only its end matters.
    const run = this.runs.get(uid);
    if (run) await run.catch(() => undefined);
    for (let i = 0; i < 300 && state?.runnerPid && state.runnerPid !== process.pid && isAlive(state.runnerPid) && this.store.read(uid)?.runnerPid; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.engine(async () => {
      // Each container is inspected as it stops (the record reads its last state from that) and
      // removed at once, while the next ones are still stopping.
      const inspected: Docker.ContainerInspectInfo[] = [];
      const [killed] = await Promise.all([stopContainers(this.docker, uid, { timeoutSeconds: opts.timeoutSeconds, remove: true, inspected: (i) => inspected.push(i) }), supervisorGone]);
      await keepStopRecord(this.docker, this.store, this.stopped, uid, killed, inspected);
      // A sweep by label: the containers, the infra container, volumes, a previous run, anything made meanwhile.
      await removePodObjects(this.docker, uid);
    });
    this.store.remove(uid);
  }

  /**
   * A pod's logs, split into lines, as `kubectl logs` gives them: one container, or every container
   * that has started (each line tagged with its container, for a prefix). With `follow`, until the
   * containers stop or the signal aborts.
   */
  logs(pod: PodStatus, opts: LogOptions, onLine: (line: LogLine) => void): Promise<void> {
    return podLogs(this.docker, pod, opts, onLine, { member: memberName, engine: (call) => this.engine(call), wrap: (e) => this.wrap(e) });
  }

  /** Runs a command in a running container of the pod (`kubectl exec`). */
  async exec(pod: PodStatus, container: string, cmd: string[], opts: ExecOptions): Promise<ExecSession> {
    const name = runningMember(pod, container);
    return this.engine(() => startExec(this.docker, name, cmd, opts));
  }

  /** The files of a container of the pod, running or stopped (`podwright cp`): copy.ts says how. */
  files(pod: PodStatus, container: string): ContainerFiles {
    return new ContainerFiles(this.docker, memberName(pod, container), (e) => this.wrap(e));
  }

  /** CPU and memory of the pod's running containers now (`kubectl top pod`): usage.ts says how. */
  usage(pod: PodStatus): Promise<ContainerUsage[]> {
    return this.engine(() => podUsage(this.docker, pod));
  }

  /** What the engine's images say of the process they run; null for an image it does not have. Never pulls. */
  imageFacts(names: readonly string[]): Promise<Map<string, ImageFacts | null>> {
    return this.engine(() => imageFacts(this.docker, names, this.imageCache));
  }

  /**
   * Adds a debug container to a running pod (`kubectl debug -it POD --target=C`) and runs a command
   * in it (a shell by default); the container is stopped when the command ends and removed with the pod.
   */
  async debug(pod: PodStatus, opts: DebugOptions): Promise<DebugSession> {
    const [engine] = await this.engine(() => readPods(this.docker, pod.uid));
    if (!engine) throw new RuntimeError({ code: 'PodNotFound', name: pod.name, namespace: pod.namespace });
    return this.engine(() => startDebug(this.docker, engine, opts));
  }

  /** Restarts one running container (the Pods view's Restart Container): containerOps.ts says how. */
  restartContainer(pod: PodStatus, container: string, graceSeconds?: number): Promise<void> {
    return this.engine(() => restartMember(this.docker, pod, container, graceSeconds));
  }

  /** Runs an engine call, turning "nothing answers" into EngineUnreachable and refusals into EngineError. */
  private async engine<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw this.wrap(e);
    }
  }

  private wrap(e: unknown): unknown {
    if (e instanceof RuntimeError || e instanceof Cancelled) return e;
    if (isConnectionError(e)) return unreachable(this.address, e);
    if (statusOf(e) !== undefined) return new RuntimeError({ code: 'EngineError', detail: engineMessage(e) });
    return e;
  }

  /** Ends this process's in-process supervisors (the pods keep running). */
  close(): void {
    this.closed = true;
    for (const s of this.supervisors.values()) s.stop();
    this.supervisors.clear();
  }
}
