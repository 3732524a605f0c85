// `podwright exec POD [-c CONTAINER] [-i] [-t] -- CMD...`: exits with the command's exit code, as
// kubectl does.
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { containerName } from '../../../runtime/src/create';
import { Demux, FAILED, findPodOrFail, pickContainer, podCommand } from './podCommon';

const HELP = `usage: podwright exec POD [-c CONTAINER] [-n NAMESPACE] [-i] [-t] -- CMD [ARG...]

Runs CMD in a running container of POD (the first app container unless -c names another) and exits
with its exit code.

options:
  -i, --stdin    pass standard input to the command
  -t, --tty      give the command a terminal (with -i: an interactive shell, e.g. -it -- sh)
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { container: { value: true, alias: 'c' }, namespace: { value: true, alias: 'n' }, stdin: { alias: 'i' }, tty: { alias: 't' }, it: {} };
  // `-it` is how people type it.
  const args0 = argv.map((a) => (a === '-it' || a === '-ti' ? '--it' : a));
  return podCommand('exec', HELP, args0, spec, io, async (args, runtime) => {
    const stdin = args.flags.has('stdin') || args.flags.has('it');
    const tty = args.flags.has('tty') || args.flags.has('it');
    const pod = await findPodOrFail(runtime, args.positional[0], flag(args, 'namespace'), io, 'exec');
    if (!pod) return FAILED;
    const name = pickContainer(pod, flag(args, 'container'), io, 'exec');
    if (!name) return FAILED;
    const state = pod.containers.find((c) => c.name === name);
    if (state?.state !== 'running') {
      io.err(`podwright exec: container '${name}' of pod '${pod.name}' is not running (${state?.reason ?? state?.state}).\n`);
      return FAILED;
    }
    const exec = await runtime.docker.getContainer(containerName(pod, name)).exec({
      Cmd: args.rest,
      AttachStdin: stdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
    });
    const stream = await exec.start({ hijack: true, stdin });
    const demux = new Demux((t) => io.out(t), (t) => io.err(t));
    const input = process.stdin;
    const raw = tty && stdin && input.isTTY;
    if (raw) input.setRawMode(true);
    if (tty && process.stdout.isTTY) {
      const resize = () => void exec.resize({ h: process.stdout.rows, w: process.stdout.columns }).catch(() => undefined);
      resize();
      process.stdout.on('resize', resize);
    }
    if (stdin) {
      input.on('data', (b: Buffer) => stream.write(b));
      // End of input closes the command's stdin (`echo x | podwright exec -i pod -- cat`).
      input.on('end', () => (stream as unknown as { end(): void }).end());
    }
    await new Promise<void>((resolve) => {
      stream.on('data', (b: Buffer) => (tty ? io.out(b.toString('utf8')) : demux.push(b)));
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', () => resolve());
    });
    if (raw) input.setRawMode(false);
    if (stdin) input.pause();
    const info = await exec.inspect();
    return info.ExitCode ?? FAILED;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD before --');
    if (args.rest.length === 0) throw new UsageError('expected a command after --');
  });
}
