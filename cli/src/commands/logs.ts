// `podwright logs POD | -l SELECTOR [-c CONTAINER | --all-containers] [--prefix] [-f] [-p] [--tail N] [--since D] [--timestamps]`
import { UsageError, flag, type ParsedArgs } from '../args';
import { CliIO } from '../io';
import { parseLabelSelector } from '../labelSelector';
import { FAILED, pickContainer, podCommand, podOf } from './podCommon';
import type { LogLine, PodRuntime, PodStatus } from '../../../runtime/src';

const HELP = `usage: podwright logs POD | -l SELECTOR [-c CONTAINER | --all-containers] [--prefix] [-f] [-p]
                      [--tail N] [--since DURATION | --since-time TIME] [--timestamps] [-n NAMESPACE]

Prints a container's logs (the first app container unless -c names another). POD is NAME,
NAMESPACE/NAME, or KIND/NAME (job/check, deploy/web): the oldest pod of that workload. With -l,
the logs of every pod of the namespace whose labels match, one pod after the other (-f: together).

options:
  -c, --container NAME     the container
      --all-containers     every container of the pod, init containers first
      --prefix             begin each line with [pod/POD/CONTAINER]
  -f, --follow             keep printing new lines until the container stops (or Ctrl+C)
  -p, --previous           the previous run of a restarted container
  -l, --selector SEL       the pods whose labels match (app=web, tier!=db, env in (a,b), !canary)
      --tail N             only the last N lines of each container (default: all; 10 with -l)
      --since DURATION     only lines written in the last DURATION (30s, 5m, 1h30m)
      --since-time TIME    only lines written from TIME on (RFC 3339: 2026-12-01T10:00:00Z)
      --timestamps         begin each line with the time it was written (RFC 3339)
      --max-log-requests N with -l and -f, follow at most N logs at once (default 5)
  -n, --namespace NS       the pod's namespace, when pods of that name run in several
`;

/** kubectl's default: a selector prints the last 10 lines of each pod, a pod its whole log. */
const SELECTOR_TAIL = 10;
/** kubectl's --max-log-requests default: logs followed at once with a selector. */
const MAX_LOG_REQUESTS = 5;

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration as kubectl's --since takes it (`90s`, `1h30m`, `1.5h`), in milliseconds. */
export function parseDuration(text: string, option = '--since'): number {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) throw new UsageError(`${option} takes a duration such as 30s, 5m or 1h30m (got '${text}')`);
  let ms = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(n) * DURATION_UNITS[unit];
  return ms;
}

/** Where the log starts, epoch ms: --since ago (0 is kubectl's default, no limit), or --since-time. */
function sinceOf(since: string | undefined, sinceTime: string | undefined): number | undefined {
  if (since !== undefined && sinceTime !== undefined) throw new UsageError('give --since or --since-time, not both');
  if (sinceTime !== undefined) {
    const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(sinceTime) ? Date.parse(sinceTime) : NaN;
    if (Number.isNaN(t)) throw new UsageError(`--since-time takes an RFC 3339 time such as 2026-12-01T10:00:00Z (got '${sinceTime}')`);
    return t;
  }
  const ms = since === undefined ? 0 : parseDuration(since);
  return ms === 0 ? undefined : Date.now() - ms;
}

function count(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} takes a whole number${min > 0 ? ` from ${min}` : ''} (got '${v}')`);
  return Number(v);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    container: { value: true, alias: 'c' },
    'all-containers': {},
    prefix: {},
    follow: { alias: 'f' },
    previous: { alias: 'p' },
    namespace: { value: true, alias: 'n' },
    selector: { value: true, alias: 'l' },
    tail: { value: true },
    since: { value: true },
    'since-time': { value: true },
    timestamps: {},
    'max-log-requests': { value: true },
  };
  return podCommand('logs', HELP, argv, spec, io, async (args, runtime) => {
    const selectorText = flag(args, 'selector');
    // --tail -1 is kubectl's "all", its default without a selector.
    const tailFlag = count(args, 'tail', -1);
    const since = flag(args, 'since');
    const options: PodLogOptions = {
      follow: args.flags.has('follow'),
      previous: args.flags.has('previous'),
      timestamps: args.flags.has('timestamps'),
      sinceMs: sinceOf(since, flag(args, 'since-time')),
      prefix: args.flags.has('prefix'),
      all: args.flags.has('all-containers'),
      container: flag(args, 'container'),
    };
    if (selectorText === undefined) {
      const tail = tailFlag === undefined || tailFlag < 0 ? undefined : tailFlag;
      return podLogs(runtime, await podOf(runtime, args, io), { ...options, tail }, io);
    }
    const selected = parseLabelSelector(selectorText);
    const namespace = flag(args, 'namespace') ?? 'default';
    const pods = (await runtime.list()).filter((p) => p.namespace === namespace && selected(p.labels)).sort((a, b) => a.name.localeCompare(b.name));
    if (!pods.length) {
      io.err(`No resources found in ${namespace} namespace.\n`);
      return 0;
    }
    const tail = tailFlag === undefined ? SELECTOR_TAIL : tailFlag < 0 ? undefined : tailFlag;
    if (!options.follow) {
      for (const pod of pods) if ((await podLogs(runtime, pod, { ...options, tail }, io)) !== 0) return FAILED;
      return 0;
    }
    // As kubectl: following more logs than --max-log-requests at once is refused, not cut short.
    const limit = count(args, 'max-log-requests', 1) ?? MAX_LOG_REQUESTS;
    const streams = pods.reduce((n, p) => n + (options.all ? p.containers.length : 1), 0);
    if (streams > limit) throw new Error(`you are attempting to follow ${streams} log streams, but maximum allowed concurrency is ${limit}, use --max-log-requests to increase the limit`);
    const codes = await Promise.all(pods.map((pod) => podLogs(runtime, pod, { ...options, tail }, io)));
    return codes.some((c) => c !== 0) ? FAILED : 0;
  }, (args) => {
    const selector = flag(args, 'selector');
    if (selector === undefined && args.positional.length !== 1) throw new UsageError('expected exactly one POD, or -l SELECTOR');
    if (selector !== undefined && args.positional.length) throw new UsageError('give a POD or -l SELECTOR, not both');
    if (selector !== undefined) parseLabelSelector(selector);
    if (args.flags.has('all-containers') && args.flags.has('container')) throw new UsageError('--all-containers and -c name the containers twice; give one');
    sinceOf(flag(args, 'since'), flag(args, 'since-time'));
    count(args, 'tail', -1);
    count(args, 'max-log-requests', 1);
  });
}

interface PodLogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceMs?: number;
  tail?: number;
  prefix: boolean;
  all: boolean;
  container?: string;
}

/** One pod's logs: its container (or every container), printed as the container wrote them. */
async function podLogs(runtime: PodRuntime, pod: PodStatus, o: PodLogOptions, io: CliIO): Promise<number> {
  const container = o.all ? undefined : pickContainer(pod, o.container, io);
  if (!o.all && !container) return FAILED;
  // `kubectl logs --prefix`: [pod/NAME/CONTAINER] (staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go, addPrefixIfNeeded).
  const print = (line: LogLine) => {
    const text = o.prefix ? `[pod/${pod.name}/${line.container}] ${line.text}` : line.text;
    // The container's own output, as it wrote it: kubectl and docker pass it through too.
    const raw = io.raw ?? io;
    return line.stream === 'stderr' ? raw.err(text) : raw.out(text);
  };
  // Every container without -f: each one's log whole, in the pod's order, as kubectl prints them
  // one after the other; the engine answers them in any order.
  const held = new Map<string, LogLine[]>();
  const onLine = o.all && !o.follow ? (line: LogLine) => held.set(line.container, [...(held.get(line.container) ?? []), line]) : print;
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  try {
    await runtime.logs(pod, { container, follow: o.follow, previous: o.previous, tail: o.tail, sinceMs: o.sinceMs, timestamps: o.timestamps, signal: abort.signal }, onLine);
  } finally {
    process.off('SIGINT', interrupt);
  }
  for (const c of pod.containers) for (const line of held.get(c.name) ?? []) print(line);
  return 0;
}
