// `podwright logs POD [-c CONTAINER] [-f] [-p]`
import { UsageError, flag } from '../args';
import { CliIO } from '../io';
import { FAILED, pickContainer, podCommand, podOf } from './podCommon';

const HELP = `usage: podwright logs POD [-c CONTAINER] [-f] [-p] [-n NAMESPACE]

Prints a container's logs (the first app container unless -c names another). POD is NAME,
NAMESPACE/NAME, or KIND/NAME (job/check, deploy/web): the oldest pod of that workload.

options:
  -c, --container NAME   the container
  -f, --follow           keep printing new lines until the container stops (or Ctrl+C)
  -p, --previous         the previous run of a restarted container
  -n, --namespace NS     the pod's namespace, when pods of that name run in several
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { container: { value: true, alias: 'c' }, follow: { alias: 'f' }, previous: { alias: 'p' }, namespace: { value: true, alias: 'n' } };
  return podCommand('logs', HELP, argv, spec, io, async (args, runtime) => {
    const pod = await podOf(runtime, args, io);
    const container = pickContainer(pod, flag(args, 'container'), io);
    if (!container) return FAILED;
    const abort = new AbortController();
    const interrupt = () => abort.abort();
    process.once('SIGINT', interrupt);
    try {
      await runtime.logs(
        pod,
        { container, follow: args.flags.has('follow'), previous: args.flags.has('previous'), signal: abort.signal },
        (line) => (line.stream === 'stderr' ? io.err(line.text) : io.out(line.text)),
      );
    } finally {
      process.off('SIGINT', interrupt);
    }
    return 0;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD');
  });
}
