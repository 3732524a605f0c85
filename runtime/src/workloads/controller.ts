// What a controller sees and may do in one pass of the controller manager. A controller is plain
// code: it reads its object, its status and its pods, and asks for pods to be created or deleted;
// the manager does the engine work, so the controllers can be tested with a fake context.
import type { PlanProblem } from '../plan';
import { isPodReady, type PodStatus } from '../status';
import type { ManagerOptions } from './manager';
import type { ObjectStatus } from './objectStatus';
import type { StoredObject } from './records';

export type Obj = Record<string, unknown>;

/** A pod a controller asks for: its metadata and spec (from the workload's template, adjusted). */
export interface PodRequest {
  name: string;
  /**
   * The metadata.generateName the name was made from (`web-5d8f9b7c4-`), for pods named that way:
   * a failure to create one names it, as the API server's error does (`pods "web-5d8f9b7c4-"`).
   */
  generateName?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The PodSpec to run (a copy of the template's, with what the controller sets: hostname …). */
  spec: Obj;
  /** Where the template's spec is in the manifest, for the paths of problems. */
  specPath: string;
}

/** An object a controller makes (a CronJob's Job): in the controller's namespace, owned by its object. */
export interface ObjectRequest {
  kind: string;
  apiVersion: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  body: Obj;
}

export interface ControllerContext {
  /** The controllers' clock (ManagerOptions.now; real time by default), epoch ms. */
  readonly now: number;
  /** The manager's options (back-offs a test shortens …). */
  readonly options: ManagerOptions;
  /** The object's status as the controllers left it (a fresh one for a new object). */
  status: ObjectStatus;
  /** The pods this object's controller made (its owner labels), with those still being created. */
  pods: PodStatus[];
  /** Every object applied, for the ones a controller depends on (a Deployment's claims …). */
  objects: StoredObject[];
  /** Creates a pod (the manager runs and supervises it); planning problems become events. */
  createPod(request: PodRequest): void;
  /** Deletes a pod with its grace period (the controller's scale-down or replacement). */
  deletePod(pod: PodStatus): void;
  /** Records an event on the object, as `kubectl describe` lists them. */
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Asks for another pass at this time, at the latest (a back-off ends, minReadySeconds pass …). */
  wakeAt(ms: number): void;
  /** Creates or keeps the engine volume of a PersistentVolumeClaim (name in this namespace). */
  ensureClaim(name: string, spec: Obj, owner?: { kind: string; name: string }): Promise<string>;
  /** Removes a claim's volume and data. */
  deleteClaim(name: string): Promise<void>;
  /**
   * Stores an object owned by this one (ownerReferences, controller: true), with this object's
   * manifest and apply options. An object of that kind and name already there is returned as it is
   * (`created: false`), as the API server answers AlreadyExists.
   */
  createObject(request: ObjectRequest): Promise<{ object: StoredObject; created: boolean }>;
  /** Deletes an object (this one: a Job's ttlSecondsAfterFinished; or one it owns); its pods and dependents follow at the next pass. */
  deleteObject(object: StoredObject): Promise<void>;
  /** Another object's status as its controller last wrote it (a CronJob reads its Jobs'). */
  statusOf(uid: string): ObjectStatus | undefined;
  /** The claims of this namespace (name, and `Kind/name` of the workload that made it). */
  listClaims(): Promise<{ name: string; owner?: string }[]>;
}

/** What a deleted object's controller may still do: remove claims of its namespace. */
export interface ClaimOps {
  list(): Promise<{ name: string; owner?: string }[]>;
  delete(name: string): Promise<void>;
}

export interface Controller {
  kind: string;
  /** One reconcile pass: compare what is with what the object asks for, and act. */
  sync(object: StoredObject, ctx: ControllerContext): Promise<void> | void;
  /**
   * What the API server's validation of this kind refuses, or the controller cannot honour, before
   * the object is stored (`current`: the object as stored, for immutable fields); field paths from
   * the object's root.
   */
  refuse?(value: Obj, current: StoredObject | undefined): PlanProblem[];
  /**
   * The object is being deleted (metadata.deletionTimestamp) and waits for this, as for a finalizer:
   * true when the controller is done and the object may go.
   */
  finalize?(object: StoredObject, ctx: ControllerContext): Promise<boolean> | boolean;
  /** The object was deleted: what to do beyond deleting its pods (claims, by retention policy …). */
  deleted?(object: StoredObject, status: ObjectStatus | undefined, claims: ClaimOps): Promise<void> | void;
}

/** A pod that counts as there: not terminating, not failed or succeeded for good. */
export function isActive(p: PodStatus): boolean {
  return !p.terminating && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

/** Ready as the pod's Ready condition says it (isPodReady): the controllers' name for it. */
export const isReady = isPodReady;

/** Ready for at least minReadySeconds: what the controllers call available. */
export function isAvailable(p: PodStatus, minReadySeconds: number, now: number): boolean {
  if (!isReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const since = readySince(p);
  return since !== undefined && now - since >= minReadySeconds * 1000;
}

/** When the pod became Ready: the latest start of a container that serves (a restart resets it). */
export function readySince(p: PodStatus): number | undefined {
  const starts = p.containers.filter((c) => c.role !== 'init' && c.startedAt).map((c) => Date.parse(c.startedAt as string));
  return starts.length ? Math.max(...starts) : undefined;
}

/** The template's labels matched by a selector: matchLabels and matchExpressions, as labels.Selector. */
export function matches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const matchLabels = (selector.matchLabels ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== String(v)) return false;
  for (const e of (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) as Obj[]) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
