// Objects as `kubectl get` shows them: the columns of each kind (pkg/printers/internalversion/
// printers.go: printDeployment, printReplicaSet, printStatefulSet, printDaemonSet, printJob,
// printCronJob, printPersistentVolumeClaim, printConfigMap, printSecret), computed from the object,
// what its controller knows and its pods. Plain data; the CLI lays it out and the editor shows it.
import { humanDuration, type PodStatus } from '../status';
import { isAvailable, isReady, type Obj } from './controller';
import { conditionOf, type ObjectStatus } from './objectStatus';
import type { StoredObject } from './records';

export interface Summary {
  kind: string;
  name: string;
  namespace: string;
  /** Column name to value, in kubectl's order (AGE last, NAME first are left to the caller). */
  columns: [string, string][];
  /** For the editor: `3/3 ready`, `Complete 3/3` … */
  short: string;
  /** Desired and ready pods, where the kind has replicas. */
  desired?: number;
  ready?: number;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const spec = (o: StoredObject) => (o.body.spec ?? {}) as Obj;

type Summarise = (o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now: number) => Omit<Summary, 'kind' | 'name' | 'namespace'>;

const deployment: Summarise = (o, status, pods, now) => {
  const desired = num(spec(o).replicas, 1);
  const min = num(spec(o).minReadySeconds, 0);
  const live = pods.filter((p) => !p.terminating);
  const ready = live.filter(isReady).length;
  const newest = status?.replicaSets?.reduce<{ hash: string; revision: number } | undefined>((a, rs) => (!a || rs.revision > a.revision ? rs : a), undefined);
  const updated = newest ? live.filter((p) => p.labels['pod-template-hash'] === newest.hash).length : 0;
  const available = live.filter((p) => isAvailable(p, min, now)).length;
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
  ['ConfigMap', configMap],
  ['Secret', secret],
  ['Job', job],
  ['CronJob', cronJob],
]);

export function summarise(o: StoredObject, status: ObjectStatus | undefined, pods: PodStatus[], now = Date.now()): Summary {
  const f = SUMMARIES.get(o.kind);
  const s = f ? f(o, status, pods, now) : { columns: [], short: '' };
  return { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, ...s };
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
      columns: [
        ['DESIRED', String(rs.replicas)],
        ['CURRENT', String(own.length)],
        ['READY', String(ready)],
      ],
      short: `${ready}/${rs.replicas} ready`,
      desired: rs.replicas,
      ready,
    };
  });
}
