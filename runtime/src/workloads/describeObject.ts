// What `kubectl describe` shows of a workload beyond its spec (the Deployment, StatefulSet,
// DaemonSet, Job and CronJob describers of staging/src/k8s.io/kubectl/pkg/describe/describe.go):
// the replica counters its controller would write into .status, its pods by phase, a Deployment's
// ReplicaSets, and its events. Plain data; the CLI lays it out.
import type { EventView } from '../describe';
import type { PodStatus } from '../status';
import { isAvailable, isReady, type Obj } from './controller';
import { HASH_LABEL, placement } from './daemonSet';
import type { ObjectStatus } from './objectStatus';
import { LABELS } from './jobLogic';
import type { StoredObject } from './records';

export interface ObjectDescription {
  object: StoredObject;
  status: ObjectStatus | undefined;
  /**
   * The counters of its kind, by kubectl's words: Deployment desired, updated, total, available,
   * unavailable; StatefulSet desired, total; DaemonSet desired, current, upToDate, available,
   * misscheduled; Job active, ready, succeeded, failed.
   */
  counts: Record<string, number>;
  /** The selector as the API server stores it (a Job's is generated from its uid unless manualSelector). */
  selector?: Obj;
  /** The pod template's labels as stored (a Job's get the job-name and controller-uid labels). */
  templateLabels: Record<string, string>;
  /** Its pods by phase, as the `Pods Status` line counts them (Pending is "Waiting"). */
  phases: { running: number; waiting: number; succeeded: number; failed: number };
  /** A Deployment's ReplicaSets: pods that exist of each, and the replicas asked of it; newest first. */
  replicaSets?: { name: string; pods: number; replicas: number; revision: number }[];
  events: EventView[];
}

/** The component each kind's events come from (the From column). */
const FROM: Record<string, string> = {
  Deployment: 'deployment-controller',
  StatefulSet: 'statefulset-controller',
  DaemonSet: 'daemonset-controller',
  Job: 'job-controller',
  CronJob: 'cronjob-controller',
  ReplicaSet: 'replicaset-controller',
  ReplicationController: 'replication-controller',
  PersistentVolumeClaim: 'persistentvolume-controller',
  Service: 'service-controller',
};

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export function describeObject(object: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now = Date.now()): ObjectDescription {
  const spec = (object.body.spec ?? {}) as Obj;
  const live = pods.filter((p) => !p.terminating);
  const phases = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    if (p.phase === 'Running') phases.running++;
    else if (p.phase === 'Succeeded') phases.succeeded++;
    else if (p.phase === 'Failed') phases.failed++;
    else phases.waiting++;
  }
  const min = num(spec.minReadySeconds, 0);
  const available = live.filter((p) => isAvailable(p, min, now)).length;
  let counts: Record<string, number> = {};
  let replicaSets: ObjectDescription['replicaSets'];
  switch (object.kind) {
    case 'Deployment': {
      const desired = num(spec.replicas, 1);
      const sets = [...(status?.replicaSets ?? [])].sort((a, b) => b.revision - a.revision);
      const newest = sets[0];
      // As the Deployment controller's status: unavailable is what the desired count lacks.
      counts = {
        desired,
        updated: newest ? live.filter((p) => p.labels['pod-template-hash'] === newest.hash).length : 0,
        total: live.length,
        available,
        unavailable: Math.max(0, desired - available),
      };
      replicaSets = sets.map((rs) => ({ name: rs.name, pods: live.filter((p) => p.labels['pod-template-hash'] === rs.hash).length, replicas: rs.replicas, revision: rs.revision }));
      break;
    }
    case 'StatefulSet':
      counts = { desired: num(spec.replicas, 1), total: live.length };
      break;
    case 'DaemonSet': {
      // One node, this machine: it runs the daemon's pod unless the pod's placement rules it out.
      const desired = placement(object) ? 0 : 1;
      const hash = status?.revisions?.find((r) => r.name === status.updateRevision)?.hash;
      counts = {
        desired,
        current: Math.min(desired, live.length),
        upToDate: Number(desired > 0 && live.some((p) => p.labels[HASH_LABEL] === hash)),
        available: Math.min(desired, available),
        misscheduled: desired ? 0 : Number(live.length > 0),
      };
      break;
    }
    case 'Job':
      counts = {
        active: status?.counters?.active ?? live.filter((p) => p.phase === 'Pending' || p.phase === 'Running').length,
        ready: status?.counters?.ready ?? live.filter(isReady).length,
        succeeded: status?.counters?.succeeded ?? 0,
        failed: status?.counters?.failed ?? 0,
      };
      break;
  }
  const template = (spec.template ?? {}) as Obj;
  let templateLabels = { ...(((template.metadata ?? {}) as Obj).labels as Record<string, string> | undefined) };
  let selector = spec.selector as Obj | undefined;
  if (object.kind === 'Job' && spec.manualSelector !== true) {
    // The API server's defaulting of a Job (pkg/registry/batch/job/strategy.go): the selector is
    // its uid, and the template carries it with the job's name, new and legacy keys both.
    const uid = object.metadata.uid;
    selector = { matchLabels: { [LABELS.controllerUid]: uid } };
    templateLabels = { ...templateLabels, [LABELS.controllerUid]: uid, [LABELS.legacyControllerUid]: uid, [LABELS.jobName]: object.metadata.name, [LABELS.legacyJobName]: object.metadata.name };
  }
  const own = FROM[object.kind] ?? `${object.kind.toLowerCase()}-controller`;
  // A Deployment's pods are made and removed by its ReplicaSets' controller upstream, which says so.
  const from = (reason: string) => (object.kind === 'Deployment' && /^(SuccessfulCreate|SuccessfulDelete|FailedCreate)$/.test(reason) ? FROM.ReplicaSet : own);
  const events = (status?.events ?? []).map((e): EventView => ({ type: e.type, reason: e.reason, from: from(e.reason), message: e.message, count: 1, firstTimestamp: e.time, lastTimestamp: e.time }));
  return { object, status, counts, ...(selector ? { selector } : {}), templateLabels, phases, ...(replicaSets ? { replicaSets } : {}), events };
}
