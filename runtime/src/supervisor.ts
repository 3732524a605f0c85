// The pod supervisor: what the kubelet's syncPod does and the engine cannot. Docker's own restart
// policies restart with their own back-off (100 ms doubling), know nothing of init order, native
// sidecars, probes or CrashLoopBackOff, so every container is created with restart policy "no" and
// this loop starts, restarts and kills them. Resumable from the engine and the state file, it lets
// `podwright run` hand the pod to a background process (supervisorMain.ts), and any process take over.
import type Docker from 'dockerode';
import { advance, BackoffOptions, restartAt } from './backoff';
import { engineMessage, isConnectionError } from './engine';
import { EngineContainer, EnginePod, readPods } from './engineView';
import { recreateContainer } from './recreate';
import { LABEL } from './labels';
import { PodProbes } from './podProbes';
import { runHandler } from './probes';
import { deadlineIn, isGone, killContainer, stopContainers } from './remove';
import { ContainerRuntimeState, PodEvent, PodState, StateStore } from './state';
import { recordStatus } from './statusHistory';
import { computeStatus, PodStatus } from './status';
import type { PodShape } from './types';

type Decl = PodShape['containers'][number];

const FIRST_RESUBSCRIBE_MS = 1000;
const MAX_RESUBSCRIBE_MS = 30_000;

/** The kubelet gives postStart no timeout of its own; a hook that hangs should not hold the pod forever. */
const POST_START_TIMEOUT_MS = 120_000;

export interface SupervisorOptions {
  backoff: BackoffOptions;
  onEvent?: (e: PodEvent) => void;
  onStatus?: (s: PodStatus) => void;
  /** Right before a container is started (or started again). */
  onStarting?: (container: string) => void;
  /** A pass failed (the engine may be gone); the loop goes on regardless. */
  onSyncError?: (e: unknown) => void;
  /** Safety-net period; engine events wake the loop sooner. */
  tickMs?: number;
}

export class Supervisor {
  private state!: PodState;
  private shape!: PodShape;
  private stopped = false;
  private busy = false;
  private again = false;
  private interval: NodeJS.Timeout | undefined;
  private wake: NodeJS.Timeout | undefined;
  private wakeTime = Infinity;
  private events: NodeJS.ReadableStream | undefined;
  private resubscribeMs = FIRST_RESUBSCRIBE_MS;
  private readonly probes: PodProbes;
  private infraId: string | undefined;
  /** The pod as start() read it: the first pass needs no second read. */
  private first: EnginePod | undefined;
  private resolveDone!: () => void;
  /** Settles when the pod reached a final phase, was stopped, or vanished. */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    private readonly docker: Docker,
    private readonly store: StateStore,
    readonly uid: string,
    private readonly opts: SupervisorOptions,
  ) {
    this.probes = new PodProbes({
      docker: this.docker,
      shape: () => this.shape,
      final: () => !!this.state.final,
      container: (name) => this.cs(name),
      emit: (type, reason, message, container) => this.emit(type, reason, message, container),
      kill: (d, c, grace) =>
        void killContainer(this.docker, c.id, deadlineIn(grace), d.preStop, this.infraId)
          .catch(this.failedKill(d.name))
          .finally(() => this.kick()),
      changed: () => {
        if (this.store.read(this.uid)) this.store.write(this.state);
        this.kick();
      },
      stopped: () => this.stopped,
    });
  }

  async start(initial?: PodState): Promise<void> {
    const [pod] = await readPods(this.docker, this.uid);
    if (!pod?.shape) throw new Error(`pod ${this.uid} is not on the engine`);
    // Stopped while it was starting (the pod is being stopped): it must write nothing back, or the
    // state would outlive the pod.
    if (this.stopped) return;
    this.shape = pod.shape;
    this.state = initial ?? this.store.read(this.uid) ?? { uid: this.uid, name: pod.name, namespace: pod.namespace, backoff: this.opts.backoff, containers: {}, events: [] };
    this.state.supervisorPid = process.pid;
    this.store.write(this.state);
    this.first = pod;
    await this.subscribe();
    this.interval = setInterval(() => this.kick(), this.opts.tickMs ?? 1000);
    this.kick();
  }

  /**
   * Engine events wake the loop at once (an init container exiting, a crash). The stream ends when
   * the engine restarts; it is opened again, and meanwhile the interval keeps the loop going.
   */
  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    // While the engine is away, asking again every second would only add load: the delay doubles
    // up to half a minute (the interval keeps the loop going meanwhile) and resets once events flow.
    const retry = () => {
      if (this.stopped) return;
      setTimeout(() => void this.subscribe(), this.resubscribeMs).unref();
      this.resubscribeMs = Math.min(this.resubscribeMs * 2, MAX_RESUBSCRIBE_MS);
    };
    try {
      const stream = (await this.docker.getEvents({ filters: { label: [`${LABEL.uid}=${this.uid}`], type: ['container'] } })) as NodeJS.ReadableStream;
      if (this.stopped) return (stream as unknown as { destroy(): void }).destroy();
      this.events = stream;
      stream.on('data', () => {
        this.resubscribeMs = FIRST_RESUBSCRIBE_MS;
        this.kick();
      });
      const again = () => {
        if (this.events !== stream || this.stopped) return;
        this.events = undefined;
        retry();
      };
      stream.on('end', again);
      stream.on('error', again);
    } catch (e) {
      // Said once per outage by the pass that fails meanwhile (FailedSync); here only the retry matters.
      if (!isConnectionError(e)) this.emit('Warning', 'FailedSync', `cannot follow the engine's events: ${engineMessage(e)}`);
      retry();
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.interval);
    clearTimeout(this.wake);
    this.probes.stop();
    (this.events as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    if (this.state?.supervisorPid === process.pid) {
      this.state.supervisorPid = undefined;
      if (this.store.read(this.uid)) this.store.write(this.state);
    }
    // A pass in flight may be creating a container: `done` waits for it, so whoever removes the
    // pod after `done` sees everything there is to remove.
    if (!this.busy) this.resolveDone();
  }

  /** Runs the loop now (coalescing: one pass at a time, another if asked meanwhile). */
  kick(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    void this.tick()
      .catch((e) => {
        this.opts.onSyncError?.(e);
        // The engine may be restarting: say so once, and keep trying on the interval.
        const message = `error syncing pod: ${engineMessage(e)}`;
        if (this.state.events[this.state.events.length - 1]?.message !== message) this.emit('Warning', 'FailedSync', message);
      })
      .finally(() => {
        this.busy = false;
        if (this.stopped) return this.resolveDone();
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private emit(type: PodEvent['type'], reason: string, message: string, container?: string): void {
    const e: PodEvent = { time: new Date().toISOString(), type, reason, container, message };
    this.state.events.push(e);
    // Written at once, so that another process reading events sees them in order with the engine.
    if (this.store.read(this.uid)) this.store.write(this.state);
    this.opts.onEvent?.(e);
  }

  /**
   * For a stop that fails: a container that is gone or stopped already is what was wanted; anything
   * else is recorded as the kubelet records it (FailedKillPod), and the next pass sees the state.
   */
  private failedKill(container?: string): (e: unknown) => void {
    return (e) => {
      if (isGone(e)) return;
      this.emit('Warning', 'FailedKillPod', `error killing ${container ? `container ${container}` : 'the pod sandbox'}: ${engineMessage(e)}`, container);
    };
  }

  private cs(name: string): ContainerRuntimeState {
    return (this.state.containers[name] ??= { restarts: 0 });
  }

  private async tick(): Promise<void> {
    if (this.store.stopRequested(this.uid)) return this.stop();
    const pod = this.first ?? (await readPods(this.docker, this.uid))[0];
    this.first = undefined;
    if (!pod || !pod.infra) return this.stop(); // removed by someone else
    this.infraId = pod.infra.id;
    const before = JSON.stringify(this.state);
    if (!this.state.final) await this.sync(pod);
    this.probes.sync(pod);
    if (JSON.stringify(this.state) !== before && this.store.read(this.uid) !== undefined) this.store.write(this.state);
    const fresh = this.again ? pod : ((await readPods(this.docker, this.uid))[0] ?? pod);
    const status = computeStatus(fresh, this.state, Date.now());
    if (this.record(status) && this.store.read(this.uid) !== undefined) this.store.write(this.state);
    this.opts.onStatus?.(status);
    if (this.state.final) this.stop();
  }

  /** Adds a StatusRecord for each container whose status changed since its last one; true if any. */
  private record(status: PodStatus): boolean {
    return recordStatus((this.state.history ??= []), status, new Date().toISOString());
  }

  private async startContainer(d: Decl, c: EngineContainer, restart: boolean): Promise<boolean> {
    if (this.stopped || this.store.stopRequested(this.uid)) return false;
    try {
      const rs = this.cs(d.name);
      // The kubelet's steps for each start, first or again: the image (pulled when the pod was
      // made, else already there), the container (made with the pod, or made anew), the start.
      if (rs.pulled) rs.pulled = undefined;
      else this.emit('Normal', 'Pulled', `Container image "${d.image}" already present on machine`, d.name);
      const id = restart ? await recreateContainer(this.docker, c.id) : c.id;
      this.emit('Normal', 'Created', `Created container ${d.name}`, d.name);
      // A new container is a new attempt, counted even if its start fails.
      if (restart) rs.restarts++;
      this.opts.onStarting?.(d.name);
      await this.docker.getContainer(id).start();
      rs.waiting = undefined;
      this.emit('Normal', 'Started', `Started container ${d.name}`, d.name);
      this.again = true;
      // postStart runs before the next container starts; if it fails the container is killed and
      // restarts per policy (FailedPostStartHook, pkg/kubelet/kuberuntime/kuberuntime_container.go).
      const hook = d.postStart && (await runHandler(this.docker, d.postStart, id, this.infraId ?? id, POST_START_TIMEOUT_MS));
      if (hook && !hook.ok) {
        this.emit('Warning', 'FailedPostStartHook', `PostStartHook failed: ${hook.output}`, d.name);
        await this.docker.getContainer(id).stop({ t: this.shape.terminationGracePeriodSeconds }).catch(this.failedKill(d.name));
        return false;
      }
      return true;
    } catch (e) {
      // The engine is gone, not the container at fault: the pass fails, and is retried.
      if (isConnectionError(e)) throw e;
      const message = engineMessage(e);
      if (/already started|is already running/i.test(message)) return true;
      this.cs(d.name).waiting = { reason: 'RunContainerError', message };
      this.cs(d.name).failedAt = new Date().toISOString();
      this.emit('Warning', 'Failed', `Error: ${message}`, d.name);
      return false;
    }
  }

  /** Handles an exited container that may restart; true when it is (being) restarted. */
  private async restartWithBackoff(d: Decl, c: EngineContainer): Promise<void> {
    const rs = this.cs(d.name);
    const now = Date.now();
    // A container whose start failed never finished: the failure's time stands for its end.
    const end = c.status === 'created' ? rs.failedAt : c.finishedAt;
    const finished = end ? Date.parse(end) : now;
    if (rs.handledFinish !== end) {
      rs.handledFinish = end;
      rs.restartAt = restartAt(rs.backoff, finished, this.state.backoff);
      if (rs.restartAt > now) this.emit('Warning', 'BackOff', `Back-off restarting failed container ${d.name}`, d.name);
    }
    if (rs.restartAt !== undefined && now >= rs.restartAt) {
      rs.backoff = advance(rs.backoff, finished, now, this.state.backoff);
      rs.restartAt = undefined;
      await this.startContainer(d, c, true);
    } else if (rs.restartAt !== undefined) {
      this.wakeAt(rs.restartAt);
    }
  }

  /** Wakes the loop at `t`; with several moments pending, the earliest wins (each pass asks again). */
  private wakeAt(t: number): void {
    if (this.wake && this.wakeTime <= t) return;
    clearTimeout(this.wake);
    this.wakeTime = t;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeTime = Infinity;
      this.kick();
    }, Math.max(0, t - Date.now()) + 5);
  }

  private async sync(pod: EnginePod): Promise<void> {
    const decls = this.shape.containers;
    const policy = this.shape.restartPolicy;
    // activeDeadlineSeconds counts from the pod's start (pkg/kubelet/active_deadline.go).
    const deadline = this.shape.activeDeadlineSeconds;
    if (deadline !== undefined && this.state.startedAt && Date.now() - Date.parse(this.state.startedAt) >= deadline * 1000) {
      this.emit('Warning', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline');
      this.state.reason = 'DeadlineExceeded';
      // Apps, then sidecars, within one grace period; finish then has only the sandbox left to stop.
      await stopContainers(this.docker, this.uid);
      return this.finish(pod, 'Failed', false);
    }
    if (deadline !== undefined && this.state.startedAt) this.wakeAt(Date.parse(this.state.startedAt) + deadline * 1000);
    // The sandbox died (an engine restart stops every container): start it again first, as the
    // kubelet recreates a dead sandbox (SandboxChanged); members then rejoin its new namespaces.
    // Like the kubelet (computePodActions), what still runs in the old namespaces is stopped and
    // the pod starts over from its init containers.
    if (pod.infra && pod.infra.status !== 'running') {
      this.emit('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      await Promise.all(
        [...pod.containers.values()].filter((c) => c.status === 'running').map((c) => this.docker.getContainer(c.id).stop({ t: this.shape.terminationGracePeriodSeconds }).catch(this.failedKill(c.name))),
      );
      await this.docker.getContainer(pod.infra.id).start();
      this.state.initialized = false;
      this.state.sandboxStartedAt = new Date().toISOString();
      this.again = true;
      return;
    }
    if (!this.state.initialized) {
      for (const d of decls.filter((x) => x.role !== 'app')) {
        const c = pod.containers.get(d.name);
        if (!c) return;
        const rs = this.cs(d.name);
        if (d.role === 'sidecar') {
          if (c.status === 'running') {
            if (d.startupProbe && !rs.started) return;
            continue;
          }
          if (c.status === 'created' && !rs.waiting) {
            if (!(await this.startContainer(d, c, false))) return;
            if (d.startupProbe) return;
            continue;
          }
          await this.restartWithBackoff(d, c);
          return;
        }
        if (c.status === 'exited' && c.exitCode === 0) {
          // Done, unless it ran in a sandbox that has since been replaced: then it runs again.
          const stale = this.state.sandboxStartedAt && (!c.startedAt || Date.parse(c.startedAt) < Date.parse(this.state.sandboxStartedAt));
          if (!stale) continue;
          await this.startContainer(d, c, true);
          return;
        }
        if (c.status === 'running') return;
        if (c.status === 'created' && !rs.waiting) {
          await this.startContainer(d, c, false);
          return;
        }
        // An init container failed: the pod fails with Never, otherwise it is retried with back-off.
        if (policy === 'Never') return this.finish(pod, 'Failed');
        await this.restartWithBackoff(d, c);
        return;
      }
      this.state.initialized = true;
    }
    // Native sidecars restart whatever the pod's policy.
    for (const d of decls.filter((x) => x.role === 'sidecar')) {
      const c = pod.containers.get(d.name);
      if (c && (c.status === 'exited' || c.status === 'dead')) await this.restartWithBackoff(d, c);
    }
    const apps = decls.filter((x) => x.role === 'app');
    let live = 0;
    await Promise.all(
      apps.map(async (d) => {
        const c = pod.containers.get(d.name);
        if (!c) return;
        const failedStart = c.status === 'created' && this.cs(d.name).waiting?.reason === 'RunContainerError';
        if (c.status === 'created' && !failedStart) {
          live++;
          await this.startContainer(d, c, false);
          return;
        }
        if (c.status !== 'exited' && c.status !== 'dead' && !failedStart) {
          live++;
          return;
        }
        const restart = policy === 'Always' || (policy === 'OnFailure' && (failedStart || c.exitCode !== 0 || c.oomKilled));
        if (restart) {
          live++;
          await this.restartWithBackoff(d, c);
        }
      }),
    );
    if (live === 0 && apps.length > 0) {
      const ok = apps.every((d) => pod.containers.get(d.name)?.exitCode === 0 && !this.cs(d.name).waiting);
      await this.finish(pod, ok ? 'Succeeded' : 'Failed');
    }
  }

  /**
   * The pod is done: sidecars stop in reverse order within one grace period (the kubelet's single
   * budget, KEP-753), then the infra container (the sandbox).
   */
  private async finish(pod: EnginePod, phase: 'Succeeded' | 'Failed', stopSidecars = true): Promise<void> {
    this.state.final = phase;
    // Written before the sandbox stops: a reader that saw the infra container down and no final
    // phase yet would take the pod for Pending (a Job's controller, between two passes).
    if (this.store.read(this.uid)) this.store.write(this.state);
    const sidecars = stopSidecars ? this.shape.containers.filter((d) => d.role === 'sidecar').reverse() : [];
    const deadline = deadlineIn(this.shape.terminationGracePeriodSeconds);
    for (const d of sidecars) {
      const c = pod.containers.get(d.name);
      if (c?.status !== 'running') continue;
      this.emit('Normal', 'Killing', `Stopping container ${d.name}`, d.name);
      await killContainer(this.docker, c.id, deadline, d.preStop, pod.infra?.id).catch(this.failedKill(d.name));
    }
    if (pod.infra) await this.docker.getContainer(pod.infra.id).stop({ t: 2 }).catch(this.failedKill());
    this.emit('Normal', phase === 'Succeeded' ? 'Completed' : 'Failed', `Pod ${phase.toLowerCase()}`);
  }
}
