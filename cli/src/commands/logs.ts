// `podwright logs POD [-c CONTAINER] [-f]`
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { containerName } from '../../../runtime/src/create';
import { statusOf } from '../../../runtime/src/engine';
import { PREVIOUS_SUFFIX } from '../../../runtime/src/engineView';
import { Demux, FAILED, findPodOrFail, pickContainer, podCommand } from './podCommon';

const HELP = `usage: podwright logs POD [-c CONTAINER] [-f] [-p] [-n NAMESPACE]

Prints a container's logs (the first app container unless -c names another).

options:
  -c, --container NAME   the container
  -f, --follow           keep printing new lines until the container stops (or Ctrl+C)
  -p, --previous         the previous run of a restarted container
  -n, --namespace NS     the pod's namespace, when pods of that name run in several
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { container: { value: true, alias: 'c' }, follow: { alias: 'f' }, previous: { alias: 'p' }, namespace: { value: true, alias: 'n' } };
  return podCommand('logs', HELP, argv, spec, io, async (args, runtime) => {
    const pod = await findPodOrFail(runtime, args.positional[0], flag(args, 'namespace'), io, 'logs');
    if (!pod) return FAILED;
    const name = pickContainer(pod, flag(args, 'container'), io, 'logs');
    if (!name) return FAILED;
    const previous = args.flags.has('previous');
    const container = runtime.docker.getContainer(containerName(pod, name) + (previous ? PREVIOUS_SUFFIX : ''));
    let info;
    try {
      info = await container.inspect();
    } catch (e) {
      if (!previous || statusOf(e) !== 404) throw e;
      io.err(`podwright logs: container '${name}' of pod '${pod.name}' has not been restarted: there is no previous run.\n`);
      return FAILED;
    }
    const write = (t: string) => io.out(t);
    const demux = info.Config.Tty ? undefined : new Demux(write, (t) => io.err(t));
    const push = (b: Buffer) => (demux ? demux.push(b) : write(b.toString('utf8')));
    if (!args.flags.has('follow')) {
      const buf = await container.logs({ stdout: true, stderr: true, follow: false });
      push(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
      return 0;
    }
    const stream = await container.logs({ stdout: true, stderr: true, follow: true });
    await new Promise<void>((resolve) => {
      stream.on('data', (b: Buffer) => push(b));
      stream.on('end', () => resolve());
      stream.on('error', () => resolve());
      process.once('SIGINT', () => resolve());
    });
    return 0;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD');
  });
}
