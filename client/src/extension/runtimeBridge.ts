// The extension's side of the pod runtime, bundled on its own as dist/runtime.js and loaded on first
// use. Plain code: no `vscode` import. It adapts the runtime's PodStatus to the Pods view's snapshot
// and its results to the outcomes the Run flow decides on.
import { isRuntimeError, planManifest, PodRuntime, type ExecSession, type PodStatus, type RunResult } from '../../../runtime/src';
import { failureWords } from '../flows/words';
import type { PodSnapshot } from '../podsView/snapshot';
import type { Subscription } from '../podsView/store';
import { imageProblems, imageUses } from '../flows/imageChecks';
import { containerAt, placeProblems } from '../flows/runtimePlacement';
import { runtimeProblems, type RuntimeProblem } from '../flows/runtimeProblems';
import { PodReports } from './podReports';
import type { CreateBridge, EngineOptions, LogLine, PodRef, RunOutcome, RunRequest, RuntimeBridge, Shell, TimelinePicture } from '../flows/runtimeApi';
import { buildTimeline, type TimelineSource } from '../flows/timeline';
import { TIMELINE_CSS, TIMELINE_SCRIPT, timelineBody } from '../flows/timelineView';

export function toSnapshot(s: PodStatus): PodSnapshot {
  const started = s.containers.map((c) => (c.startedAt ? Date.parse(c.startedAt) : NaN)).filter((t) => !Number.isNaN(t));
  return {
    name: s.name,
    namespace: s.namespace,
    phase: s.phase,
    status: s.status,
    ready: s.ready,
    restarts: s.restarts,
    containers: s.containers.map((c) => ({
      name: c.name,
      role: c.role,
      state: c.state,
      reason: c.reason,
      exitCode: c.exitCode,
      restarts: c.restarts,
      ready: c.ready,
      image: c.image,
    })),
    ephemeralContainers: s.ephemeralContainers?.length ? s.ephemeralContainers.map((c) => ({ name: c.name, image: c.image, target: c.target, state: c.state, exitCode: c.exitCode })) : undefined,
    ports: s.ports.map((p) => ({ ...p })),
    manifest: s.manifest || undefined,
    // The earliest container start stands for the pod's creation (the infra container starts first).
    createdAt: started.length ? Math.min(...started) : undefined,
    terminatingUntil: s.deletionTimestamp ? Date.parse(s.deletionTimestamp) : undefined,
  };
}

function outcomeOf(result: RunResult): RunOutcome {
  switch (result.outcome) {
    case 'Running':
    case 'Succeeded':
      return { kind: 'started', pod: result.status ? toSnapshot(result.status) : undefined };
    case 'Cancelled':
      return { kind: 'cancelled' };
    default:
      return { kind: 'failed', message: result.failure ? failureWords(result.failure) : result.message, failure: result.failure };
  }
}

/** How long a list of the engine's pods stands for the engine's state, for the runtime problems. */
const LIST_FRESH_MS = 500;

class Bridge implements RuntimeBridge {
  private readonly runtime: PodRuntime;
  private readonly watches = new Set<Subscription>();
  private readonly reports: PodReports;
  private readonly runListeners = new Set<() => void>();
  private lastList: { at: number; pods: PodStatus[] } | undefined;

  constructor(private readonly options: EngineOptions) {
    this.runtime = new PodRuntime({ dockerHost: options.dockerHost });
    this.reports = new PodReports(this.runtime);
  }

  async problems(): Promise<RuntimeProblem[]> {
    // The Pods view lists the engine right before it tells the diagnostics to ask (store change):
    // that list serves both while it is fresh.
    const fresh = this.lastList && Date.now() - this.lastList.at < LIST_FRESH_MS ? this.lastList.pods : undefined;
    return (await this.reports.reports(fresh)).flatMap(runtimeProblems);
  }

  place(text: string, problems: readonly RuntimeProblem[]) {
    return placeProblems(text, problems);
  }

  async imageChecks(text: string): Promise<RuntimeProblem[]> {
    const uses = imageUses(text);
    if (uses.length === 0) return [];
    return imageProblems(uses, await this.runtime.imageFacts(uses.map((u) => u.image)));
  }

  containerAt(text: string, offset: number) {
    return containerAt(text, offset);
  }

  onDidRun(listener: () => void): Subscription {
    this.runListeners.add(listener);
    return { dispose: () => this.runListeners.delete(listener) };
  }

  private ran(): void {
    for (const l of [...this.runListeners]) l();
  }

  describeHost(): string {
    return this.runtime.address;
  }

  async list(): Promise<PodSnapshot[]> {
    const pods = await this.runtime.list();
    this.lastList = { at: Date.now(), pods };
    return pods.map(toSnapshot);
  }

  async watch(onEvent: () => void, onEnd: (error?: unknown) => void): Promise<Subscription> {
    const w = await this.runtime.watch(onEvent, (e) => {
      this.watches.delete(sub);
      onEnd(e);
    });
    const sub: Subscription = {
      dispose: () => {
        this.watches.delete(sub);
        w.dispose();
      },
    };
    this.watches.add(sub);
    return sub;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const { plans, problems } = planManifest(request.text, request.file, { document: request.document, allowHostAccess: request.allowHostAccess });
    if (problems.length) return { kind: 'refused', problems };
    const [plan] = plans;
    this.reports.recordStart(plan, request.file);
    // The runtime checks the signal between its own steps; a cancel while a container runs (an init
    // container that takes its time) is turned into a stop, which it handles at any point of a start.
    let stopping: Promise<void> | undefined;
    const onAbort = () => {
      stopping = this.runtime.stop(plan.uid);
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    const cancelled = async (): Promise<RunOutcome | undefined> => {
      if (!stopping) return undefined;
      await stopping;
      return { kind: 'cancelled' };
    };
    try {
      const result = await this.runtime.run(plan, {
        replace: request.replace,
        publishAddress: this.options.publishAddress,
        signal: request.signal,
        supervise: 'background',
        onEvent: (e) => request.onProgress(`${e.reason}${e.container ? ` ${e.container}` : ''}${e.message ? `: ${e.message}` : ''}`),
        onPull: (p) => request.onProgress(`pulling ${p.image}${p.status ? `: ${p.status}` : ''}`),
      });
      if (result.failure) this.reports.recordStart(plan, request.file, result.failure);
      return (await cancelled()) ?? outcomeOf(result);
    } catch (e) {
      const c = await cancelled();
      if (c) return c;
      if (isRuntimeError(e, 'AlreadyExists')) return { kind: 'exists', pod: e.failure.pod, status: e.failure.status };
      if (isRuntimeError(e)) return { kind: 'failed', message: failureWords(e.failure), failure: e.failure };
      throw e;
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      this.ran();
    }
  }

  private status(pod: PodRef): Promise<PodStatus> {
    return this.runtime.pod(pod);
  }

  async stop(pod: PodRef, opts: { force?: boolean } = {}): Promise<void> {
    this.reports.forget(pod);
    try {
      // Force: no grace period, as `kubectl delete --grace-period=0 --force`.
      await this.runtime.stop((await this.status(pod)).uid, opts.force ? { timeoutSeconds: 0 } : {});
    } catch (e) {
      // Gone already (stopped from elsewhere): what was asked for is done.
      if (!isRuntimeError(e, 'PodNotFound')) throw e;
    }
  }

  async restartContainer(pod: PodRef, container: string): Promise<void> {
    await this.runtime.restartContainer(await this.status(pod), container);
  }

  async logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void> {
    // A terminal line ends where the log line does: the newline is the terminal's to write.
    await this.runtime.logs(await this.status(pod), { container, follow: true, signal }, (l) => onLine({ container: l.container, stream: l.stream, text: l.text.replace(/\r?\n$/, '') }));
  }

  async timeline(pod: PodRef, title: string): Promise<TimelinePicture> {
    const model = buildTimeline(await this.timelineSource(pod));
    return { model, body: timelineBody(title, model), style: TIMELINE_CSS, script: TIMELINE_SCRIPT };
  }

  async timelineSource(pod: PodRef): Promise<TimelineSource> {
    const status = await this.status(pod);
    const events = this.runtime.events(status.uid);
    const history = this.runtime.history(status.uid);
    // The sandbox's creation, or the first record if that came earlier (the pod's start).
    const times = [status.creationTimestamp, events[0]?.time, history[0]?.time].filter((t): t is string => !!t).map((t) => Date.parse(t));
    const now = Date.now();
    return {
      startedAt: new Date(times.length ? Math.min(...times) : now).toISOString(),
      containers: status.containers.map((c) => ({ name: c.name, role: c.role })),
      events,
      history,
      now,
    };
  }

  async debugShell(pod: PodRef, target: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell> {
    const session = await this.runtime.debug(await this.status(pod), { target, stdin: true, tty: true, env: ['TERM=xterm-256color'], onOutput: (b) => onData(b.toString('utf8')) });
    return this.asShell(session, onExit);
  }

  async shell(pod: PodRef, container: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell> {
    const session = await this.runtime.exec(await this.status(pod), container, ['sh'], {
      stdin: true,
      tty: true,
      env: ['TERM=xterm-256color'],
      onOutput: (b) => onData(b.toString('utf8')),
    });
    return this.asShell(session, onExit);
  }

  private asShell(session: ExecSession, onExit: (code: number) => void): Shell {
    void session.exit.then(onExit);
    return {
      write: (data) => session.write(data),
      // A resize that fails (the shell just ended) changes nothing worth telling anyone.
      resize: (columns, rows) => void session.resize(columns, rows).catch(() => undefined),
      close: () => session.close(),
    };
  }

  dispose(): void {
    for (const s of [...this.watches]) s.dispose();
    this.runtime.close();
  }
}

export const createBridge: CreateBridge = (options) => new Bridge(options);
