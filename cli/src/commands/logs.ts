// `podwright logs POD [-c CONTAINER | --all-containers] [--prefix] [-f] [-p]`
import { UsageError, flag } from '../args';
import { CliIO } from '../io';
import { FAILED, pickContainer, podCommand, podOf } from './podCommon';
import type { LogLine } from '../../../runtime/src';

const HELP = `usage: podwright logs POD [-c CONTAINER | --all-containers] [--prefix] [-f] [-p] [-n NAMESPACE]

Prints a container's logs (the first app container unless -c names another). POD is NAME,
NAMESPACE/NAME, or KIND/NAME (job/check, deploy/web): the oldest pod of that workload.

options:
  -c, --container NAME   the container
      --all-containers   every container of the pod, init containers first
      --prefix           begin each line with [pod/POD/CONTAINER]
  -f, --follow           keep printing new lines until the container stops (or Ctrl+C)
  -p, --previous         the previous run of a restarted container
  -n, --namespace NS     the pod's namespace, when pods of that name run in several
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    container: { value: true, alias: 'c' },
    'all-containers': {},
    prefix: {},
    follow: { alias: 'f' },
    previous: { alias: 'p' },
    namespace: { value: true, alias: 'n' },
  };
  return podCommand('logs', HELP, argv, spec, io, async (args, runtime) => {
    const pod = await podOf(runtime, args, io);
    const all = args.flags.has('all-containers');
    const container = all ? undefined : pickContainer(pod, flag(args, 'container'), io);
    if (!all && !container) return FAILED;
    const follow = args.flags.has('follow');
    const prefix = args.flags.has('prefix');
    // `kubectl logs --prefix`: [pod/NAME/CONTAINER] (staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go, addPrefixIfNeeded).
    const print = (line: LogLine) => {
      const text = prefix ? `[pod/${pod.name}/${line.container}] ${line.text}` : line.text;
      // The container's own output, as it wrote it: kubectl and docker pass it through too.
      const raw = io.raw ?? io;
      return line.stream === 'stderr' ? raw.err(text) : raw.out(text);
    };
    // Every container without -f: each one's log whole, in the pod's order, as kubectl prints them
    // one after the other; the engine answers them in any order.
    const held = new Map<string, LogLine[]>();
    const onLine = all && !follow ? (line: LogLine) => held.set(line.container, [...(held.get(line.container) ?? []), line]) : print;
    const abort = new AbortController();
    const interrupt = () => abort.abort();
    process.once('SIGINT', interrupt);
    try {
      await runtime.logs(pod, { container, follow, previous: args.flags.has('previous'), signal: abort.signal }, onLine);
    } finally {
      process.off('SIGINT', interrupt);
    }
    for (const c of pod.containers) for (const line of held.get(c.name) ?? []) print(line);
    return 0;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD');
    if (args.flags.has('all-containers') && args.flags.has('container')) throw new UsageError('--all-containers and -c name the containers twice; give one');
  });
}
