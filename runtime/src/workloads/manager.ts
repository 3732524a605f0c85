// The controller manager: one process per engine and state folder (as kube-controller-manager is one
// per cluster) that runs every workload's controller in passes. A pass reads the objects and the pods
// from the engine, lets each controller compare and act, and keeps the pods it made supervised in this
// process. Engine events, changes of the supervisors' state and the controllers' own timers start a
// pass; a slow tick is the safety net. Whatever it knows is on the engine or recomputable, so a new
// manager takes over where a killed one stopped.
import type Docker from 'dockerode';
import { watch, type FSWatcher } from 'node:fs';
import type { BackoffOptions } from '../backoff';
import { isConnectionError } from '../engine';
import { LABEL } from '../labels';
import type { PodRuntime } from '../runtime';
import type { PodStatus } from '../status';
import { claimOps, ensureClaim, deleteClaim } from './claims';
import { CONTROLLERS } from './controllers';
import type { ControllerContext, ObjectRequest, PodRequest } from './controller';
import { CreateBackoff } from './createBackoff';
import { freshStatus, ghostOf, ObjectStatusStore, recordEvent, type ObjectStatus } from './objectStatus';
import { pendingStatus, planOwnedPod, type PendingPod } from './ownedPods';
import { deleteObject, listObjects, putObject, type StoredObject } from './records';
import { PassLoop, Superseded, type PassLoopOptions } from './passLoop';
import { syncServices } from './services';

export interface ManagerOptions extends PassLoopOptions {
  backoff?: BackoffOptions;
  /** The Job controller's delay before a failed pod is replaced: 10 s doubling, at most 6 min (jobs.ts JOB_BACKOFF) unless set. */
  jobBackoff?: BackoffOptions;
  /**
   * The clock the controllers read, epoch ms: real time unless set. A test moves it on to make a
   * CronJob's schedule come due without waiting for the minute (timers still run in real time).
   */
  now?: () => number;
  /** The safety-net period between passes when nothing happens. */
  tickMs?: number;
  log?: (message: string) => void;
}

export class ControllerManager {
  private readonly statuses: ObjectStatusStore;
  private readonly pending = new Map<string, PendingPod>();
  /** Pods whose `run` has not returned yet (listed or not): `run` supervises them itself. */
  private readonly creating = new Set<string>();
  /** Creations and deletions under way, waited for by stop(). */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Cancels the creations under way when the manager stops (their pods are removed, and made again by the next manager). */
  private readonly abort = new AbortController();
  private readonly deleting = new Set<string>();
  /** Owners whose last pod creation failed, and until when their next waits. */
  private readonly createBackoff = new CreateBackoff();
  /** When passes run. Its pass numbers let a pending pod go only by a listing made after its creation ended. */
  private readonly loop: PassLoop;
  private stopped = false;
  private tick: NodeJS.Timeout | undefined;
  private streams: { destroy(): void }[] = [];
  private watcher: FSWatcher | undefined;

  /** The cluster (state folder) this manager runs: only its objects, and only pods labelled with it. */
  private readonly cluster: string;

  constructor(
    private readonly runtime: PodRuntime,
    private readonly docker: Docker,
    stateDir: string,
    private readonly opts: ManagerOptions = {},
  ) {
    this.statuses = new ObjectStatusStore(stateDir);
    this.cluster = this.statuses.clusterId();
    this.loop = new PassLoop(
      (pass) =>
        this.pass(pass).catch((e) => {
          if (e instanceof Superseded) throw e;
          this.log(`pass failed${isConnectionError(e) ? ' (is the engine answering?)' : ''}: ${(e as Error).stack ?? String(e)}`);
        }),
      (m) => this.log(m),
      opts,
    );
  }

  /**
   * Starts reconciling, if no other process is this cluster's manager (then false, and nothing
   * runs here: two managers would both create pods for the same workloads).
   */
  async start(): Promise<boolean> {
    if (!this.statuses.lockManager()) return false;
    await this.subscribe();
    try {
      this.watcher = watch(this.runtime.stateDir, () => this.kick());
    } catch (e) {
      // Without the folder watch, readiness changes are seen at the next engine event or tick.
      this.log(`cannot watch ${this.runtime.stateDir}: ${(e as Error).message}`);
    }
    this.tick = setInterval(() => this.kick(), this.opts.tickMs ?? 5000);
    this.kick();
    return true;
  }

  /** Stops reconciling; pods being created are finished first, so that none is left unowned. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.tick);
    for (const s of this.streams) s.destroy();
    this.watcher?.close();
    this.abort.abort();
    // The pass under way too, or it would supervise pods after close().
    await Promise.allSettled([...this.inFlight, this.loop.stop()]);
    this.runtime.close();
    this.statuses.unlockManager();
  }

  /** Resolves when a pass begun after this call has ended (not one already under way: it listed earlier). */
  nextPass(): Promise<void> {
    return this.loop.nextPass();
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  /** Container events of this cluster's workloads' pods, and the object records' changes, start a pass. */
  private async subscribe(): Promise<void> {
    // A volume event carries no labels (only its driver), so a label filter would drop every one:
    // records are told apart from other volumes by the pass itself, which lists them.
    const filters: { type: ('container' | 'volume')[]; label?: string[]; event?: string[] }[] = [
      // This cluster's pods only: a manager of another state folder has nothing to do for them, and
      // each pass lists and inspects every pod.
      { type: ['container'], label: [`${LABEL.cluster}=${this.cluster}`] },
      { type: ['volume'], event: ['create', 'destroy'] },
    ];
    for (const f of filters) {
      const stream = (await this.docker.getEvents({ filters: f })) as unknown as NodeJS.ReadableStream & { destroy(): void };
      this.streams.push(stream);
      stream.on('data', () => this.kick());
      // The engine went away: the tick goes on trying, and a pass that reaches the engine again
      // does not need the stream to find out what changed.
      stream.on('error', () => undefined);
    }
  }

  /** Asks for a pass soon (PassLoop.kick). */
  kick(): void {
    this.loop.kick();
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** `ms` on the controllers' clock; the timer runs in real time, as long as that clock is from now. */
  private wakeAt(ms: number): void {
    this.loop.wakeAt(Date.now() + (ms - this.now()));
  }

  /** PassLoop.at: names the step, and ends a superseded pass. */
  private at(pass: number, step?: string): void {
    this.loop.at(pass, step);
  }

  private async pass(pass: number): Promise<void> {
    this.at(pass, 'listing objects and pods');
    const [objects, pods] = await Promise.all([listObjects(this.docker, this.cluster), this.runtime.list()]);
    this.at(pass);
    // Creations that ended before this listing began: listed now (dropped below) or gone for good.
    for (const [key, p] of this.pending) if (p.listedFrom !== undefined && pass >= p.listedFrom) this.pending.delete(key);
    const byOwner = new Map<string, PodStatus[]>();
    for (const p of pods) {
      if (!p.owner || p.owner.cluster !== this.cluster) continue;
      byOwner.set(p.owner.uid, [...(byOwner.get(p.owner.uid) ?? []), p]);
      // Listed now: no longer pending. Supervised here (after a restart of this process, too).
      this.pending.delete(`${p.namespace}/${p.name}`);
      const creating = this.creating.has(`${p.namespace}/${p.name}`);
      if (!creating && !this.stopped && !p.terminating && p.phase !== 'Succeeded' && p.phase !== 'Failed') void this.runtime.superviseHere(p.uid).catch((e) => this.log(`cannot supervise ${p.name}: ${(e as Error).message}`));
    }
    const live = new Set(objects.map((o) => o.metadata.uid));
    // Garbage collection of objects first: those whose owners are all gone (a deleted CronJob's
    // Jobs) go, and their pods with them below, as the garbage collector's background propagation.
    for (let changed = true; changed; ) {
      changed = false;
      for (const o of objects) {
        const owners = o.metadata.ownerReferences ?? [];
        if (!live.has(o.metadata.uid) || !owners.length || owners.some((r) => live.has(r.uid))) continue;
        this.at(pass, `deleting ${o.kind} ${o.metadata.name}, its owners gone`);
        await deleteObject(this.docker, o.metadata.uid);
        live.delete(o.metadata.uid);
        changed = true;
      }
    }
    this.at(pass);
    objects.splice(0, objects.length, ...objects.filter((o) => live.has(o.metadata.uid)));
    // Garbage collection: the pods of deleted objects go, as their owner references ask.
    for (const [uid, owned] of byOwner) if (!live.has(uid)) for (const p of owned) this.deletePod(p);
    for (const uid of this.statuses.uids()) {
      if (live.has(uid)) continue;
      // What its controller removes with it (claims mounted by its pods) waits until its pods are gone.
      if (byOwner.has(uid) || [...this.pending.values()].some((p) => p.owner.metadata.uid === uid)) continue;
      const status = this.statuses.read(uid);
      const controller = status && CONTROLLERS.get(status.kind);
      if (controller?.deleted && status) {
        this.at(pass, `cleaning up after ${status.kind} ${status.name}`);
        try {
          await controller.deleted(ghostOf(status), status, claimOps(this.docker, status.namespace));
        } catch (e) {
          if (isConnectionError(e)) throw e;
          // Kept, so that the next pass tries again; the other objects go on meanwhile.
          this.log(`clean-up of ${status.kind} ${status.name}: ${(e as Error).message}`);
          continue;
        }
      }
      this.at(pass);
      this.statuses.remove(uid);
    }
    // Services before the controllers: a pod made in this pass gets the links of the Services before it.
    this.at(pass, 'syncing Services');
    await syncServices(this.docker, this.cluster, this.runtime.stateDir, objects, pods, (svc, type, reason, message) => this.serviceEvent(svc, type, reason, message)).catch((e: unknown) => {
      if (isConnectionError(e)) throw e;
      // One failing Service (a node port in use …) leaves the workloads' controllers to go on.
      this.log(`services: ${(e as Error).stack ?? String(e)}`);
    });
    this.at(pass);
    // Claims first: the pods of this very pass may mount them.
    const ordered = [...objects].sort((a, b) => Number(b.kind === 'PersistentVolumeClaim') - Number(a.kind === 'PersistentVolumeClaim'));
    for (const object of ordered) {
      const controller = CONTROLLERS.get(object.kind);
      if (!controller) continue;
      const status = this.statuses.read(object.metadata.uid) ?? freshStatus(object);
      const owned = [...(byOwner.get(object.metadata.uid) ?? []), ...this.pendingOf(object)];
      const ctx = this.context(pass, object, status, owned, objects);
      this.at(pass, `syncing ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`);
      try {
        if (!object.metadata.deletionTimestamp) await controller.sync(object, ctx);
        // Being deleted: the record goes once its controller is done (as a finalizer is removed).
        else if (!controller.finalize || (await controller.finalize(object, ctx))) await deleteObject(this.docker, object.metadata.uid);
      } catch (e) {
        if (isConnectionError(e) || e instanceof Superseded) throw e;
        ctx.event('Warning', 'SyncFailed', `the ${object.kind} controller failed: ${(e as Error).message}`);
        this.log(`${object.kind} ${object.metadata.name}: ${(e as Error).stack ?? String(e)}`);
      }
      this.at(pass);
      status.observedGeneration = object.metadata.generation;
      status.spec = (object.body.spec ?? {}) as Record<string, unknown>;
      this.statuses.write(status);
    }
  }

  /** An event on a Service (which has no controller of its own here), kept with its status. */
  private serviceEvent(svc: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const status = this.statuses.read(svc.metadata.uid) ?? freshStatus(svc);
    if (recordEvent(status, type, reason, message)) this.statuses.write(status);
  }

  /** The pods asked for and not yet listed, as Pending pods of their owner. */
  private pendingOf(object: StoredObject): PodStatus[] {
    return [...this.pending.values()].filter((p) => p.owner.metadata.uid === object.metadata.uid).map((p) => pendingStatus(p, this.cluster));
  }

  private context(pass: number, object: StoredObject, status: ObjectStatus, pods: PodStatus[], objects: StoredObject[]): ControllerContext {
    const now = this.now();
    return {
      now,
      options: this.opts,
      status,
      pods,
      objects,
      // A superseded pass decided from an old listing: what it would make or remove, the live one decides.
      createPod: (request) => {
        this.at(pass);
        this.createPod(object, request, objects, status);
      },
      deletePod: (pod) => {
        this.at(pass);
        this.deletePod(pod);
      },
      event: (type, reason, message) => recordEvent(status, type, reason, message),
      wakeAt: (ms) => this.wakeAt(ms),
      ensureClaim: (name, spec, owner) => ensureClaim(this.docker, object.metadata.namespace, name, spec, owner),
      deleteClaim: async (name) => {
        await deleteClaim(this.docker, object.metadata.namespace, name);
      },
      createObject: async (request) => {
        this.at(pass);
        return this.createObject(object, request);
      },
      deleteObject: async (target) => {
        this.at(pass);
        await deleteObject(this.docker, target.metadata.uid);
        this.kick();
      },
      statusOf: (uid) => this.statuses.read(uid),
      listClaims: () => claimOps(this.docker, object.metadata.namespace).list(),
    };
  }

  private async createObject(owner: StoredObject, request: ObjectRequest): Promise<{ object: StoredObject; created: boolean }> {
    const namespace = owner.metadata.namespace;
    // Listed again, not taken from the pass: the name is the lock against making it twice.
    const existing = (await listObjects(this.docker, this.cluster, request.kind)).find((o) => o.metadata.namespace === namespace && o.metadata.name === request.name);
    if (existing) return { object: existing, created: false };
    const { object } = await putObject(
      this.docker,
      {
        ...request,
        namespace,
        manifest: owner.manifest,
        options: owner.options,
        cluster: this.cluster,
        ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true }],
      },
      undefined,
    );
    return { object, created: true };
  }

  /**
   * A pod that could not be made: said on its owner (a FailedCreate event, the pod's name left out
   * so that the same failure is one event), and the owner's next tries back off (createBackoff.ts).
   * Without the wait a template the engine refuses (its networks used up, say) was tried again at
   * every pass, as fast as passes came.
   */
  private failedCreate(owner: StoredObject, request: PodRequest, why: string): void {
    // `pods "web-5d8f9b7c4-"` as in the API server's refusal: the generateName, the same at each try,
    // also tells which of a Deployment's ReplicaSets failed (replicaSetOfEvent).
    const message = `Error creating: ${request.generateName ? `pods "${request.generateName}": ` : ''}${why}`;
    const until = this.createBackoff.failed(owner);
    const status = this.statuses.read(owner.metadata.uid) ?? freshStatus(owner);
    // The same failure again is one event, moved to now (the API server's event series count them).
    const same = status.events.findIndex((e) => e.reason === 'FailedCreate' && e.message === message);
    if (same >= 0) status.events.splice(same, 1);
    status.events.push({ time: new Date().toISOString(), type: 'Warning', reason: 'FailedCreate', message });
    this.statuses.write(status);
    this.wakeAt(this.now() + (until - Date.now()));
  }

  private createPod(owner: StoredObject, request: PodRequest, objects: StoredObject[], status: ObjectStatus): void {
    const key = `${owner.metadata.namespace}/${request.name}`;
    if (this.pending.has(key)) return;
    const wait = this.createBackoff.waitUntil(owner);
    if (wait !== undefined) {
      this.wakeAt(this.now() + (wait - Date.now()));
      return;
    }
    this.pending.set(key, { request, owner, since: Date.now() });
    this.creating.add(key);
    const work = (async () => {
      const { plan, problems } = await planOwnedPod(this.docker, owner, request, objects, this.cluster);
      if (problems.length) {
        this.pending.delete(key);
        this.failedCreate(owner, request, `${problems[0].where}: ${problems[0].message}`);
        return;
      }
      status.events.push({ time: new Date().toISOString(), type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${request.name}` });
      // `run` creates the pod and leaves its supervisor here; the controllers follow the pod's status
      // through their passes, so there is nothing to wait for once it is created.
      const result = await this.runtime.run(plan, {
        supervise: 'inProcess',
        backoff: this.opts.backoff,
        timeoutMs: 1,
        publishAddress: owner.options.publishAddress,
        signal: this.abort.signal,
      });
      if (result.outcome === 'Cancelled') return;
      if (result.failure) this.failedCreate(owner, request, result.message.replaceAll(request.name, '<pod>'));
      else this.createBackoff.succeeded(owner);
    })()
      .catch((e) => {
        this.log(`creating ${key}: ${(e as Error).message}`);
        if (!isConnectionError(e)) this.failedCreate(owner, request, (e as Error).message.replaceAll(request.name, '<pod>'));
      })
      .finally(() => {
        const entry = this.pending.get(key);
        if (entry) entry.listedFrom = this.loop.passes + 1;
        this.creating.delete(key);
        this.inFlight.delete(work);
        this.kick();
      });
    this.inFlight.add(work);
  }

  private deletePod(pod: PodStatus): void {
    if (pod.uid.startsWith('pending:') || this.deleting.has(pod.uid)) return;
    this.deleting.add(pod.uid);
    const work = this.runtime
      .stop(pod.uid)
      .catch((e) => this.log(`deleting ${pod.name}: ${(e as Error).message}`))
      .finally(() => {
        this.deleting.delete(pod.uid);
        this.inFlight.delete(work);
        this.kick();
      });
    this.inFlight.add(work);
  }
}
