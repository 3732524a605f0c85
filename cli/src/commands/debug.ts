// `podwright debug POD [--target CONTAINER] [--image IMAGE] [-- CMD...]`: what `kubectl debug -it POD
// --image=IMAGE --target=CONTAINER` does, on the local engine. The debug container shares the pod's
// network and the target container's processes; by default it runs a shell from the runtime's own
// busybox image, so it works offline. It stays under the pod (terminated) and goes with it.
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { FAILED, podCommand, podOf } from './podCommon';

const HELP = `usage: podwright debug POD [--target CONTAINER] [--image IMAGE] [-n NAMESPACE] [-- CMD [ARG...]]

Adds a debug container to POD (NAME or NAMESPACE/NAME), joined to the pod's network and to the
process namespace of CONTAINER (--target), and runs CMD in it: an interactive shell by default.
The image is never pulled; without --image, the busybox image podwright builds for pods is used.

options:
  --target CONTAINER  see that container's processes (ps, /proc/<pid>/root)
  --image IMAGE       the debug container's image (present on the engine)
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { target: { value: true }, image: { value: true }, namespace: { value: true, alias: 'n' } };
  return podCommand('debug', HELP, argv, spec, io, async (args, runtime) => {
    const pod = await podOf(runtime, args);
    const input = process.stdin;
    // A shell wants a terminal; a command given after -- runs as `kubectl debug … -- CMD` does.
    const interactive = args.rest.length === 0 || !!input.isTTY;
    const tty = interactive && !!input.isTTY && !!process.stdout.isTTY;
    const session = await runtime.debug(pod, {
      target: flag(args, 'target'),
      image: flag(args, 'image'),
      command: args.rest.length ? args.rest : undefined,
      stdin: interactive,
      tty,
      env: tty ? ['TERM=xterm-256color'] : undefined,
      // The shell's own output, raw, as in exec.
      onOutput: (data, stream) => (stream === 'stderr' ? (io.raw ?? io).err(data.toString('utf8')) : (io.raw ?? io).out(data.toString('utf8'))),
    });
    io.err(`Debug container ${session.container} in pod ${pod.name}${flag(args, 'target') ? `, sharing the processes of ${flag(args, 'target')}` : ''}.\n`);
    if (tty) input.setRawMode(true);
    const resize = () => {
      session.resize(process.stdout.columns, process.stdout.rows).catch((e: Error) => io.err(`podwright debug: cannot resize the terminal: ${e.message}\n`));
    };
    if (tty) {
      resize();
      process.stdout.on('resize', resize);
    }
    if (interactive) {
      input.on('data', (b: Buffer) => session.write(b));
      input.on('end', () => session.end());
    }
    const code = await session.exit;
    if (tty) input.setRawMode(false);
    if (interactive) input.pause();
    process.stdout.off('resize', resize);
    return code < 0 ? FAILED : code;
  }, (args) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD');
  });
}
