// Objects as `kubectl get` shows them: the columns of each kind (pkg/printers/internalversion/
// printers.go: printDeployment, printReplicaSet, printStatefulSet, printDaemonSet, printJob,
// printCronJob, printPersistentVolumeClaim, printConfigMap, printSecret), computed from the object,
// what its controller knows and its pods. Plain data; the CLI lays it out and the editor shows it.
import { humanDuration, type PodStatus } from '../status';
import type { ClaimInfo } from './claims';
import { isAvailable, isReady, type Obj } from './controller';
import { HASH_LABEL, placement } from './daemonSet';
import { labelText } from './node';
import { conditionOf, type ObjectStatus, type ReplicaSetStatus } from './objectStatus';
import type { StoredObject } from './records';
import { replicaSetObject } from './replicaSets';
import { templateHash } from './replicas';

export interface Summary {
  kind: string;
  name: string;
  namespace: string;
  /** Column name to value, in kubectl's order (AGE last, NAME first are left to the caller). */
  columns: [string, string][];
  /** For the editor: `3/3 ready`, `Complete 3/3` … */
  short: string;
  /** kubectl's AGE is counted from this (ISO time). */
  created?: string;
  /** Desired and ready pods, where the kind has replicas. */
  desired?: number;
  ready?: number;
  /** The object as the API returns it, for one that has no record of its own (a Deployment's ReplicaSet). */
  object?: StoredObject;
  /** Its pods that exist (status.replicas), for such an object. */
  current?: number;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const spec = (o: StoredObject) => (o.body.spec ?? {}) as Obj;

type Summarise = (o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now: number) => Omit<Summary, 'kind' | 'name' | 'namespace'>;

/**
 * The ReplicaSet of a Deployment's template now (the controller's newRS), or none yet: a template
 * its controller has not seen, or one a paused Deployment holds back. Not the newest revision:
 * while paused, the newest is the one still running the old template.
 */
export function newReplicaSet(o: StoredObject, status: ObjectStatus | undefined): ReplicaSetStatus | undefined {
  const hash = templateHash(spec(o).template ?? {});
  return status?.replicaSets?.find((rs) => rs.hash === hash);
}

/** A Deployment's counters as its controller writes them into .status: `get` shows some, `describe` all. */
export function deploymentCounts(o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now: number) {
  const desired = num(spec(o).replicas, 1);
  const min = num(spec(o).minReadySeconds, 0);
  const live = pods.filter((p) => !p.terminating);
  const newest = newReplicaSet(o, status);
  const available = live.filter((p) => isAvailable(p, min, now)).length;
  return {
    desired,
    total: live.length,
    ready: live.filter(isReady).length,
    updated: newest ? live.filter((p) => p.labels['pod-template-hash'] === newest.hash).length : 0,
    available,
    // What the desired count lacks, as the controller's unavailableReplicas.
    unavailable: Math.max(0, desired - available),
  };
}

const deployment: Summarise = (o, status, pods, now) => {
  const { desired, ready, updated, available } = deploymentCounts(o, status, pods, now);
  return {
    columns: [
      ['READY', `${ready}/${desired}`],
      ['UP-TO-DATE', String(updated)],
      ['AVAILABLE', String(available)],
    ],
    short: `${ready}/${desired} ready`,
    desired,
    ready,
  };
};

const replicaSet: Summarise = (o, _status, pods) => {
  const desired = num(spec(o).replicas, 1);
  const live = pods.filter((p) => !p.terminating);
  const ready = live.filter(isReady).length;
  return {
    columns: [
      ['DESIRED', String(desired)],
      ['CURRENT', String(live.length)],
      ['READY', String(ready)],
    ],
    short: `${ready}/${desired} ready`,
    desired,
    ready,
  };
};

const configMap: Summarise = (o) => {
  const data = Object.keys((o.body.data ?? {}) as Obj).length + Object.keys((o.body.binaryData ?? {}) as Obj).length;
  return { columns: [['DATA', String(data)]], short: `${data} keys` };
};

const secret: Summarise = (o) => {
  const keys = new Set([...Object.keys((o.body.data ?? {}) as Obj), ...Object.keys((o.body.stringData ?? {}) as Obj)]);
  return {
    columns: [
      ['TYPE', String(o.body.type ?? 'Opaque')],
      ['DATA', String(keys.size)],
    ],
    short: `${keys.size} keys`,
  };
};

const statefulSet: Summarise = (o, _status, pods) => {
  const desired = num(spec(o).replicas, 1);
  const ready = pods.filter((p) => !p.terminating && isReady(p)).length;
  return { columns: [['READY', `${ready}/${desired}`]], short: `${ready}/${desired} ready`, desired, ready };
};

/**
 * A DaemonSet's counters on the one node, this machine, computed as the controller computes them:
 * it runs the daemon's pod unless the pod's placement rules it out (then a pod left is misscheduled).
 */
export function daemonSetCounts(o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now: number) {
  const desired = placement(o) ? 0 : 1;
  const live = pods.filter((p) => !p.terminating && !p.uid.startsWith('pending:'));
  const scheduled = desired ? live : [];
  const min = num(spec(o).minReadySeconds, 0);
  const hash = status?.revisions?.find((r) => r.name === status.updateRevision)?.hash;
  return {
    desired,
    current: Number(scheduled.length > 0),
    ready: Number(scheduled.some(isReady)),
    upToDate: Number(scheduled.some((p) => p.labels[HASH_LABEL] === hash)),
    available: Number(scheduled.some((p) => isAvailable(p, min, now))),
    misscheduled: desired ? 0 : Number(live.length > 0),
  };
}

/** printDaemonSet. */
const daemonSet: Summarise = (o, status, pods, now) => {
  const c = daemonSetCounts(o, status, pods, now);
  const template = (spec(o).template ?? {}) as Obj;
  return {
    columns: [
      ['DESIRED', String(c.desired)],
      ['CURRENT', String(c.current)],
      ['READY', String(c.ready)],
      ['UP-TO-DATE', String(c.upToDate)],
      ['AVAILABLE', String(c.available)],
      ['NODE SELECTOR', labelText((((template.spec ?? {}) as Obj).nodeSelector ?? {}) as Obj)],
    ],
    short: c.desired ? `${c.ready}/${c.desired} ready` : `0 scheduled: ${status?.message ?? 'this node does not suit it'}`,
    desired: c.desired,
    ready: c.ready,
  };
};

/** printJob: STATUS from the conditions, COMPLETIONS succeeded/completions, DURATION from the start to completion (or now). */
const job: Summarise = (o, status, _pods, now) => {
  const completions = spec(o).completions;
  const parallelism = spec(o).parallelism;
  const succeeded = status?.counters?.succeeded ?? 0;
  const isTrue = (type: string) => conditionOf(status, type)?.status === 'True';
  const state = isTrue('Complete') ? 'Complete' : isTrue('Failed') ? 'Failed' : isTrue('Suspended') ? 'Suspended' : 'Running';
  // Completions unset with parallelism unset defaults to 1 (SetDefaults_Job); with parallelism set it is a work queue.
  const of = typeof completions === 'number' ? String(completions) : parallelism === undefined ? '1' : undefined;
  const shown = of !== undefined ? `${succeeded}/${of}` : num(parallelism, 0) > 1 ? `${succeeded}/1 of ${num(parallelism, 0)}` : `${succeeded}/1`;
  const start = status?.times?.start;
  const end = status?.times?.completion ?? now;
  return {
    columns: [
      ['STATUS', state],
      ['COMPLETIONS', shown],
      ['DURATION', start === undefined ? '' : humanDuration(end - start)],
    ],
    short: `${state} ${shown}`,
  };
};

/** printCronJob: SCHEDULE, TIMEZONE, SUSPEND, ACTIVE (its running Jobs), LAST SCHEDULE (how long ago). */
const cronJob: Summarise = (o, status, _pods, now) => {
  const s = spec(o);
  const last = status?.times?.lastSchedule;
  const active = status?.activeJobs?.length ?? 0;
  const suspended = s.suspend === true;
  return {
    columns: [
      ['SCHEDULE', String(s.schedule ?? '')],
      ['TIMEZONE', typeof s.timeZone === 'string' ? s.timeZone : '<none>'],
      // The API server defaults suspend to false.
      ['SUSPEND', suspended ? 'True' : 'False'],
      ['ACTIVE', String(active)],
      ['LAST SCHEDULE', last === undefined ? '<none>' : humanDuration(now - last)],
    ],
    short: suspended ? 'suspended' : `${active} active`,
  };
};

/** Per kind; the kinds without an entry show no columns but their name and age. */
export const SUMMARIES = new Map<string, Summarise>([
  ['Deployment', deployment],
  ['ReplicaSet', replicaSet],
  ['ReplicationController', replicaSet],
  ['StatefulSet', statefulSet],
  ['DaemonSet', daemonSet],
  ['ConfigMap', configMap],
  ['Secret', secret],
  ['Job', job],
  ['CronJob', cronJob],
]);

export function summarise(o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now = Date.now()): Summary {
  const f = SUMMARIES.get(o.kind);
  const s = f ? f(o, status, pods, now) : { columns: [], short: '' };
  return { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, created: o.metadata.creationTimestamp, ...s };
}

/** A Deployment's ReplicaSets as `kubectl get rs` lists them. */
export function deploymentReplicaSets(o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[]): Summary[] {
  return (status?.replicaSets ?? []).map((rs) => {
    const own = pods.filter((p) => p.labels['pod-template-hash'] === rs.hash && !p.terminating);
    const ready = own.filter(isReady).length;
    return {
      kind: 'ReplicaSet',
      name: rs.name,
      namespace: o.metadata.namespace,
      created: new Date(rs.created).toISOString(),
      columns: [
        ['DESIRED', String(rs.replicas)],
        ['CURRENT', String(own.length)],
        ['READY', String(ready)],
      ],
      short: `${ready}/${rs.replicas} ready`,
      desired: rs.replicas,
      ready,
      object: replicaSetObject(o, rs),
      current: own.length,
    };
  });
}

const ACCESS_MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/**
 * A claim as `kubectl get pvc` shows it (printPersistentVolumeClaim): Bound as soon as its volume
 * exists (the engine volume is its PersistentVolume), Terminating while deleted and still in use,
 * Pending while applied and not yet made; the capacity is what it requests.
 */
export function claimSummary(namespace: string, name: string, claim: ClaimInfo | undefined, object: StoredObject | undefined): Summary {
  const claimSpec = claim?.spec ?? ((object?.body.spec ?? {}) as Obj);
  const phase = object?.metadata.deletionTimestamp ? 'Terminating' : claim ? 'Bound' : 'Pending';
  const modes = Array.isArray(claimSpec.accessModes) ? claimSpec.accessModes.map(String) : [];
  const storage = ((claimSpec.resources ?? {}) as Obj).requests as Obj | undefined;
  return {
    kind: 'PersistentVolumeClaim',
    name,
    namespace,
    // An applied claim is as old as its object; a template's claim as old as its volume.
    created: object?.metadata.creationTimestamp || claim?.created || undefined,
    columns: [
      ['STATUS', phase],
      ['VOLUME', claim?.volume ?? ''],
      ['CAPACITY', claim && storage?.storage !== undefined ? String(storage.storage) : ''],
      ['ACCESS MODES', claim ? ACCESS_MODES.filter(([m]) => modes.includes(m)).map(([, short]) => short).join(',') : ''],
      ['STORAGECLASS', typeof claimSpec.storageClassName === 'string' ? claimSpec.storageClassName : ''],
      ['VOLUMEATTRIBUTESCLASS', typeof claimSpec.volumeAttributesClassName === 'string' ? claimSpec.volumeAttributesClassName : '<unset>'],
    ],
    short: phase,
  };
}

/** What the engine knows of a Service: its proxy's address, and its endpoints (`ip:port`). */
export interface ServiceFacts {
  clusterIP?: string;
  /** Service port → node port (NodePort, LoadBalancer), as given or as the engine picked it. */
  nodePorts?: Map<number, number>;
  endpoints: string[];
}

/**
 * A Service as `kubectl get svc` shows it (printService): TYPE, CLUSTER-IP (`None` when headless),
 * EXTERNAL-IP (a LoadBalancer's is the publish address here; an ExternalName's is its name),
 * PORT(S) as `port[:nodePort]/protocol`, and SELECTOR for -o wide.
 */
export function serviceSummary(o: StoredObject, facts: ServiceFacts): Summary {
  const s = spec(o);
  const type = typeof s.type === 'string' ? s.type : 'ClusterIP';
  const ports = (Array.isArray(s.ports) ? s.ports : []) as Obj[];
  const clusterIP = s.clusterIP === 'None' ? 'None' : type === 'ExternalName' ? '<none>' : facts.clusterIP || '<pending>';
  const external = type === 'ExternalName' ? String(s.externalName ?? '<none>') : type === 'LoadBalancer' ? o.options.publishAddress ?? '127.0.0.1' : '<none>';
  const nodePort = (p: Obj) => (p.nodePort !== undefined ? String(p.nodePort) : facts.nodePorts?.get(Number(p.port)));
  const portText = ports.map((p) => `${String(p.port)}${nodePort(p) ? `:${nodePort(p)}` : ''}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`).join(',') || '<none>';
  const selector = s.selector && typeof s.selector === 'object' ? labelText(s.selector as Obj) : '<none>';
  return {
    kind: 'Service',
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    created: o.metadata.creationTimestamp,
    columns: [
      ['TYPE', type],
      ['CLUSTER-IP', clusterIP],
      ['EXTERNAL-IP', external],
      ['PORT(S)', portText],
      ['SELECTOR', selector || '<none>'],
    ],
    short: `${type} ${clusterIP}`,
  };
}

/** A Service's endpoints as `kubectl get endpoints` shows them (printEndpoints: three, then "+ N more..."). */
export function endpointsSummary(o: StoredObject, facts: ServiceFacts): Summary {
  const list = facts.endpoints;
  const text = !list.length ? '<none>' : list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
  return { kind: 'Endpoints', name: o.metadata.name, namespace: o.metadata.namespace, created: o.metadata.creationTimestamp, columns: [['ENDPOINTS', text]], short: text };
}
