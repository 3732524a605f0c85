// The extension's side of the pod runtime, bundled on its own as dist/runtime.js and loaded on first
// use. Plain code: no `vscode` import. It adapts the runtime's PodStatus to the Pods view's snapshot
// and its results to the outcomes the Run flow decides on.
import { describePodText, describeWorkloadText, isRuntimeError, planManifest, PodRuntime, type ExecSession, type PodStatus, type RunResult } from '../../../runtime/src';
import { failureWords } from '../flows/words';
import { folderManifests, runApplication, stopApplication } from './appBridge';
import { claimSnapshot, objectSnapshot, serviceSnapshot, toSnapshot } from './runtimeSnapshots';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../podsView/snapshot';
import type { Subscription } from '../podsView/store';
import { imageProblems, imageUses } from '../flows/imageChecks';
import { processFieldAt, processHover } from '../flows/imageProcess';
import { containerAt, placeProblems } from '../flows/runtimePlacement';
import { runtimeProblems, type RuntimeProblem } from '../flows/runtimeProblems';
import { PodReports } from './podReports';
import type { AppRunOutcome, AppRunRequest, ApplyOutcome, ApplyRequest, CreateBridge, EngineOptions, LogLine, ObjectRef, PodRef, RunOutcome, RunRequest, RuntimeBridge, Shell, StoppedPodRef, TimelinePicture } from '../flows/runtimeApi';
import { buildTimeline, type TimelineSource } from '../flows/timeline';
import { escapeXml, TIMELINE_CSS, TIMELINE_SCRIPT, timelineBody, timelinePicture, timelineToolbar } from '../flows/timelineView';
import { buildWorkloadTimeline, podObservations, type PodGone, type PodObservation, type WorkloadKind, type WorkloadTimeline } from '../flows/workloadTimeline';
import { workloadTable, workloadTimelineSvg } from '../flows/workloadTimelineView';

/** Where the runtime publishes host ports when not told (runtime/src/create.ts). */
const DEFAULT_PUBLISH_ADDRESS = '127.0.0.1';

/** A runtime failure as an Error worded for this editor (the flows show its message). */
/** The settle window of Run Pod (runtime.run's settleMs), the CLI's `run --wait`'s. */
const RUN_SETTLE_MS = 500;

async function worded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isRuntimeError(e)) throw new Error(failureWords(e.failure));
    throw e;
  }
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

  async imageProcessAt(text: string, offset: number): Promise<string | undefined> {
    const at = processFieldAt(text, offset);
    if (!at) return undefined;
    const facts = (await this.runtime.imageFacts([at.image])).get(at.image);
    return facts ? processHover(at.container, at.image, at.spec, facts) : undefined;
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
    // Pods, and what pods do not show: objects applied or deleted, claims, controllers' status.
    let ended = false;
    const end = (e: unknown) => {
      if (ended) return;
      ended = true;
      sub.dispose();
      onEnd(e);
    };
    const pods = await this.runtime.watch(onEvent, end);
    let objects: { dispose(): void } | undefined;
    try {
      objects = await this.runtime.workloads.watch(onEvent, end);
    } catch (e) {
      pods.dispose();
      throw e;
    }
    const sub: Subscription = {
      dispose: () => {
        this.watches.delete(sub);
        pods.dispose();
        objects?.dispose();
      },
    };
    this.watches.add(sub);
    return sub;
  }

  async objects(): Promise<{ objects: ObjectSnapshot[]; claims: ClaimSnapshot[] }> {
    const w = this.runtime.workloads;
    const [views, claims] = await Promise.all([w.overview(), w.claims()]);
    // Only when there are Services does the view cost the engine more listings (proxies, networks).
    const services = await w.services(undefined, views.map((v) => v.object));
    const key = (namespace: string, name: string) => `${namespace}/${name}`;
    // A claim's object is shown as its volume, not as an object of its own.
    const applied = new Set(views.filter((v) => v.object.kind === 'PersistentVolumeClaim').map((v) => key(v.object.metadata.namespace, v.object.metadata.name)));
    return {
      objects: views
        .filter((v) => v.object.kind !== 'PersistentVolumeClaim')
        .map((v) => {
          const o = objectSnapshot(v);
          const svc = services.get(o.uid);
          return svc ? { ...o, service: serviceSnapshot(svc) } : o;
        }),
      claims: claims.map((c) => claimSnapshot(c, applied.has(key(c.namespace, c.name)))),
    };
  }

  async apply(request: ApplyRequest): Promise<ApplyOutcome> {
    // The runtime's default address is not written down, so that an apply from the command line
    // (which gives none) and one from here store the same object.
    const publishAddress = this.options.publishAddress !== DEFAULT_PUBLISH_ADDRESS ? this.options.publishAddress : undefined;
    try {
      const report = await this.runtime.workloads.apply(request.text, request.file, { allowHostAccess: request.allowHostAccess, ...(publishAddress ? { publishAddress } : {}) }, request.documents);
      if (report.problems.length) return { kind: 'refused', problems: report.problems };
      return { kind: 'applied', documents: report.documents.map(({ document, kind, name, namespace, result, problems }) => ({ document, kind, name, namespace, result, problems })) };
    } catch (e) {
      if (isRuntimeError(e)) return { kind: 'failed', message: failureWords(e.failure), failure: e.failure };
      throw e;
    }
  }

  folderManifests(folder: string): Promise<{ path: string; text: string }[]> {
    return folderManifests(folder);
  }

  runApplication(request: AppRunRequest): Promise<AppRunOutcome> {
    const publishAddress = this.options.publishAddress !== DEFAULT_PUBLISH_ADDRESS ? this.options.publishAddress : undefined;
    return worded(() => runApplication(this.runtime, (r) => this.run(r), publishAddress, request));
  }

  stopApplication(folder: string): Promise<{ objects: number; pods: number }> {
    return worded(() => stopApplication(this.runtime, folder));
  }

  describe(ref: ObjectRef): Promise<string> {
    return worded(async () => {
      if (ref.kind === 'Pod') return describePodText(await this.runtime.describe({ namespace: ref.namespace, name: ref.name }));
      return describeWorkloadText(await this.runtime.workloads.describe(ref));
    });
  }

  deleteObject(ref: ObjectRef): Promise<boolean> {
    return worded(() => this.runtime.workloads.delete(ref));
  }

  async scale(ref: ObjectRef, replicas: number): Promise<void> {
    await worded(() => this.runtime.workloads.scale(ref, replicas));
  }

  async restartRollout(ref: ObjectRef): Promise<void> {
    await worded(() => this.runtime.workloads.restart(ref));
  }

  undoRollout(ref: ObjectRef): Promise<{ revision: number; skipped: boolean }> {
    return worded(() => this.runtime.workloads.undo(ref));
  }

  async pauseRollout(ref: ObjectRef, paused: boolean): Promise<void> {
    await worded(() => this.runtime.workloads.pause(ref, paused));
  }

  async createJobFrom(cronJob: ObjectRef, jobName: string): Promise<void> {
    await worded(() => this.runtime.workloads.createJobFrom(cronJob, jobName));
  }

  deleteClaimData(claim: { namespace: string; name: string }): Promise<boolean> {
    return worded(async () => {
      const w = this.runtime.workloads;
      // Refused while a pod mounts it, before anything is removed.
      const removed = await w.deleteClaimData(claim.namespace, claim.name);
      // An applied claim would get a new, empty volume at the controllers' next pass: it goes too.
      const applied = (await w.list(['PersistentVolumeClaim'], claim.namespace)).some((v) => v.object.metadata.name === claim.name);
      if (applied) await w.delete({ kind: 'PersistentVolumeClaim', ...claim });
      return removed;
    });
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const options = { document: request.document, allowHostAccess: request.allowHostAccess };
    let { plans, problems } = planManifest(request.text, request.file, options);
    // A pod that mounts a claim is planned again with the engine's claims (as `podwright run` does):
    // only then does its persistentVolumeClaim volume find the claim's volume. Most pods have none,
    // and the first plan costs no engine call.
    if (problems.some((p) => p.code === 'missing-reference' && p.where.endsWith('.persistentVolumeClaim.claimName'))) {
      try {
        ({ plans, problems } = await this.runtime.workloads.planPods(request.text, request.file, options));
      } catch (e) {
        if (isRuntimeError(e)) return { kind: 'failed', message: failureWords(e.failure), failure: e.failure };
        throw e;
      }
    }
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
        // Running once the apps have stayed up this long (from their start), as `run --wait` has it:
        // a container that exits right after it started is reported as the crash it is, where a
        // status pass that caught it running for a moment reported the pod started.
        settleMs: RUN_SETTLE_MS,
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

  async logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal, opts: { previous?: boolean } = {}): Promise<void> {
    // A terminal line ends where the log line does: the newline is the terminal's to write. A
    // previous run has ended: there is nothing to follow.
    await this.runtime.logs(await this.status(pod), { container, follow: !opts.previous, previous: opts.previous, signal }, (l) => onLine({ container: l.container, stream: l.stream, text: l.text.replace(/\r?\n$/, '') }));
  }

  async timeline(pod: PodRef, title: string): Promise<TimelinePicture> {
    const model = buildTimeline(await this.timelineSource(pod));
    return { model, picture: timelinePicture(model), body: timelineBody(title, model), style: TIMELINE_CSS, script: TIMELINE_SCRIPT };
  }

  async workloadTimeline(ref: ObjectRef & { uid?: string }, title: string): Promise<Omit<TimelinePicture, 'model'> & { model: WorkloadTimeline }> {
    // By the object's uid when known: the pods of an earlier workload of that name (deleted, then
    // applied again) are not this one's.
    const ownedBy = (o: { kind: string; name: string; uid?: string } | undefined, namespace: string) =>
      o?.kind === ref.kind && o.name === ref.name && namespace === ref.namespace && (!ref.uid || o.uid === ref.uid);
    const revisionOf = (labels: Record<string, string>) => labels['pod-template-hash'] ?? labels['controller-revision-hash'];
    const observations: PodObservation[] = [];
    const gone: PodGone[] = [];
    for (const p of (await this.runtime.list()).filter((x) => ownedBy(x.owner, x.namespace))) {
      const created = Date.parse(p.creationTimestamp ?? '') || Date.now();
      observations.push(...podObservations(p.name, revisionOf(p.labels), created, p.containers, this.runtime.history(p.uid)));
    }
    for (const r of this.runtime.stoppedPods().filter((x) => ownedBy(x.owner ?? x.description.controlledBy, x.namespace))) {
      const stoppedAt = Date.parse(r.stoppedAt);
      // The stop's own last record (every container Terminated by the kill) is the controller's
      // removal, not the pod's outcome: the lane ends as "removed" instead.
      const history = (r.state.history ?? []).filter((h) => Date.parse(h.time) < stoppedAt);
      const created = Date.parse(r.description.startTime ?? '') || Date.parse(history[0]?.time ?? '') || stoppedAt;
      observations.push(...podObservations(r.name, revisionOf(r.description.labels), created, r.containers, history));
      gone.push({ at: stoppedAt, pod: r.name });
    }
    const model = buildWorkloadTimeline(ref.kind as WorkloadKind, ref.name, observations, gone, Date.now());
    const picture = workloadTimelineSvg(model) + workloadTable(model);
    return { model, picture, body: `<h2>${escapeXml(title)}</h2>${timelineToolbar()}<div id="picture">${picture}</div>`, style: TIMELINE_CSS, script: TIMELINE_SCRIPT };
  }

  async stoppedPods(): Promise<StoppedPodRef[]> {
    return this.runtime.stoppedPods().map((p) => ({ namespace: p.namespace, name: p.name, stoppedAt: p.stoppedAt }));
  }

  async timelineSource(pod: PodRef): Promise<TimelineSource> {
    let status: PodStatus;
    try {
      status = await this.status(pod);
    } catch (e) {
      // Not on the engine: a stopped pod is drawn from the record its stop kept, up to the stop.
      const kept = isRuntimeError(e, 'PodNotFound') ? this.runtime.stoppedPod(pod) : undefined;
      if (!kept) throw e;
      const { events, history } = kept.state;
      return { startedAt: kept.description.startTime ?? events[0]?.time ?? kept.stoppedAt, containers: kept.containers, events, history: history ?? [], now: Date.parse(kept.stoppedAt) };
    }
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
