// What the controllers know of each object beyond its spec: replica counts of a Deployment's
// ReplicaSets, conditions, counters, events — status, as the API server keeps it in `.status`. One
// owner-only JSON file per object in the state folder, written by the controller manager (the one
// process that runs controllers) and read by anyone (`podwright get`, the editor). Everything in it
// can be recomputed from the pods, so losing it costs a resync, not the workload.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { clusterIn } from '../network';
import { isAlive, type PodEvent } from '../state';
import type { StoredObject } from './records';

const MANAGER_LOCK = 'manager.lock';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime: string;
  lastUpdateTime?: string;
}

/** One ReplicaSet of a Deployment: a pod template, by its hash. */
export interface ReplicaSetStatus {
  hash: string;
  /** `<deployment>-<hash>`. */
  name: string;
  /** spec.replicas of the ReplicaSet, as the Deployment controller scales it. */
  replicas: number;
  /** The deployment.kubernetes.io/revision annotation. */
  revision: number;
  created: number;
  /** The pod template (with pod-template-hash in its labels). */
  template: Record<string, unknown>;
}

/** A pod a Job counted, by uid: counted once, and still counted after the pod is gone (upstream's tracking finalizers). */
export interface TrackedPod {
  name: string;
  phase: 'Active' | 'Succeeded' | 'Failed';
  /** Its completion index (Indexed Jobs). */
  index?: number;
  /** When it finished, epoch ms. */
  at?: number;
  /** A failure that counts against backoffLimit (a podFailurePolicy Ignore rule makes it not). */
  counted?: boolean;
  /** Deleted by the Job controller itself (suspend, deadline, excess): not a failure when it goes. */
  deleted?: boolean;
}

/** A Job a CronJob started and still runs (.status.active). */
export interface ActiveJob {
  name: string;
  uid: string;
}

/**
 * One ControllerRevision of a StatefulSet or DaemonSet: a pod template by its revision name
 * (`<owner>-<hash>`), as pkg/controller/history keeps them.
 */
export interface RevisionStatus {
  name: string;
  hash: string;
  /** The revision number: the highest is the newest (a template that comes back takes the next). */
  revision: number;
  /** The object's generation when this template became the update revision (pod-template-generation). */
  generation: number;
  /** The pod template of this revision. */
  template: Record<string, unknown>;
}

export interface ObjectStatus {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  observedGeneration: number;
  conditions: Condition[];
  /** Deployments: their ReplicaSets, newest last. */
  replicaSets?: ReplicaSetStatus[];
  /** StatefulSets and DaemonSets: their revisions, oldest first. */
  revisions?: RevisionStatus[];
  /** StatefulSets: the revision of the pods before the update (status.currentRevision). */
  currentRevision?: string;
  /** StatefulSets and DaemonSets: the revision of the pod template now (status.updateRevision). */
  updateRevision?: string;
  /** When the rollout last made progress (progressDeadlineSeconds counts from it). */
  lastProgress?: number;
  /** Counters a controller keeps (Job: failed pods counted, start time …). */
  counters?: Record<string, number>;
  /** Times a controller keeps (CronJob last schedule, Job start/completion …), epoch ms. */
  times?: Record<string, number>;
  /** Jobs: the pods counted, by uid. */
  trackedPods?: Record<string, TrackedPod>;
  /** CronJobs: the Jobs they started that have not finished. */
  activeJobs?: ActiveJob[];
  /** Why an object has no pods (a DaemonSet this node does not suit …). */
  message?: string;
  /** The object's spec at the last pass: what its clean-up needs once the object is gone. */
  spec?: Record<string, unknown>;
  events: PodEvent[];
}

/**
 * Adds an event to the object's status; the same event as the last one is counted once, as the API
 * server's event series are. True if it was added.
 */
export function recordEvent(status: ObjectStatus, type: 'Normal' | 'Warning', reason: string, message: string): boolean {
  const last = status.events[status.events.length - 1];
  if (last && last.reason === reason && last.message === message) return false;
  status.events.push({ time: new Date().toISOString(), type, reason, message });
  return true;
}

const MAX_EVENTS = 100;

export class ObjectStatusStore {
  /** The status files' folder (the editor watches it). */
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'objects');
  }

  private file(uid: string): string {
    return join(this.dir, `${uid}.json`);
  }

  /**
   * Calls `onChange` when a status file changes: written with other content, or removed with its
   * object. Every pass writes them, so one written again unchanged wakes nobody. Throws when the
   * folder cannot be watched.
   */
  watch(onChange: () => void): FSWatcher {
    const seen = new Map<string, string>();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return watch(this.dir, (_event, file) => {
      if (!file || !file.endsWith('.json') || file.endsWith('.tmp.json')) return;
      let text = '';
      try {
        text = readFileSync(join(this.dir, file), 'utf8');
      } catch {
        // Removed with its object: a change as well.
      }
      if (seen.get(file) === text) return;
      seen.set(file, text);
      onChange();
    });
  }

  read(uid: string): ObjectStatus | undefined {
    try {
      return JSON.parse(readFileSync(this.file(uid), 'utf8')) as ObjectStatus;
    } catch {
      // Never written (a new object) or removed with its object: a controller starts from the pods.
      return undefined;
    }
  }

  write(status: ObjectStatus): void {
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (status.events.length > MAX_EVENTS) status.events.splice(0, status.events.length - MAX_EVENTS);
    const tmp = this.file(`${status.uid}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(status), { mode: 0o600 });
    renameSync(tmp, this.file(status.uid));
  }

  remove(uid: string): void {
    rmSync(this.file(uid), { force: true });
  }

  /** This state folder's cluster id, made the first time it is asked for. */
  clusterId(): string {
    const known = clusterIn(dirname(this.dir));
    if (known !== undefined) return known;
    // First use of this state folder as a cluster: give it an id.
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    try {
      writeFileSync(join(this.dir, 'cluster-id'), id, { flag: 'wx', mode: 0o600 });
      return id;
    } catch {
      // Another process made it first.
      return readFileSync(join(this.dir, 'cluster-id'), 'utf8').trim();
    }
  }

  /** Takes the controller manager's lock: true when this process is the one manager now. */
  lockManager(): boolean {
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, MANAGER_LOCK);
    for (let i = 0; i < 2; i++) {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
        return true;
      } catch {
        const holder = this.managerPid();
        if (holder === process.pid) return true;
        if (holder !== undefined) return false;
        // Its holder died: take it over.
        rmSync(file, { force: true });
      }
    }
    return false;
  }

  unlockManager(): void {
    if (this.managerPid() === process.pid) rmSync(join(this.dir, MANAGER_LOCK), { force: true });
  }

  /** The live controller manager's process, if one runs for this state folder. */
  managerPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dir, MANAGER_LOCK), 'utf8'));
      return isAlive(pid) ? pid : undefined;
    } catch {
      // No lock: no manager.
      return undefined;
    }
  }

  uids(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((n) => n.endsWith('.json'))
        .map((n) => n.slice(0, -'.json'.length));
    } catch {
      // No folder yet: no object was ever reconciled here.
      return [];
    }
  }
}

/** A condition set as the API server's helpers do: the transition time changes only with the status. */
export function setCondition(status: ObjectStatus, next: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>, now: number): boolean {
  const at = new Date(now).toISOString();
  const current = status.conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return false;
  const condition: Condition = { ...next, lastTransitionTime: current && current.status === next.status ? current.lastTransitionTime : at, lastUpdateTime: at };
  status.conditions = [...status.conditions.filter((c) => c.type !== next.type), condition];
  return true;
}

export function conditionOf(status: ObjectStatus | undefined, type: string): Condition | undefined {
  return status?.conditions.find((c) => c.type === type);
}

/** The status of an object its controller has not synced yet. */
export function freshStatus(object: StoredObject): ObjectStatus {
  return { uid: object.metadata.uid, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, observedGeneration: 0, conditions: [], events: [] };
}

/** A deleted object as its status remembers it: enough for its controller's clean-up. */
export function ghostOf(status: ObjectStatus): StoredObject {
  return {
    kind: status.kind,
    apiVersion: '',
    metadata: { name: status.name, namespace: status.namespace, uid: status.uid, generation: 0, creationTimestamp: '', labels: {}, annotations: {} },
    body: status.spec ?? {},
    manifest: '',
    hash: '',
    options: { allowHostAccess: false },
    record: '',
  };
}
