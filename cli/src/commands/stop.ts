// `podwright stop POD|--all [--timeout S]`: stops the pod in Kubernetes order and removes its
// containers, infra container and volumes.
import { parsePodSelector, type PodRefEntry } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { qualified } from '../words';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright stop POD... | --all [--timeout S | --force] [-n NAMESPACE]

Stops the pod within one grace period, as the kubelet does: preStop hooks and app containers
first, then sidecars in reverse order within what is left, SIGKILL once it is spent. The grace
period is the pod's terminationGracePeriodSeconds, or S seconds with --timeout. Then removes every
container and volume of the pod. POD is NAME or NAMESPACE/NAME; a NAME alone stops the pods of
that name in every namespace unless -n is given.

options:
  --timeout S   the grace period to give instead of the pod's own
  --force       no grace period: kill at once (as kubectl delete --grace-period=0 --force)
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { all: {}, timeout: { value: true }, force: {}, namespace: { value: true, alias: 'n' } };
  return podCommand('stop', HELP, argv, spec, io, async (args, runtime) => {
    const all = args.flags.has('all');
    const timeout = args.flags.has('force') ? '0' : flag(args, 'timeout');
    const ns = flag(args, 'namespace');
    // Pods still being created are among them: they may have no engine object yet.
    const known = await runtime.refs();
    const targets = new Map<string, PodRefEntry>();
    let code = 0;
    if (all) for (const p of known) targets.set(p.uid, p);
    for (const arg of args.positional) {
      const s = parsePodSelector(arg);
      const namespace = ns ?? s.namespace;
      const found = known.filter((p) => p.name === s.name && (namespace === undefined || p.namespace === namespace));
      if (!found.length) {
        io.err(`podwright stop: no pod named '${s.name}'${namespace ? ` in namespace '${namespace}'` : ''}.\n`);
        code = FAILED;
      }
      for (const p of found) targets.set(p.uid, p);
    }
    await Promise.all(
      [...targets.values()].map(async (t) => {
        await runtime.stop(t.uid, { timeoutSeconds: timeout !== undefined ? Number(timeout) : undefined });
        io.out(`pod/${qualified(t)} stopped\n`);
      }),
    );
    if (all && targets.size === 0) io.out('No pods.\n');
    return code;
  }, (args) => {
    if (args.flags.has('all') === (args.positional.length > 0)) throw new UsageError('name the pod(s) to stop, or give --all');
    const timeout = flag(args, 'timeout');
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes a number of seconds');
    if (timeout !== undefined && args.flags.has('force')) throw new UsageError('--force and --timeout: give one');
  });
}
