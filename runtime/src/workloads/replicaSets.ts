// A Deployment's ReplicaSets as the API shows them. The controller keeps them in the Deployment's
// status (deployment.ts); what reads them as kubectl would sees objects of their own: a Deployment's
// pod is controlled by its ReplicaSet (`Controlled By: ReplicaSet/web-5d8f9b7c4`, ownerReferences),
// `describe rs` and `get rs -o json` show the ReplicaSet with its owner, template and annotations,
// and the events of its pods (created, deleted) are the replicaset-controller's, on the ReplicaSet,
// as upstream records them, not the Deployment's.
import { createHash } from 'node:crypto';
import type { PodEvent } from '../state';
import type { Obj } from './controller';
import type { ObjectStatus, ReplicaSetStatus } from './objectStatus';
import type { StoredObject } from './records';
import { fenceposts, type IntOrPercent } from './rolling';

/** The API group and version each kind that controls pods belongs to (ownerReferences' apiVersion). */
const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  ReplicationController: 'v1',
};

export interface ControllerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/**
 * A uid for a ReplicaSet that has no record: the same for the same Deployment and template, shaped as
 * the API server's (a UUID), so that a pod's ownerReference and the ReplicaSet's own uid agree.
 */
export function replicaSetUid(deploymentUid: string, hash: string): string {
  const h = createHash('sha1').update(`${deploymentUid}/ReplicaSet/${hash}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The controller of a pod, as its ownerReferences name it: a Deployment's pod is its ReplicaSet's. */
export function controllerOf(pod: { owner?: { kind: string; name: string; uid: string }; labels: Record<string, string> }): ControllerRef | undefined {
  const owner = pod.owner;
  if (!owner) return undefined;
  const hash = pod.labels['pod-template-hash'];
  if (owner.kind === 'Deployment' && hash) return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${owner.name}-${hash}`, uid: replicaSetUid(owner.uid, hash) };
  return { apiVersion: API_VERSIONS[owner.kind] ?? 'v1', kind: owner.kind, name: owner.name, uid: owner.uid };
}

/** The replicaset-controller's events about the pods it makes and removes. */
const POD_EVENTS = new Set(['SuccessfulCreate', 'SuccessfulDelete', 'FailedCreate']);

/**
 * Which of a Deployment's ReplicaSets an event of its status belongs to: an event about one of its
 * pods (`Created pod: web-5d8f9b7c4-x2x7k`) is that ReplicaSet's; undefined for the Deployment's own.
 */
export function replicaSetOfEvent(e: PodEvent, sets: readonly ReplicaSetStatus[]): ReplicaSetStatus | undefined {
  if (!POD_EVENTS.has(e.reason)) return undefined;
  // `Created pod: NAME`, `Deleted pod: NAME`, `Error creating: pods "GENERATE-NAME": …`.
  const pod = /pods?:? "?([a-z0-9][-a-z0-9.]*)/.exec(e.message)?.[1];
  return pod ? sets.find((rs) => pod.startsWith(`${rs.name}-`)) : undefined;
}

/** A Deployment's own events: those of its ReplicaSets left out. */
export function deploymentOwnEvents(status: ObjectStatus | undefined): PodEvent[] {
  const sets = status?.replicaSets ?? [];
  return (status?.events ?? []).filter((e) => !replicaSetOfEvent(e, sets));
}

/**
 * A Deployment's ReplicaSet as the API returns it (`kubectl get rs -o json`): labelled with its
 * template hash, selecting by it too, annotated with its revision and the replica counts the
 * Deployment controller writes (desired-replicas, max-replicas), and owned by the Deployment.
 */
export function replicaSetObject(deployment: StoredObject, rs: ReplicaSetStatus): StoredObject {
  const spec = (deployment.body.spec ?? {}) as Obj;
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const selector = (spec.selector ?? {}) as Obj;
  const labels = (((rs.template.metadata ?? {}) as Obj).labels ?? {}) as Record<string, string>;
  const strategy = (spec.strategy ?? {}) as Obj;
  const rolling = (strategy.rollingUpdate ?? {}) as Obj;
  // As the Deployment controller annotates it: replicas plus maxSurge (none for Recreate).
  const maxSurge = strategy.type === 'Recreate' ? 0 : fenceposts(rolling.maxSurge as IntOrPercent, rolling.maxUnavailable as IntOrPercent, desired).surge;
  return {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    metadata: {
      name: rs.name,
      namespace: deployment.metadata.namespace,
      uid: replicaSetUid(deployment.metadata.uid, rs.hash),
      generation: 1,
      creationTimestamp: new Date(rs.created).toISOString(),
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(desired),
        'deployment.kubernetes.io/max-replicas': String(desired + maxSurge),
        'deployment.kubernetes.io/revision': String(rs.revision),
      },
      ownerReferences: [{ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name, uid: deployment.metadata.uid, controller: true }],
    },
    body: {
      spec: {
        replicas: rs.replicas,
        selector: { ...selector, matchLabels: { ...((selector.matchLabels ?? {}) as Obj), 'pod-template-hash': rs.hash } },
        template: rs.template,
      },
    },
    manifest: deployment.manifest,
    hash: rs.hash,
    options: deployment.options,
    record: deployment.record,
  };
}
