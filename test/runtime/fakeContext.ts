// A ControllerContext with no engine behind it, for testing a controller's decisions pass by pass:
// it records the pods and objects asked for and deleted, events and wake-ups, and lets a test set
// the pods and the clock of the next pass.
import type { PodStatus } from '../../runtime/src';
import type { ControllerContext, ObjectRequest, PodRequest } from '../../runtime/src/workloads/controller';
import type { ObjectStatus } from '../../runtime/src/workloads/objectStatus';
import type { StoredObject } from '../../runtime/src/workloads/records';

export interface Fake {
  now: number;
  status: ObjectStatus;
  pods: PodStatus[];
  objects: StoredObject[];
  statuses: Map<string, ObjectStatus>;
  created: PodRequest[];
  deleted: string[];
  createdObjects: StoredObject[];
  deletedObjects: string[];
  events: { type: string; reason: string; message: string }[];
  wakes: number[];
  options: ControllerContext['options'];
  /** The context of one pass over the current state. */
  ctx(): ControllerContext;
}

export function stored(kind: string, name: string, body: Record<string, unknown>, extra: Partial<StoredObject['metadata']> = {}): StoredObject {
  return {
    kind,
    apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'v1',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: new Date(0).toISOString(), labels: {}, annotations: {}, ...extra },
    body,
    manifest: '/tmp/m.yaml',
    hash: 'h',
    options: { allowHostAccess: false },
    record: `rec-${name}`,
  };
}

export function fake(object: StoredObject, now: number, options: ControllerContext['options'] = {}): Fake {
  const f: Fake = {
    now,
    status: { uid: object.metadata.uid, kind: object.kind, namespace: 'default', name: object.metadata.name, observedGeneration: 0, conditions: [], events: [] },
    pods: [],
    objects: [object],
    statuses: new Map(),
    created: [],
    deleted: [],
    createdObjects: [],
    deletedObjects: [],
    events: [],
    wakes: [],
    options,
    ctx() {
      return {
        now: f.now,
        options: f.options,
        status: f.status,
        pods: f.pods,
        objects: f.objects,
        createPod: (r: PodRequest) => void f.created.push(r),
        deletePod: (p: PodStatus) => void f.deleted.push(p.name),
        event: (type, reason, message) => void f.events.push({ type, reason, message }),
        wakeAt: (ms: number) => void f.wakes.push(ms),
        ensureClaim: async (name: string) => name,
        deleteClaim: async () => undefined,
        listClaims: async () => [],
        createObject: async (r: ObjectRequest) => {
          const existing = f.objects.find((o) => o.kind === r.kind && o.metadata.name === r.name);
          if (existing) return { object: existing, created: false };
          const o = stored(r.kind, r.name, r.body, { labels: r.labels, annotations: r.annotations, ownerReferences: [{ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, uid: object.metadata.uid, controller: true }] });
          f.createdObjects.push(o);
          f.objects.push(o);
          return { object: o, created: true };
        },
        deleteObject: async (o: StoredObject) => {
          f.deletedObjects.push(o.metadata.name);
          f.objects = f.objects.filter((x) => x !== o);
        },
        statusOf: (uid: string) => f.statuses.get(uid),
      };
    },
  };
  return f;
}

/** A pod as the runtime lists it, made from a request: phase and, when it finished, its exit code. */
export function podFrom(r: PodRequest, uid: string, phase: PodStatus['phase'], exitCode?: number, finishedAt?: number): PodStatus {
  const terminated = phase === 'Succeeded' || phase === 'Failed';
  return {
    uid,
    name: r.name,
    namespace: 'default',
    manifest: '/tmp/m.yaml',
    labels: r.labels,
    annotations: r.annotations,
    phase,
    status: phase,
    ready: terminated ? '0/1' : '1/1',
    restarts: 0,
    containers: [
      {
        name: 'main',
        role: 'app',
        image: 'busybox',
        state: terminated ? 'terminated' : 'running',
        exitCode: terminated ? (exitCode ?? (phase === 'Succeeded' ? 0 : 1)) : undefined,
        restarts: 0,
        ready: !terminated,
        started: true,
        finishedAt: terminated && finishedAt !== undefined ? new Date(finishedAt).toISOString() : undefined,
      },
    ],
    ports: [],
    terminating: false,
  };
}
