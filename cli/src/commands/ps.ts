// `podwright ps [--format json]`: the pods podwright started, as kubectl shows pods.
import { flag, UsageError } from '../args';
import type { PodStatus } from '../../../runtime/src';
import { CliIO } from '../io';
import { table } from '../kube';
import { podCommand } from './podCommon';

const HELP = `usage: podwright ps [--format text|json]

Lists the pods started by podwright on the local Docker engine, with their phase, kubectl's
STATUS, READY and RESTARTS, and published ports.
`;

export function toJson(pods: PodStatus[]): object {
  return {
    pods: pods.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      phase: p.phase,
      status: p.status,
      ready: p.ready,
      restarts: p.restarts,
      // The workload whose controller made it, as ownerReferences name it; null for a bare pod.
      owner: p.owner ? { kind: p.owner.kind, name: p.owner.name } : null,
      containers: p.containers.map((c) => ({
        name: c.name,
        role: c.role,
        state: c.state,
        reason: c.reason ?? null,
        exitCode: c.exitCode ?? c.lastExitCode ?? null,
        restarts: c.restarts,
        ready: c.ready,
        image: c.image,
      })),
      ports: p.ports.map((x) => ({ containerPort: x.containerPort, hostIP: x.hostIP, hostPort: x.hostPort, protocol: x.protocol })),
      // Debug containers (`podwright debug`), only on pods that have them.
      ...(p.ephemeralContainers?.length ? { ephemeralContainers: p.ephemeralContainers.map((c) => ({ name: c.name, image: c.image, target: c.target ?? null, state: c.state, exitCode: c.exitCode ?? null })) } : {}),
    })),
  };
}

function podTable(pods: PodStatus[]): string {
  const rows = [['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'PORTS']];
  for (const p of pods) {
    rows.push([p.namespace, p.name, p.ready, p.status, String(p.restarts), p.ports.map((x) => `${x.hostIP}:${x.hostPort}->${x.containerPort}/${x.protocol.toLowerCase()}`).join(',')]);
  }
  return table(rows);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  return podCommand('ps', HELP, argv, { format: { value: true } }, io, async (args, runtime) => {
    const format = flag(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}'`);
    if (args.positional.length) throw new UsageError('ps takes no arguments');
    // A pod whose background supervisor died gets a new one: restarts and probes go on.
    await runtime.adopt();
    const pods = await runtime.list();
    if (format === 'json') io.out(JSON.stringify(toJson(pods), null, 2) + '\n');
    else if (pods.length === 0) io.out('No pods.\n');
    else io.out(podTable(pods));
    return 0;
  });
}
