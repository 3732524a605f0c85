// What the CLI and the extension do with workloads: apply manifests, list objects with their
// status as kubectl shows it, delete (with the pods and, by policy, the claims), scale, restart a
// rollout, trigger a CronJob, and keep the controller manager running in the background.
import type Docker from 'dockerode';
import type { FSWatcher } from 'node:fs';
import { parseYaml } from '../../../analysis/src';
import { spawnControllerManager } from '../background';
import { RuntimeError } from '../errors';
import type { PodRuntime } from '../runtime';
import type { PodStatus } from '../status';
import { applyManifest, dataObjectsOf, resourceName, STORED_KINDS, type ApplyDocument } from './apply';
import { planManifest, type PlanOptions, type PlanResult } from '../plan';
import { addPath, PAUSED, REPLICAS, RESTARTED_AT, valueAt, withValueAt, type FieldPath } from './commandFields';
import { claimOps, claimUsers, deleteClaim, ensureClaim, listClaims, type ClaimInfo } from './claims';
import { CONTROLLERS } from './controllers';
import { ObjectStatusStore, type ObjectStatus } from './objectStatus';
import { keptRevisions, pausedRefusal, ROLLED_KINDS, withImages, type Revision } from './rollouts';
import { templateHash } from './replicas';
import { describeDeploymentReplicaSet, describeObject, type ObjectDescription } from './describeObject';
import { claimSummary, deploymentReplicaSets, endpointsSummary, serviceSummary, summarise, type Summary } from './summary';
import { removeServiceObjects, serviceFacts } from './services';
import { serviceViews, type ServiceView } from './serviceViews';
import { DEFAULT_NAMESPACE, networkName, removeNetworkIfUnused } from '../network';
import { deleteObject, listObjects, putObject, type ApplyOptions, type Obj, type StoredObject } from './records';

const SCALABLE = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

export interface ObjectRef {
  kind: string;
  name: string;
  namespace: string;
}

/** An object with what the controllers know of it and its pods. */
export interface ObjectView {
  object: StoredObject;
  status: ObjectStatus | undefined;
  pods: PodStatus[];
}

export class Workloads {
  readonly statuses: ObjectStatusStore;

  constructor(
    private readonly runtime: PodRuntime,
    private readonly docker: Docker,
    private readonly address: string,
    private readonly managerEntry: string,
  ) {
    this.statuses = new ObjectStatusStore(runtime.stateDir);
  }

  /** This state folder's cluster: the objects and owned pods of other state folders are never touched. */
  get cluster(): string {
    return this.statuses.clusterId();
  }

  /** Stores the objects of a manifest (`only`: of those documents); bare Pods are left to the caller, who runs them. */
  async apply(text: string, manifestPath: string, options: ApplyOptions, only?: readonly number[]): Promise<{ documents: ApplyDocument[]; problems: import('../plan').PlanProblem[] }> {
    const report = await this.engine(() => applyManifest(this.docker, this.cluster, text, manifestPath, options, [], only));
    await this.bindClaims(report.documents);
    if (report.documents.some((d) => d.object)) await this.ensureManager();
    return report;
  }

  /**
   * Applies several files at once, as `kubectl apply -f DIR`: in the order given, each file's pods
   * may use the ConfigMaps, Secrets and claims of every other (they are applied in the same call).
   */
  async applyFiles(files: readonly { text: string; path: string }[], options: ApplyOptions): Promise<{ path: string; documents: ApplyDocument[]; problems: import('../plan').PlanProblem[] }[]> {
    const data = files.map((f) => dataObjectsOf(parseYaml(f.text)));
    const out = [];
    for (const [i, f] of files.entries()) {
      const alongside = data.filter((_, j) => j !== i).flat();
      out.push({ path: f.path, ...(await this.engine(() => applyManifest(this.docker, this.cluster, f.text, f.path, options, alongside))) });
    }
    await this.bindClaims(out.flatMap((r) => r.documents));
    if (out.some((r) => r.documents.some((d) => d.object))) await this.ensureManager();
    return out;
  }

  /**
   * A claim is bound at once, as a cluster binds one with a default storage class: the bare pods of
   * the same apply, started right after (by `podwright apply` or the editor's ▶ Run pod), can mount it.
   */
  private async bindClaims(documents: readonly ApplyDocument[]): Promise<void> {
    for (const d of documents) {
      if (d.kind === 'PersistentVolumeClaim' && d.object && !d.object.metadata.deletionTimestamp) {
        const claim = d.object;
        await this.engine(() => ensureClaim(this.docker, claim.metadata.namespace, claim.metadata.name, (claim.body.spec ?? {}) as Obj));
      }
    }
  }

  async list(kinds?: readonly string[], namespace?: string): Promise<ObjectView[]> {
    const [objects, pods] = await this.engine(() => Promise.all([listObjects(this.docker, this.cluster), this.runtime.list()]));
    return objects
      .filter((o) => (!kinds || kinds.includes(o.kind)) && (!namespace || o.metadata.namespace === namespace))
      .map((object) => ({ object, status: this.statuses.read(object.metadata.uid), pods: pods.filter((p) => p.owner?.uid === object.metadata.uid && p.owner.cluster === this.cluster) }));
  }

  async get(ref: ObjectRef): Promise<ObjectView> {
    const [view] = (await this.list([ref.kind], ref.namespace)).filter((v) => v.object.metadata.name === ref.name);
    if (!view) {
      await this.refuseDeploymentReplicaSet(ref);
      throw new RuntimeError({ code: 'ObjectNotFound', resource: resourceName(ref.kind, ref.name), namespace: ref.namespace });
    }
    return view;
  }

  /**
   * A Deployment's ReplicaSet is its Deployment's to change (replicaSets.ts): scaling, restarting or
   * deleting it is refused with the Deployment's name. Upstream the Deployment controller would undo
   * the change at once; here it has no record to change.
   */
  private async refuseDeploymentReplicaSet(ref: ObjectRef): Promise<void> {
    if (ref.kind !== 'ReplicaSet') return;
    const owner = (await this.list(['Deployment'], ref.namespace)).find((d) => d.status?.replicaSets?.some((rs) => rs.name === ref.name));
    if (!owner) return;
    const deploy = resourceName('Deployment', owner.object.metadata.name);
    throw this.refused(ref, `it is controlled by ${deploy}; scale, restart or delete the Deployment instead`);
  }

  /** What `kubectl describe KIND NAME` shows of a workload (counters, pods by phase, events) or a Service. */
  async describe(ref: ObjectRef): Promise<ObjectDescription> {
    if (ref.kind === 'ReplicaSet') {
      // A Deployment's ReplicaSet has no record of its own: it is described from the Deployment's.
      for (const d of await this.list(['Deployment'], ref.namespace)) {
        const described = describeDeploymentReplicaSet(d.object, d.status, d.pods, ref.name);
        if (described) return described;
      }
    }
    const { object, status, pods } = await this.get(ref);
    const description = describeObject(object, status, pods);
    if (object.kind === 'Service') description.service = (await this.services(object.metadata.namespace, [object])).get(object.metadata.uid);
    return description;
  }

  /**
   * Deletes an object: its record, its pods (with their grace periods, waited for), and what its
   * controller removes with it (a StatefulSet's claims when its policy says Delete), and the objects
   * it owns (a CronJob's Jobs, with their pods). Claims outlive everything else unless deleted themselves.
   */
  async delete(ref: ObjectRef): Promise<boolean> {
    const views = (await this.list([ref.kind], ref.namespace)).filter((v) => v.object.metadata.name === ref.name);
    if (!views.length) await this.refuseDeploymentReplicaSet(ref);
    for (const view of views) await this.deleteView(view);
    return views.length > 0;
  }

  private async deleteView({ object, status, pods }: ObjectView): Promise<void> {
    if (object.kind === 'PersistentVolumeClaim' && (await this.engine(() => claimUsers(this.docker, object.metadata.namespace, object.metadata.name))).length) {
      await this.markDeleted(object);
      return;
    }
    await this.engine(() => deleteObject(this.docker, object.metadata.uid));
    await Promise.all(pods.map((p) => this.runtime.stop(p.uid)));
    // A manager may have been creating a pod as the record went: it sees the object gone at its
    // next pass and makes no more; what it finishes meanwhile is removed here.
    for (let quiet = 0, deadline = Date.now() + 30_000; quiet < 2 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 500));
      const late = (await this.runtime.list()).filter((p) => p.owner?.uid === object.metadata.uid);
      quiet = late.length ? 0 : quiet + 1;
      await Promise.all(late.map((p) => this.runtime.stop(p.uid)));
    }
    const controller = CONTROLLERS.get(object.kind);
    if (controller?.deleted) await controller.deleted(object, status, claimOps(this.docker, object.metadata.namespace));
    this.statuses.remove(object.metadata.uid);
    // Then its dependents, as the garbage collector deletes them once their owner is gone.
    const dependents = (await this.list()).filter((v) => v.object.metadata.ownerReferences?.some((r) => r.uid === object.metadata.uid));
    await Promise.all(dependents.map((d) => this.deleteView(d)));
    // A Service's proxy goes with it; the namespace's network with the last of its pods and Services,
    // unless the namespace is `default` (network.ts says why).
    if (object.kind === 'Service') await this.engine(() => removeServiceObjects(this.docker, object));
    if (object.metadata.namespace !== DEFAULT_NAMESPACE) await this.engine(() => removeNetworkIfUnused(this.docker, networkName(this.cluster, object.metadata.namespace)));
  }

  /**
   * kubernetes.io/pvc-protection: a claim that a pod still mounts is not removed but marked deleted
   * (Terminating); the controller manager removes it, and its data, once no pod uses it.
   */
  private async markDeleted(object: StoredObject): Promise<void> {
    const { metadata } = object;
    await this.engine(() =>
      putObject(
        this.docker,
        { kind: object.kind, apiVersion: object.apiVersion, namespace: metadata.namespace, name: metadata.name, labels: metadata.labels, annotations: metadata.annotations, body: object.body, manifest: object.manifest, options: object.options, cluster: this.cluster, deletionTimestamp: metadata.deletionTimestamp ?? new Date().toISOString(), setByCommand: object.setByCommand },
        object,
      ),
    );
    await this.ensureManager();
  }

  /**
   * Plans the pods of a manifest (bare Pods, as `run` and `apply` run them) with the claims on the
   * engine, so that a `persistentVolumeClaim` volume mounts its claim's volume; a claim that does
   * not exist, or is being deleted, refuses the pod with its path.
   */
  async planPods(text: string, manifestPath: string, options: PlanOptions = {}): Promise<PlanResult> {
    const [objects, claims] = await this.engine(() => Promise.all([listObjects(this.docker, this.cluster), listClaims(this.docker)]));
    const terminating = new Set(objects.filter((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.deletionTimestamp).map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const claimsIn = (namespace: string) => new Map(claims.filter((c) => c.namespace === namespace && !terminating.has(`${namespace}/${c.name}`)).map((c) => [c.name, c.volume]));
    return planManifest(text, manifestPath, { ...options, claimsIn });
  }

  claims(namespace?: string): Promise<ClaimInfo[]> {
    return this.engine(() => listClaims(this.docker, namespace));
  }

  /** Deletes a claim's volume and its data (refused while a pod mounts it). */
  async deleteClaimData(namespace: string, name: string): Promise<boolean> {
    return this.engine(() => deleteClaim(this.docker, namespace, name));
  }

  /**
   * Writes a changed copy of a stored object (scale, restart …): the next generation. `field`, the
   * path the command sets, is kept by later applies that leave it out (commandFields.ts).
   */
  private async change(ref: ObjectRef, edit: (body: Obj, object: StoredObject) => Obj, field?: FieldPath): Promise<StoredObject> {
    const { object } = await this.get(ref);
    const setByCommand = field ? addPath(object.setByCommand, field) : object.setByCommand;
    const { object: next } = await this.engine(() =>
      putObject(
        this.docker,
        { kind: object.kind, apiVersion: object.apiVersion, namespace: object.metadata.namespace, name: object.metadata.name, labels: object.metadata.labels, annotations: object.metadata.annotations, body: edit(structuredClone(object.body), object), manifest: object.manifest, options: object.options, cluster: this.cluster, setByCommand },
        object,
      ),
    );
    await this.ensureManager();
    return next;
  }

  /** `kubectl scale`: spec.replicas of a Deployment, ReplicaSet, ReplicationController or StatefulSet. */
  scale(ref: ObjectRef, replicas: number): Promise<StoredObject> {
    if (!SCALABLE.includes(ref.kind)) throw this.refused(ref, 'only Deployments, ReplicaSets, ReplicationControllers and StatefulSets have replicas to scale');
    return this.change(ref, (body) => withValueAt(body, REPLICAS, replicas), REPLICAS);
  }

  /** `kubectl rollout restart`: a new template annotation, so a new rollout of the same spec. */
  restart(ref: ObjectRef, now = new Date()): Promise<StoredObject> {
    const edit = (body: Obj, object: StoredObject) => {
      const refusal = pausedRefusal('restart', object.kind, body);
      if (refusal) throw this.refused(ref, refusal);
      return withValueAt(body, RESTARTED_AT, now.toISOString());
    };
    return this.change(ref, edit, RESTARTED_AT);
  }

  /** `kubectl rollout pause|resume`: a Deployment's spec.paused (its controller then holds back or goes on). */
  pause(ref: ObjectRef, paused: boolean): Promise<StoredObject> {
    if (ref.kind !== 'Deployment') throw this.refused(ref, `${paused ? 'pausing' : 'resuming'} is not supported`);
    const edit = (body: Obj) => {
      if ((valueAt(body, PAUSED) === true) === paused) throw this.refused(ref, paused ? 'already paused' : 'not paused');
      return withValueAt(body, PAUSED, paused);
    };
    return this.change(ref, edit, PAUSED);
  }

  private refused(ref: ObjectRef, reason: string): RuntimeError {
    return new RuntimeError({ code: 'ObjectRefused', resource: resourceName(ref.kind, ref.name), reason });
  }

  /** `kubectl set image`: containers' images in the pod template, by name or `*`; false when each had its image already. */
  async setImage(ref: ObjectRef, images: Readonly<Record<string, string>>): Promise<boolean> {
    let changed = false;
    await this.change(ref, (body, object) => {
      const edited = withImages(object.kind, body, images);
      if (typeof edited === 'string') throw this.refused(ref, edited);
      changed = edited !== body;
      return edited;
    });
    return changed;
  }

  /** `kubectl rollout history`: the object, and the pod templates it kept, oldest first (rollouts.ts). */
  async history(ref: ObjectRef): Promise<{ object: StoredObject; revisions: Revision[] }> {
    if (!ROLLED_KINDS.includes(ref.kind)) throw this.refused(ref, 'only Deployments, StatefulSets and DaemonSets keep revisions');
    const { object, status } = await this.get(ref);
    return { object, revisions: keptRevisions(ref.kind, status) };
  }

  /**
   * `kubectl rollout undo`: the pod template back to a revision kept, the one before the newest by
   * default, rolled out as any change of template; `skipped` when it is that revision's already.
   */
  async undo(ref: ObjectRef, toRevision?: number): Promise<{ revision: number; skipped: boolean }> {
    const { object, revisions: kept } = await this.history(ref);
    const refusal = pausedRefusal('undo', object.kind, object.body);
    if (refusal) throw this.refused(ref, refusal);
    const revisions = kept.reverse();
    const target = toRevision ? revisions.find((r) => r.revision === toRevision) : revisions[1];
    if (!target) throw this.refused(ref, toRevision ? `unable to find specified revision ${toRevision} in history` : 'no rollout history found');
    if (templateHash(valueAt(object.body, ['spec', 'template']) ?? {}) === target.hash) return { revision: target.revision, skipped: true };
    await this.change(ref, (body) => withValueAt(body, ['spec', 'template'], target.template));
    return { revision: target.revision, skipped: false };
  }

  /** `kubectl get` columns of every object (of some kinds), with a Deployment's ReplicaSets as their own rows. */
  async summaries(kinds?: readonly string[], namespace?: string): Promise<Summary[]> {
    const wantRs = !kinds || kinds.includes('ReplicaSet');
    const wantEndpoints = !!kinds?.includes('Endpoints');
    const views = await this.list(kinds && (wantRs || wantEndpoints) ? [...kinds, ...(wantRs ? ['Deployment'] : []), ...(wantEndpoints ? ['Service'] : [])] : kinds, namespace);
    const out: Summary[] = [];
    // Services and their endpoints: what the engine knows of them (proxy addresses, pods on the network).
    const services = views.filter((v) => v.object.kind === 'Service').map((v) => v.object);
    if (services.length) {
      const facts = await this.engine(async () => serviceFacts(this.docker, this.cluster, services, await this.runtime.list()));
      for (const svc of services) {
        const f = facts.get(svc.metadata.uid) ?? { endpoints: [] };
        if (!kinds || kinds.includes('Service')) out.push(serviceSummary(svc, f));
        if (wantEndpoints) out.push(endpointsSummary(svc, f));
      }
    }
    for (const v of views) {
      if (v.object.kind === 'Service') continue;
      // Claims are listed from their volumes below: a StatefulSet's claims have no object of their own.
      if (v.object.kind === 'PersistentVolumeClaim') continue;
      if (!kinds || kinds.includes(v.object.kind)) out.push(summarise(v.object, v.status, v.pods));
      if (wantRs && v.object.kind === 'Deployment') out.push(...deploymentReplicaSets(v.object, v.status, v.pods));
    }
    if (!kinds || kinds.includes('PersistentVolumeClaim')) {
      const objects = views.filter((v) => v.object.kind === 'PersistentVolumeClaim').map((v) => v.object);
      const claims = await this.claims(namespace);
      const key = (ns: string, name: string) => `${ns}/${name}`;
      const keys = [...new Set([...claims.map((c) => key(c.namespace, c.name)), ...objects.map((o) => key(o.metadata.namespace, o.metadata.name))])].sort();
      for (const k of keys) {
        const claim = claims.find((c) => key(c.namespace, c.name) === k);
        const object = objects.find((o) => key(o.metadata.namespace, o.metadata.name) === k);
        const [ns, name] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
        out.push(claimSummary(ns, name, claim, object));
      }
    }
    return out;
  }

  /** Each Service's address, published ports and endpoints (Ready or not), by Service uid: what an editor shows. */
  async services(namespace?: string, listed?: readonly StoredObject[]): Promise<Map<string, ServiceView>> {
    // Objects listed already (an editor's overview) spare a listing.
    const services = listed ? listed.filter((o) => o.kind === 'Service' && (!namespace || o.metadata.namespace === namespace)) : (await this.list(['Service'], namespace)).map((v) => v.object);
    if (!services.length) return new Map();
    return this.engine(async () => serviceViews(this.docker, this.cluster, services, await this.runtime.list()));
  }

  /** Every object with its status, pods and `kubectl get` summary, from one listing (what an editor shows). */
  async overview(namespace?: string): Promise<(ObjectView & { summary: Summary })[]> {
    return (await this.list(undefined, namespace)).map((v) => ({ ...v, summary: summarise(v.object, v.status, v.pods) }));
  }

  /**
   * Follows what pod events do not show: object records and claim volumes made or removed (by any
   * process), and status the controller manager writes (a Job's Complete …). A status file written
   * again unchanged — every pass writes them — wakes nobody.
   */
  async watch(onChange: () => void, onEnd: (error: unknown) => void): Promise<{ dispose(): void }> {
    // Volume events carry no labels (the engine gives only the driver), so a label filter would
    // never match: records and claims are told apart by their names (recordName, claimVolumeName).
    const stream = (await this.engine(() => this.docker.getEvents({ filters: { type: ['volume'], event: ['create', 'destroy'] } }))) as NodeJS.ReadableStream & { destroy(): void };
    const ours = (chunk: Buffer | string) =>
      String(chunk)
        .split('\n')
        .some((line) => /"ID":"podwright-(object|pvc)-/.test(line));
    let ended = false;
    let folder: FSWatcher | undefined;
    const end = (error: unknown) => {
      if (ended) return;
      ended = true;
      folder?.close();
      stream.destroy();
      onEnd(error);
    };
    stream.on('data', (chunk: Buffer | string) => {
      if (ours(chunk)) onChange();
    });
    stream.on('end', () => end(new Error('The Docker engine closed the event stream (stopped?).')));
    stream.on('error', (e: Error) => end(e));
    try {
      this.runtime.ensureStateDir();
      folder = this.statuses.watch(onChange);
    } catch (e) {
      // Without the folder watch, status changes show at the next pod or record event.
      process.emitWarning(`podwright: cannot watch ${this.statuses.dir}: ${(e as Error).message}`);
    }
    return {
      dispose: () => {
        ended = true;
        folder?.close();
        stream.destroy();
      },
    };
  }

  /**
   * `kubectl create job NAME --from=cronjob/NAME`: a Job from the CronJob's jobTemplate, marked as
   * made by hand (the cronjob.kubernetes.io/instantiate annotation), run by the Job controller.
   */
  async createJobFrom(cronJob: ObjectRef, jobName: string): Promise<StoredObject> {
    const { object } = await this.get({ ...cronJob, kind: 'CronJob' });
    const template = ((object.body.spec ?? {}) as Obj).jobTemplate as Obj | undefined;
    const meta = ((template?.metadata ?? {}) as Obj) ?? {};
    if ((await this.list(['Job'], cronJob.namespace)).some((v) => v.object.metadata.name === jobName)) throw new RuntimeError({ code: 'ObjectRefused', resource: `job.batch/${jobName}`, reason: `already exists in namespace '${cronJob.namespace}'` });
    const { object: job } = await this.engine(() =>
      putObject(
        this.docker,
        {
          kind: 'Job',
          apiVersion: 'batch/v1',
          namespace: cronJob.namespace,
          name: jobName,
          labels: { ...((meta.labels ?? {}) as Record<string, string>) },
          annotations: { ...((meta.annotations ?? {}) as Record<string, string>), 'cronjob.kubernetes.io/instantiate': 'manual' },
          body: { spec: structuredClone((template?.spec ?? {}) as Obj) },
          manifest: object.manifest,
          options: object.options,
          cluster: this.cluster,
          // kubectl makes the CronJob its owner (controller, no blockOwnerDeletion): it goes with the CronJob.
          ownerReferences: [{ apiVersion: object.apiVersion || 'batch/v1', kind: 'CronJob', name: object.metadata.name, uid: object.metadata.uid, controller: true }],
        },
        undefined,
      ),
    );
    await this.ensureManager();
    return job;
  }

  /**
   * Starts the controller manager in the background when none runs for this state folder and
   * engine: the workloads keep being reconciled after this process exits.
   */
  async ensureManager(): Promise<boolean> {
    if (this.statuses.managerPid() !== undefined) return false;
    this.runtime.ensureStateDir();
    spawnControllerManager(this.managerEntry, this.runtime.stateDir, this.address);
    return true;
  }

  private async engine<T>(call: () => Promise<T>): Promise<T> {
    return this.runtime.engineCall(call);
  }
}

export { STORED_KINDS, resourceName };
