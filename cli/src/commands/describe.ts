// `podwright describe [pod] POD [-n NS] [--format text|json]`: a pod as `kubectl describe pod`
// prints it (describePod in staging/src/k8s.io/kubectl/pkg/describe/describe.go), its layout and
// labels, from the runtime's records: a crash-looping or finished pod describes as a running one.
import { flag, UsageError } from '../args';
import { describePodText, describeWorkloadText, DESCRIBED_KINDS } from '../../../runtime/src';
import { CliIO } from '../io';
import { kindOf } from '../kube';
import { podCommand } from './podCommon';

const HELP = `usage: podwright describe [pod] POD [-n NAMESPACE] [--format text|json]
       podwright describe KIND NAME [-n NAMESPACE] [--format text|json]
       podwright describe KIND/NAME [-n NAMESPACE] [--format text|json]

Shows a pod as kubectl describe pod does: its labels, status, IP, each container (image, state,
last state, ready, restarts, ports, limits, requests, probes, environment with its sources, mounts),
conditions, volumes, QoS class, tolerations and events. POD is NAME or NAMESPACE/NAME. A Secret's
value is never shown, only where a variable comes from. A stopped pod is shown as its stop left it
(the last 20 stopped pods keep their record, until a pod of that name runs again).

KIND is deployment (deploy), replicaset (rs), replicationcontroller (rc), statefulset (sts),
daemonset (ds), job, cronjob (cj) or service (svc): the object as kubectl describe shows it, with its
replica counters, pods by phase, pod template, conditions and events; a Service with its address,
ports, target ports and Ready endpoints. A Deployment's ReplicaSets (get rs) are described too.

options:
  -n, --namespace NS     the pod's namespace, when pods of that name run in several
  -o, --format FORMAT    text (default) or json (the same facts)
`;

const TYPES = new Set(['pod', 'pods', 'po']);

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { namespace: { value: true, alias: 'n' }, format: { value: true, alias: 'o' } };
  const positional = (args: { positional: string[] }) => (args.positional.length === 2 && TYPES.has(args.positional[0]) ? args.positional.slice(1) : args.positional);
  /** A workload to describe (`deployment web`, `deploy/web`), or undefined for a pod. */
  const workload = (args: { positional: string[] }): { kind: string; name: string } | undefined => {
    const [first, second] = args.positional;
    const slash = first?.indexOf('/') ?? -1;
    const [word, name] = args.positional.length === 2 ? [first, second] : slash > 0 ? [first.slice(0, slash), first.slice(slash + 1)] : [undefined, undefined];
    if (word === undefined || TYPES.has(word.toLowerCase())) return undefined;
    const kind = kindOf(word);
    // `NAMESPACE/NAME` of a pod: a first part that names no kind.
    if (!kind && args.positional.length === 1) return undefined;
    if (!kind || !DESCRIBED_KINDS.includes(kind)) throw new UsageError(`cannot describe "${word}": podwright describes pods, ${DESCRIBED_KINDS.map((k) => k.toLowerCase() + 's').join(', ')}`);
    return { kind, name };
  };
  return podCommand(
    'describe',
    HELP,
    argv,
    spec,
    io,
    async (args, runtime) => {
      const target = workload(args);
      if (target) {
        const description = await runtime.workloads.describe({ ...target, namespace: flag(args, 'namespace') ?? 'default' });
        io.out(flag(args, 'format') === 'json' ? JSON.stringify(description, null, 2) + '\n' : describeWorkloadText(description));
        return 0;
      }
      const [pod] = positional(args);
      const slash = pod.indexOf('/');
      const selector = { name: slash >= 0 ? pod.slice(slash + 1) : pod, namespace: flag(args, 'namespace') ?? (slash >= 0 ? pod.slice(0, slash) : undefined) };
      const description = await runtime.describe(selector);
      io.out(flag(args, 'format') === 'json' ? JSON.stringify(description, null, 2) + '\n' : describePodText(description));
      return 0;
    },
    (args) => {
      const format = flag(args, 'format') ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}'`);
      if (workload(args)) return;
      if (positional(args).length !== 1) throw new UsageError('expected exactly one POD (or: pod POD, or KIND NAME)');
    },
  );
}
