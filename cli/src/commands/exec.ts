// `podwright exec POD [-c CONTAINER] -- CMD...`: exits with the command's exit code, as kubectl does.
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { containerName } from '../../../client/src/runtime/create';
import { Demux, FAILED, findPodOrFail, pickContainer, podCommand } from './podCommon';

const HELP = `usage: podwright exec POD [-c CONTAINER] [-n NAMESPACE] -- CMD [ARG...]

Runs CMD in a running container of POD (the first app container unless -c names another) and exits
with its exit code.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { container: { value: true, alias: 'c' }, namespace: { value: true, alias: 'n' } };
  return podCommand('exec', HELP, argv, spec, io, async (args, runtime) => {
    if (args.positional.length !== 1) throw new UsageError('expected exactly one POD before --');
    if (args.rest.length === 0) throw new UsageError('expected a command after --');
    const pod = await findPodOrFail(runtime, args.positional[0], flag(args, 'namespace'), io, 'exec');
    if (!pod) return FAILED;
    const name = pickContainer(pod, flag(args, 'container'), io, 'exec');
    if (!name) return FAILED;
    const state = pod.containers.find((c) => c.name === name);
    if (state?.state !== 'running') {
      io.err(`podwright exec: container '${name}' of pod '${pod.name}' is not running (${state?.reason ?? state?.state}).\n`);
      return FAILED;
    }
    const exec = await runtime.docker.getContainer(containerName(pod, name)).exec({ Cmd: args.rest, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const demux = new Demux((t) => io.out(t), (t) => io.err(t));
    await new Promise<void>((resolve) => {
      stream.on('data', (b: Buffer) => demux.push(b));
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', () => resolve());
    });
    const info = await exec.inspect();
    return info.ExitCode ?? FAILED;
  });
}
