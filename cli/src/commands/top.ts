// `podwright top pod [NAME] [-n NS | -A] [-l SELECTOR] [--containers] [--sort-by cpu|memory]`: what
// pods use now, in kubectl top's columns and units.
import { flag, UsageError } from '../args';
import type { ContainerUsage, PodStatus } from '../../../runtime/src';
import { CliIO } from '../io';
import { kindOf, table } from '../kube';
import { parseLabelSelector } from '../labelSelector';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright top pod [NAME] [-n NAMESPACE | -A] [-l SELECTOR] [--containers] [--sort-by cpu|memory] [--no-headers]

Shows the CPU (millicores) and memory (working set, MiB) each running pod uses now, as
kubectl top pod does; the engine samples the CPU over about a second.

options:
  -n, --namespace NS     the namespace (default: default)
  -A, --all-namespaces   every namespace, with a NAMESPACE column
  -l, --selector SEL     only pods whose labels match (app=web, tier!=db, env in (a,b), !canary)
      --containers       a line per container
      --sort-by WHAT     cpu or memory, the most first (default: by name)
      --no-headers       no header line
`;

interface Line {
  namespace: string;
  pod: string;
  container?: string;
  cpu: number;
  memory: number;
}

/** kubectl top's units: CPU in millicores, memory in whole MiB (printMetricsLine). */
const cpuText = (m: number) => `${m}m`;
const memoryText = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))}Mi`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = {
    namespace: { value: true, alias: 'n' },
    'all-namespaces': { alias: 'A' },
    selector: { value: true, alias: 'l' },
    containers: {},
    'sort-by': { value: true },
    'no-headers': {},
  };
  return podCommand('top', HELP, argv, spec, io, async (args, runtime) => {
    const all = args.flags.has('all-namespaces');
    const namespace = flag(args, 'namespace') ?? 'default';
    const name = args.positional[1];
    const selectorText = flag(args, 'selector');
    const selected = selectorText === undefined ? () => true : parseLabelSelector(selectorText);
    const pods = (await runtime.list()).filter((p) => (all || p.namespace === namespace) && (name === undefined || p.name === name) && selected(p.labels));
    const running = pods.filter((p) => p.containers.some((c) => c.state === 'running'));
    if (name !== undefined && !running.length) {
      io.err(pods.length ? `podwright top: pod ${name} has no running container, so nothing to measure\n` : `podwright top: pod "${name}" not found in namespace ${namespace}\n`);
      return FAILED;
    }
    if (!running.length) {
      io.err(all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
      return 0;
    }
    const usages = await Promise.all(running.map(async (p): Promise<[PodStatus, ContainerUsage[]]> => [p, await runtime.usage(p)]));
    const perContainer = args.flags.has('containers');
    let lines: Line[] = usages.flatMap(([p, us]) =>
      perContainer
        ? us.map((u) => ({ namespace: p.namespace, pod: p.name, container: u.container, cpu: u.cpuMillicores, memory: u.memoryBytes }))
        : [{ namespace: p.namespace, pod: p.name, cpu: sum(us, 'cpuMillicores'), memory: sum(us, 'memoryBytes') }],
    );
    const sortBy = flag(args, 'sort-by');
    if (sortBy === 'cpu') lines = [...lines].sort((a, b) => b.cpu - a.cpu);
    else if (sortBy === 'memory') lines = [...lines].sort((a, b) => b.memory - a.memory);
    const header = [...(all ? ['NAMESPACE'] : []), ...(perContainer ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    const rows = lines.map((l) => [...(all ? [l.namespace] : []), l.pod, ...(perContainer ? [l.container ?? ''] : []), cpuText(l.cpu), memoryText(l.memory)]);
    io.out(table(args.flags.has('no-headers') ? rows : [header, ...rows]));
    return 0;
  }, (args) => {
    const [what, name, ...rest] = args.positional;
    if (!what) throw new UsageError('expected what to show: top pod');
    if (kindOf(what) !== 'Pod') throw new UsageError(`podwright top shows pods (the Docker host's own tools show its usage), not '${what}'`);
    if (rest.length) throw new UsageError('expected at most one NAME');
    if (name !== undefined && flag(args, 'selector') !== undefined) throw new UsageError('give a NAME or -l SELECTOR, not both');
    const selector = flag(args, 'selector');
    if (selector !== undefined) parseLabelSelector(selector);
    const sortBy = flag(args, 'sort-by');
    if (sortBy !== undefined && sortBy !== 'cpu' && sortBy !== 'memory') throw new UsageError(`--sort-by takes cpu or memory (got '${sortBy}')`);
  });
}

function sum(us: ContainerUsage[], key: 'cpuMillicores' | 'memoryBytes'): number {
  return us.reduce((n, u) => n + u[key], 0);
}
