// `podwright scale KIND/NAME --replicas N`: a new spec.replicas, as kubectl scale writes it; the
// controller brings the pods to it (the newest go first when scaling down).
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { objectName, refsOf } from '../kube';
import { podCommand } from './podCommon';

const SCALABLE = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

const HELP = `usage: podwright scale KIND/NAME... --replicas N [-n NAMESPACE]

Sets the number of replicas of Deployments, ReplicaSets, ReplicationControllers and StatefulSets.

options:
  --replicas N          the new number of pods
  --current-replicas N  only if the current number is N (as kubectl's precondition)
  -n, --namespace NS    the namespace (default: default)

exit status: 0 scaled, 1 not found or the precondition failed, 2 usage or engine error
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { replicas: { value: true }, 'current-replicas': { value: true }, namespace: { value: true, alias: 'n' } };
  return podCommand('scale', HELP, argv, spec, io, async (args, runtime) => {
    const namespace = flag(args, 'namespace') ?? 'default';
    const replicas = Number(flag(args, 'replicas'));
    const current = flag(args, 'current-replicas');
    for (const ref of refsOf(args.positional, SCALABLE)) {
      const target = { ...ref, namespace };
      if (current !== undefined) {
        const { object } = await runtime.workloads.get(target);
        const now = (object.body.spec as { replicas?: number } | undefined)?.replicas ?? 1;
        if (now !== Number(current)) {
          io.err(`error: Expected replicas to be ${current}, was ${now}\n`);
          return 1;
        }
      }
      await runtime.workloads.scale(target, replicas);
      io.out(`${objectName(ref.kind, ref.name)} scaled\n`);
    }
    return 0;
  }, (args) => {
    refsOf(args.positional, SCALABLE);
    const replicas = flag(args, 'replicas');
    if (replicas === undefined) throw new UsageError('--replicas N is required');
    if (!/^\d+$/.test(replicas)) throw new UsageError('--replicas takes a number of pods (0 or more)');
    const current = flag(args, 'current-replicas');
    if (current !== undefined && !/^\d+$/.test(current)) throw new UsageError('--current-replicas takes a number of pods');
  });
}
