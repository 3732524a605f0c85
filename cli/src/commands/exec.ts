// `podwright exec POD [-c CONTAINER] [-i] [-t] -- CMD...`: exits with the command's exit code, as
// kubectl does.
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { FAILED, pickContainer, podCommand, podOf } from './podCommon';

const HELP = `usage: podwright exec POD [-c CONTAINER] [-n NAMESPACE] [-i] [-t] -- CMD [ARG...]

Runs CMD in a running container of POD (NAME, NAMESPACE/NAME, or KIND/NAME for the oldest pod of
a workload; the first app container unless -c names another) and exits with its exit code.

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
    const pod = await podOf(runtime, args, io);
    const container = pickContainer(pod, flag(args, 'container'), io);
    if (!container) return FAILED;
    const session = await runtime.exec(pod, container, args.rest, {
      stdin,
      tty,
      // The program's own output, raw: a shell's prompt and an editor's screen are control sequences.
      onOutput: (data, stream) => (stream === 'stderr' ? (io.raw ?? io).err(data.toString('utf8')) : (io.raw ?? io).out(data.toString('utf8'))),
    });
    const input = process.stdin;
    const raw = tty && stdin && input.isTTY;
    if (raw) input.setRawMode(true);
    const resize = () => {
      session.resize(process.stdout.columns, process.stdout.rows).catch((e: Error) => io.err(`podwright exec: cannot resize the terminal: ${e.message}\n`));
    };
    if (tty && process.stdout.isTTY) {
      resize();
      process.stdout.on('resize', resize);
    }
    if (stdin) {
      input.on('data', (b: Buffer) => session.write(b));
      // End of input closes the command's stdin (`echo x | podwright exec -i pod -- cat`).
      input.on('end', () => session.end());
    }
    const code = await session.exit;
    if (raw) input.setRawMode(false);
    if (stdin) input.pause();
    process.stdout.off('resize', resize);
    return code < 0 ? FAILED : code;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD before --');
    if (args.rest.length === 0) throw new UsageError('expected a command after --');
  });
}
