// What `kubectl describe` shows of a workload beyond its spec (the Deployment, ReplicaSet,
// ReplicationController, StatefulSet, DaemonSet, Job and CronJob describers of
// staging/src/k8s.io/kubectl/pkg/describe/describe.go): the replica counters its controller would
// write into .status, its pods by phase, a Deployment's ReplicaSets, and its events. Plain data; the
// CLI lays it out.
import { asObject as obj, listOf as list } from '../../../analysis/src';
import type { EventView } from '../describe';
import { volumeDetail, type VolumeDetail } from '../detail';
import type { PodStatus } from '../status';
import { isReady, type Obj } from './controller';
import { eventSource } from './eventSources';
import { freshStatus, type ObjectStatus } from './objectStatus';
import { deploymentOwnEvents, replicaSetObject, replicaSetOfEvent } from './replicaSets';
import { LABELS } from './jobLogic';
import type { StoredObject } from './records';
import type { ServiceView } from './serviceViews';
import { daemonSetCounts, deploymentCounts } from './summary';

export interface ObjectDescription {
  object: StoredObject;
  status: ObjectStatus | undefined;
  /**
   * The counters of its kind, by kubectl's words: Deployment desired, updated, total, available,
   * unavailable; ReplicaSet and ReplicationController current, desired; StatefulSet desired, total;
   * DaemonSet desired, current, upToDate, available, misscheduled; Job active, ready, succeeded, failed.
   */
  counts: Record<string, number>;
  /** The selector as the API server stores it (a Job's is generated from its uid unless manualSelector). */
  selector?: Obj;
  /** The pod template's labels as stored (a Job's get the job-name and controller-uid labels). */
  templateLabels: Record<string, string>;
  /** The pod template's volumes by their sources (a CronJob's: its Job template's pod template's). */
  templateVolumes: VolumeDetail[];
  /** Its pods by phase, as the `Pods Status` line counts them (Pending is "Waiting"). */
  phases: { running: number; waiting: number; succeeded: number; failed: number };
  /** A Deployment's ReplicaSets: pods that exist of each, and the replicas asked of it; newest first. */
  replicaSets?: { name: string; pods: number; replicas: number; revision: number }[];
  events: EventView[];
  /** A Service's address, ports and endpoints, as the engine has them (its proxy, the pods on its network). */
  service?: ServiceView;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * `describe rs NAME` of a Deployment's ReplicaSet (replicaSets.ts): the ReplicaSet as the API shows
 * it, its pods (those of its template hash) and the events about them; undefined if `deployment` has
 * no ReplicaSet of that name.
 */
export function describeDeploymentReplicaSet(deployment: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], name: string): ObjectDescription | undefined {
  const sets = status?.replicaSets ?? [];
  const rs = sets.find((r) => r.name === name);
  if (!rs) return undefined;
  const object = replicaSetObject(deployment, rs);
  const events = (status?.events ?? []).filter((e) => replicaSetOfEvent(e, sets) === rs);
  const own = pods.filter((p) => p.labels['pod-template-hash'] === rs.hash);
  return describeObject(object, { ...freshStatus(object), observedGeneration: 1, events }, own);
}

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
  let counts: Record<string, number> = {};
  let replicaSets: ObjectDescription['replicaSets'];
  switch (object.kind) {
    case 'Deployment': {
      const { desired, updated, total, available, unavailable } = deploymentCounts(object, status, pods, now);
      counts = { desired, updated, total, available, unavailable };
      const sets = [...(status?.replicaSets ?? [])].sort((a, b) => b.revision - a.revision);
      replicaSets = sets.map((rs) => ({ name: rs.name, pods: live.filter((p) => p.labels['pod-template-hash'] === rs.hash).length, replicas: rs.replicas, revision: rs.revision }));
      break;
    }
    case 'StatefulSet':
      counts = { desired: num(spec.replicas, 1), total: live.length };
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      counts = { current: live.length, desired: num(spec.replicas, 1) };
      break;
    case 'DaemonSet': {
      const { desired, current, upToDate, available, misscheduled } = daemonSetCounts(object, status, pods, now);
      counts = { desired, current, upToDate, available, misscheduled };
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
  const podTemplate = object.kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : template;
  const templateVolumes = list(obj(podTemplate.spec).volumes).map((v) => volumeDetail(obj(v)));
  let templateLabels = { ...(((template.metadata ?? {}) as Obj).labels as Record<string, string> | undefined) };
  let selector = spec.selector as Obj | undefined;
  if (object.kind === 'Job' && spec.manualSelector !== true) {
    // The API server's defaulting of a Job (pkg/registry/batch/job/strategy.go): the selector is
    // its uid, and the template carries it with the job's name, new and legacy keys both.
    const uid = object.metadata.uid;
    selector = { matchLabels: { [LABELS.controllerUid]: uid } };
    templateLabels = { ...templateLabels, [LABELS.controllerUid]: uid, [LABELS.legacyControllerUid]: uid, [LABELS.jobName]: object.metadata.name, [LABELS.legacyJobName]: object.metadata.name };
  }
  const from = eventSource(object.kind);
  // A Deployment's pods are made and removed by its ReplicaSets upstream: those events are theirs.
  const recorded = object.kind === 'Deployment' ? deploymentOwnEvents(status) : (status?.events ?? []);
  const events = recorded.map((e): EventView => ({ type: e.type, reason: e.reason, from, message: e.message, count: 1, firstTimestamp: e.time, lastTimestamp: e.time }));
  return { object, status, counts, ...(selector ? { selector } : {}), templateLabels, templateVolumes, phases, ...(replicaSets ? { replicaSets } : {}), events };
}
