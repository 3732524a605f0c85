// `podwright stop POD|--all [--timeout S]`: stops the pod in Kubernetes order and removes its
// containers, infra container and volumes.
import { flag, UsageError } from '../args';
import { isAlive } from '../../../runtime/src/state';
import { CliIO } from '../io';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright stop POD... | --all [--timeout S] [-n NAMESPACE]

Stops app containers, then sidecars in reverse order (each given terminationGracePeriodSeconds, or
S seconds with --timeout), and removes every container and volume of the pod.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { all: {}, timeout: { value: true }, namespace: { value: true, alias: 'n' } };
  return podCommand('stop', HELP, argv, spec, io, async (args, runtime) => {
    const all = args.flags.has('all');
    const timeout = flag(args, 'timeout');
    const ns = flag(args, 'namespace');
    const pods = await runtime.refs();
    // A pod still being created may have no engine object yet: the state store knows it.
    const starting = runtime.store.all().filter((s) => isAlive(s.runnerPid) && !pods.some((p) => p.uid === s.uid));
    const known = [...pods.map((p) => ({ uid: p.uid, name: p.name, namespace: p.namespace })), ...starting];
    const targets = all ? known : known.filter((p) => args.positional.includes(p.name) && (!ns || p.namespace === ns));
    let code = 0;
    for (const name of args.positional) {
      if (!targets.some((t) => t.name === name)) {
        io.err(`podwright stop: no pod named '${name}'.\n`);
        code = FAILED;
      }
    }
    await Promise.all(
      targets.map(async (t) => {
        await runtime.stop(t.uid, { timeoutSeconds: timeout !== undefined ? Number(timeout) : undefined });
        io.out(`pod/${t.name} stopped${t.namespace !== 'default' ? ` (namespace ${t.namespace})` : ''}\n`);
      }),
    );
    if (all && targets.length === 0) io.out('No pods.\n');
    return code;
  }, (args) => {
    if (args.flags.has('all') === (args.positional.length > 0)) throw new UsageError('name the pod(s) to stop, or give --all');
    const timeout = flag(args, 'timeout');
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes a number of seconds');
  });
}
