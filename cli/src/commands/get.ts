// `podwright get KIND[,KIND…] [NAME…]`: pods, workloads, claims and the other applied objects with
// kubectl's columns (pkg/printers/internalversion/printers.go), or as JSON with -o json.
import { controllerOf, type ObjectView, type PodRuntime, type PodStatus, type Summary } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { age, ALL_CATEGORY, kindOf, objectName, pluralOf, table } from '../kube';
import { eventList, eventRows, eventTable } from '../events';
import { parseLabelSelector } from '../labelSelector';
import { watchPods } from './getWatch';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright get KIND[,KIND...] [NAME...] [-n NAMESPACE | -A] [-l SELECTOR] [-o wide|json|name] [-w]

Lists what runs on the local Docker engine as kubectl get lists it: pods (po), deployments
(deploy), replicasets (rs), replicationcontrollers (rc), statefulsets (sts), daemonsets (ds), jobs,
cronjobs (cj), persistentvolumeclaims (pvc), configmaps (cm), secrets, services (svc), or all; and
events (ev): every pod's and workload's events, oldest first.

options:
  -n, --namespace NS     the namespace (default: default)
  -A, --all-namespaces   every namespace, with a NAMESPACE column
  -l, --selector SEL     only objects whose labels match (app=web, tier!=db, env in (a,b), !canary)
  -o, --output FORMAT    wide (more columns), json (a kubectl List), name (KIND/NAME only)
  -w, --watch            pods: after the table, a row each time a pod changes (Ctrl+C to stop)
`;

interface Row {
  kind: string;
  name: string;
  namespace: string;
  columns: [string, string][];
  labels?: Record<string, string>;
  created?: string;
  /** The object as -o json prints it. */
  json: object;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { namespace: { value: true, alias: 'n' }, 'all-namespaces': { alias: 'A' }, selector: { value: true, alias: 'l' }, output: { value: true, alias: 'o' }, watch: { alias: 'w' } };
  return podCommand('get', HELP, argv, spec, io, async (args, runtime) => {
    const kinds = kindsOf(args.positional[0]);
    const names = args.positional.slice(1);
    const all = args.flags.has('all-namespaces');
    const namespace = all ? undefined : flag(args, 'namespace') ?? 'default';
    const output = flag(args, 'output') ?? '';
    const selectorText = flag(args, 'selector');
    const selected = selectorText === undefined ? () => true : parseLabelSelector(selectorText);
    const now = Date.now();
    if (kinds.includes('Event')) {
      const rows = await eventRows(runtime, namespace);
      if (output === 'json') io.out(JSON.stringify(eventList(rows), null, 2) + '\n');
      else if (rows.length) io.out(eventTable(rows, all, now));
      else io.err(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
    if (args.flags.has('watch')) {
      const wide = output === 'wide';
      const shownColumns = (r: Row) => r.columns.filter(([h]) => wide || !WIDE_ONLY.has(h));
      return watchPods(runtime, io, {
        wanted: (p) => (!namespace || p.namespace === namespace) && (!names.length || names.includes(p.name)) && selected(p.labels),
        header: [...(all ? ['NAMESPACE'] : []), 'NAME', ...POD_COLUMNS.filter((h) => wide || !WIDE_ONLY.has(h)), 'AGE'],
        cells: (p, at) => [...(all ? [p.namespace] : []), p.name, ...shownColumns(podRow(p)).map(([, v]) => v), age(p.creationTimestamp, at)],
      });
    }
    const groups: Row[][] = [];
    for (const kind of kinds) groups.push((await rowsOf(runtime, kind, namespace)).filter((r) => (!names.length || names.includes(r.name)) && selected(r.labels)));
    // Objects exist but their manager is gone (a reboot, a killed process): start it again.
    if (groups.some((g) => g.some((r) => r.kind !== 'Pod'))) await runtime.workloads.ensureManager();
    let code = 0;
    for (const name of names) {
      if (!groups.flat().some((r) => r.name === name)) {
        io.err(`Error from server (NotFound): ${kinds.map(pluralOf).join(', ')} "${name}" not found\n`);
        code = FAILED;
      }
    }
    const rows = groups.flat();
    if (output === 'json') {
      const items = rows.map((r) => r.json);
      io.out(JSON.stringify(names.length === 1 && items.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 2) + '\n');
      return code;
    }
    if (output === 'name') {
      for (const r of rows) io.out(`${objectName(r.kind, r.name)}\n`);
      return code;
    }
    if (!rows.length) {
      if (!names.length) io.err(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      return code;
    }
    // Several kinds: one table each, the names qualified by kind (as `kubectl get all`).
    const several = kinds.length > 1;
    const tables = groups.filter((g) => g.length).map((g) => {
      const header = [...(all ? ['NAMESPACE'] : []), 'NAME', ...g[0].columns.map(([h]) => h).filter((h) => output === 'wide' || !WIDE_ONLY.has(h)), 'AGE'];
      const body = g.map((r) => [
        ...(all ? [r.namespace] : []),
        several ? objectName(r.kind, r.name) : r.name,
        ...r.columns.filter(([h]) => output === 'wide' || !WIDE_ONLY.has(h)).map(([, v]) => v),
        age(r.created, now),
      ]);
      return table([header, ...body]);
    });
    io.out(tables.join('\n'));
    return code;
  }, (args) => {
    if (!args.positional.length) throw new UsageError('name the kind of object to list (pods, deployments, all …)');
    const kinds = kindsOf(args.positional[0]);
    const output = flag(args, 'output');
    if (kinds.includes('Event')) {
      // Events have no names to pick, no labels to select and no other kind beside them here.
      if (kinds.length > 1 || args.positional.length > 1 || flag(args, 'selector') !== undefined) throw new UsageError('list events on their own: get events [-n NS | -A] [-o json]');
      if (output === 'name') throw new UsageError('-o name does not apply to events (wide or json)');
    }
    if (output !== undefined && !['wide', 'json', 'name'].includes(output)) throw new UsageError(`unknown output format '${output}' (wide, json, name)`);
    if (args.flags.has('watch') && (kinds.length !== 1 || kinds[0] !== 'Pod')) throw new UsageError('-w watches pods: get pods -w');
    if (args.flags.has('watch') && output !== undefined && output !== 'wide') throw new UsageError('-w prints tables: -o wide, or no -o');
    if (args.flags.has('all-namespaces') && args.flags.has('namespace')) throw new UsageError('-A and -n: give one');
    const selectorText = flag(args, 'selector');
    if (selectorText !== undefined) parseLabelSelector(selectorText);
  });
}

/** Columns only `-o wide` shows. */
const WIDE_ONLY = new Set(['CONTAINERS', 'IMAGES', 'SELECTOR', 'IP', 'NODE', 'PORTS']);

function kindsOf(word: string): string[] {
  const kinds: string[] = [];
  for (const w of word.split(',')) {
    if (w === 'all') kinds.push(...ALL_CATEGORY);
    else {
      const kind = kindOf(w);
      if (!kind) throw new UsageError(`the server doesn't have a resource type "${w}"`);
      kinds.push(kind);
    }
  }
  return [...new Set(kinds)];
}

async function rowsOf(runtime: PodRuntime, kind: string, namespace: string | undefined): Promise<Row[]> {
  if (kind === 'Pod') {
    await runtime.adopt();
    return (await runtime.list()).filter((p) => !namespace || p.namespace === namespace).map(podRow);
  }
  const [views, summaries] = await Promise.all([runtime.workloads.list([kind], namespace), runtime.workloads.summaries([kind], namespace)]);
  return summaries.map((s) => objectRow(s, views.find((v) => v.object.kind === s.kind && v.object.metadata.name === s.name && v.object.metadata.namespace === s.namespace)));
}

/** A pod's columns between NAME and AGE (IP and PORTS with -o wide only). */
const POD_COLUMNS = ['READY', 'STATUS', 'RESTARTS', 'IP', 'PORTS'];

function podRow(p: PodStatus): Row {
  return {
    kind: 'Pod',
    name: p.name,
    namespace: p.namespace,
    created: p.creationTimestamp,
    labels: p.labels,
    columns: POD_COLUMNS.map((h, i): [string, string] => [
      h,
      [
        p.ready,
        p.status,
        String(p.restarts),
        // kubectl's wide IP column; <none> while the pod has no address (its sandbox is down).
        p.podIP ?? '<none>',
        p.ports.map((x) => `${x.hostIP}:${x.hostPort}->${x.containerPort}/${x.protocol.toLowerCase()}`).join(','),
      ][i],
    ]),
    json: podJson(p),
  };
}

/** A pod as the API returns it, as far as the runtime knows it (metadata and status). */
function podJson(p: PodStatus): object {
  const owner = controllerOf(p);
  const state = (c: PodStatus['containers'][number]) =>
    c.state === 'running'
      ? { running: { startedAt: c.startedAt } }
      : c.state === 'terminated'
        ? { terminated: { exitCode: c.exitCode, reason: c.reason, startedAt: c.startedAt, finishedAt: c.finishedAt } }
        : { waiting: { reason: c.reason, message: c.message } };
  const status = (c: PodStatus['containers'][number]) => ({ name: c.name, image: c.image, ready: c.ready, started: c.started, restartCount: c.restarts, state: state(c) });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: p.uid,
      labels: p.labels,
      annotations: p.annotations,
      creationTimestamp: p.creationTimestamp,
      ...(p.deletionTimestamp ? { deletionTimestamp: p.deletionTimestamp, deletionGracePeriodSeconds: p.deletionGracePeriodSeconds } : {}),
      // A Deployment's pod is its ReplicaSet's, as the API has it.
      ...(owner ? { ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    status: {
      phase: p.phase,
      ...(p.podIP ? { podIP: p.podIP, podIPs: [{ ip: p.podIP }] } : {}),
      initContainerStatuses: p.containers.filter((c) => c.role !== 'app').map(status),
      containerStatuses: p.containers.filter((c) => c.role === 'app').map(status),
    },
  };
}

function objectRow(s: Summary, view: ObjectView | undefined): Row {
  const o = view?.object ?? s.object;
  const st = view?.status;
  return {
    kind: s.kind,
    name: s.name,
    namespace: s.namespace,
    created: s.created,
    columns: s.columns,
    labels: o?.metadata.labels,
    json: {
      apiVersion: o?.apiVersion ?? (s.kind === 'ReplicaSet' ? 'apps/v1' : 'v1'),
      kind: s.kind,
      metadata: o ? { ...o.metadata, generation: o.metadata.generation } : { name: s.name, namespace: s.namespace, creationTimestamp: s.created },
      ...(o?.body ?? {}),
      status: {
        ...(st ? { observedGeneration: st.observedGeneration, conditions: st.conditions } : {}),
        ...(s.desired !== undefined ? { replicas: view?.pods.filter((p) => !p.terminating).length ?? s.current ?? s.desired, readyReplicas: s.ready } : {}),
        ...(st?.counters ?? {}),
      },
    },
  };
}
