// kubectl's words for the workload commands (apply, delete, get, scale, rollout, create): resource
// names and their short forms (`deploy`, `sts`, `po` …, as `kubectl api-resources` lists them),
// `KIND/NAME` arguments, and the tables `kubectl get` prints.
import { humanDuration } from '../../runtime/src';
import { UsageError } from './args';

interface Resource {
  kind: string;
  /** The plural, the singular and the short names kubectl accepts; the plural first. */
  names: string[];
  /** The API group (`deployment.apps/web`); '' for the core group. */
  group: string;
}

export const RESOURCES: readonly Resource[] = [
  { kind: 'Pod', names: ['pods', 'pod', 'po'], group: '' },
  { kind: 'Deployment', names: ['deployments', 'deployment', 'deploy'], group: 'apps' },
  { kind: 'ReplicaSet', names: ['replicasets', 'replicaset', 'rs'], group: 'apps' },
  { kind: 'ReplicationController', names: ['replicationcontrollers', 'replicationcontroller', 'rc'], group: '' },
  { kind: 'StatefulSet', names: ['statefulsets', 'statefulset', 'sts'], group: 'apps' },
  { kind: 'DaemonSet', names: ['daemonsets', 'daemonset', 'ds'], group: 'apps' },
  { kind: 'Job', names: ['jobs', 'job'], group: 'batch' },
  { kind: 'CronJob', names: ['cronjobs', 'cronjob', 'cj'], group: 'batch' },
  { kind: 'PersistentVolumeClaim', names: ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc'], group: '' },
  { kind: 'ConfigMap', names: ['configmaps', 'configmap', 'cm'], group: '' },
  { kind: 'Secret', names: ['secrets', 'secret'], group: '' },
  { kind: 'Service', names: ['services', 'service', 'svc'], group: '' },
  // Endpoints is its own singular (`endpoints/web`).
  { kind: 'Endpoints', names: ['endpoints', 'endpoints', 'ep'], group: '' },
  { kind: 'ServiceAccount', names: ['serviceaccounts', 'serviceaccount', 'sa'], group: '' },
  { kind: 'Namespace', names: ['namespaces', 'namespace', 'ns'], group: '' },
  { kind: 'Event', names: ['events', 'event', 'ev'], group: '' },
];

/** What `kubectl get all` lists (pkg/kubectl: the "all" category). */
export const ALL_CATEGORY = ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'Job', 'CronJob'];

/** The kind a resource word names: `deploy`, `deployments`, `deployment.apps`, `Deployment`. */
export function kindOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  const [name, ...group] = lower.split('.');
  const r = RESOURCES.find((r) => (r.names.includes(name) || r.kind.toLowerCase() === name) && (group.length === 0 || group.join('.') === r.group));
  return r?.kind;
}

/** `deployment.apps/web`, `pod/web`: how kubectl names an object in its messages. */
export function objectName(kind: string, name: string): string {
  const r = RESOURCES.find((r) => r.kind === kind);
  const singular = r ? r.names[1] : kind.toLowerCase();
  return `${r?.group ? `${singular}.${r.group}` : singular}/${name}`;
}

/** The plural kubectl lists a kind under: `deployment.apps` in a mixed table's NAME, `deployments` in messages. */
export function pluralOf(kind: string): string {
  return RESOURCES.find((r) => r.kind === kind)?.names[0] ?? `${kind.toLowerCase()}s`;
}

export interface Ref {
  kind: string;
  name: string;
}

/**
 * The objects the arguments name, as kubectl reads them: `KIND/NAME …` or `KIND NAME …`
 * (`deploy/web sts/db`, `deployment web api`).
 */
export function refsOf(args: readonly string[], allowed?: readonly string[]): Ref[] {
  if (!args.length) throw new UsageError('name the object(s): KIND/NAME, or KIND NAME');
  const check = (word: string): string => {
    const kind = kindOf(word);
    if (!kind) throw new UsageError(`the server doesn't have a resource type "${word}"`);
    if (allowed && !allowed.includes(kind)) throw new UsageError(`${pluralOf(kind)} cannot be used here (only ${allowed.map(pluralOf).join(', ')})`);
    return kind;
  };
  if (args[0].includes('/')) {
    return args.map((a) => {
      const slash = a.indexOf('/');
      if (slash <= 0 || slash === a.length - 1) throw new UsageError(`'${a}': expected KIND/NAME (there is no mixing KIND/NAME and KIND NAME)`);
      return { kind: check(a.slice(0, slash)), name: a.slice(slash + 1) };
    });
  }
  const kind = check(args[0]);
  if (args.length < 2) throw new UsageError(`name the ${pluralOf(kind)}: ${args[0]} NAME, or ${args[0]}/NAME`);
  return args.slice(1).map((name) => {
    if (name.includes('/')) throw new UsageError(`'${name}': there is no mixing KIND/NAME and KIND NAME`);
    return { kind, name };
  });
}

/** kubectl's AGE: `45s`, `3m2s`, `5d` … from a creation time; `<unknown>` when there is none. */
export function age(created: string | undefined, now: number): string {
  const t = created ? Date.parse(created) : NaN;
  return Number.isFinite(t) ? humanDuration(now - t) : '<unknown>';
}

/** Columns padded as kubectl's tabwriter pads them: three spaces between, no trailing blanks. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('   ').trimEnd()).join('\n') + '\n';
}
