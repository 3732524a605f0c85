// `podwright port-forward POD|TYPE/NAME [LOCAL:]REMOTE...`: a local port that reaches a port of a
// pod, as `kubectl port-forward` opens one, for a pod that publishes nothing on the host. The
// connection goes to the pod's address on its network, which the engine's host routes to (a
// Linux engine; Docker Desktop's and a remote engine's pod networks are not reachable from here).
import { createServer, connect, type Server, type Socket } from 'node:net';
import { flag, UsageError } from '../args';
import type { PodRuntime, PodStatus } from '../../../runtime/src';
import { CliIO } from '../io';
import { kindOf } from '../kube';
import { FAILED, podCommand, podOf } from './podCommon';

const HELP = `usage: podwright port-forward POD|TYPE/NAME [LOCAL:]REMOTE... [--address ADDR] [-n NAMESPACE]

Listens on LOCAL (127.0.0.1 by default) and forwards each connection to port REMOTE of the pod,
until Ctrl+C, as kubectl port-forward does. TYPE/NAME picks a workload's oldest pod (deploy/web),
or for a Service (svc/web) one of its Ready pods, REMOTE then being the Service's port (number or
name), forwarded to its targetPort. LOCAL:REMOTE, PORT (the same on both sides), :REMOTE (a free
local port).

options:
  --address ADDR         where to listen (default 127.0.0.1); beyond loopback needs
                         --allow-host-access, as it opens the pod to other machines
  --allow-host-access    allow --address beyond loopback
  -n, --namespace NS     the namespace of POD or TYPE/NAME
`;

interface Mapping {
  local: number;
  remote: number | string;
}

/** `8080:80`, `80`, `:80`, `8080:http` (a Service's port name). */
export function parseMapping(text: string): Mapping {
  const m = /^(\d*)(?::(\d+|[a-z][-a-z0-9]*))?$/.exec(text);
  const port = (s: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`'${text}': ports go from 1 to 65535`);
    return n;
  };
  if (!m || (m[1] === '' && m[2] === undefined)) throw new UsageError(`'${text}' is not LOCAL:REMOTE, PORT or :REMOTE`);
  if (m[2] === undefined) return { local: port(m[1]), remote: port(m[1]) };
  const remote = /^\d+$/.test(m[2]) ? port(m[2]) : m[2];
  return { local: m[1] === '' ? 0 : port(m[1]), remote };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { address: { value: true }, 'allow-host-access': {}, namespace: { value: true, alias: 'n' } };
  return podCommand(
    'port-forward',
    HELP,
    argv,
    spec,
    io,
    async (args, runtime) => {
      const [target, ...ports] = args.positional;
      const mappings = ports.map(parseMapping);
      const address = flag(args, 'address') ?? '127.0.0.1';
      const service = serviceName(target);
      const { pod, remotes } = service ? await viaService(runtime, service, flag(args, 'namespace') ?? 'default', mappings) : await viaPod(runtime, args, io, mappings);
      if (!pod.podIP) throw new Error(`pod ${pod.name} has no address (it is not running)`);
      const podIP = pod.podIP;
      const servers: Server[] = [];
      let lost: (code: number) => void = () => undefined;
      const done = new Promise<number>((r) => (lost = r));
      for (const [i, m] of mappings.entries()) {
        const remote = remotes[i];
        const server = createServer((client) => {
          io.out(`Handling connection for ${(server.address() as { port: number }).port}\n`);
          forward(client, podIP, remote, (message) => {
            io.err(`an error occurred forwarding ${(server.address() as { port: number }).port} -> ${remote}: ${message}\n`);
            // As kubectl does when the pod goes: the forward ends, it does not wait for it to return.
            void runtime.pod({ name: pod.name, namespace: pod.namespace }).then(
              (p) => p.podIP !== podIP && lost(FAILED),
              () => lost(FAILED),
            );
          });
        });
        try {
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(m.local, address, () => resolve());
          });
        } catch (e) {
          servers.forEach((s) => s.close());
          io.err(`podwright port-forward: unable to listen on ${address}:${m.local}: ${(e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : (e as Error).message}\n`);
          return FAILED;
        }
        servers.push(server);
        const bound = server.address() as { address: string; port: number };
        io.out(`Forwarding from ${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port} -> ${remote}\n`);
      }
      const interrupt = () => lost(0);
      process.once('SIGINT', interrupt);
      const code = await done;
      process.off('SIGINT', interrupt);
      if (code !== 0) io.err(`podwright port-forward: lost connection to pod ${pod.name}\n`);
      servers.forEach((s) => s.close());
      return code;
    },
    (args) => {
      const [target, ...ports] = args.positional;
      if (!target || !ports.length) throw new UsageError('expected POD (or TYPE/NAME) and at least one port');
      ports.forEach(parseMapping);
      const address = flag(args, 'address');
      if (address !== undefined && !LOOPBACK.has(address) && !args.flags.has('allow-host-access')) {
        throw new UsageError(`--address ${address} opens the pod's port to other machines: add --allow-host-access to allow it`);
      }
    },
  );
}

/** The Service a TYPE/NAME names, if it names one. */
function serviceName(target: string): string | undefined {
  const slash = target.indexOf('/');
  return slash > 0 && kindOf(target.slice(0, slash)) === 'Service' ? target.slice(slash + 1) : undefined;
}

async function viaPod(runtime: PodRuntime, args: Parameters<typeof podOf>[1], io: CliIO, mappings: Mapping[]): Promise<{ pod: PodStatus; remotes: number[] }> {
  for (const m of mappings) if (typeof m.remote === 'string') throw new UsageError(`a pod's port is a number here ('${m.remote}' names a Service's port)`);
  return { pod: await podOf(runtime, args, io), remotes: mappings.map((m) => m.remote as number) };
}

/** As kubectl: one Ready pod of the Service, and each Service port's targetPort on it. */
async function viaService(runtime: PodRuntime, name: string, namespace: string, mappings: Mapping[]): Promise<{ pod: PodStatus; remotes: number[] }> {
  const [view] = await runtime.workloads.list(['Service'], namespace).then((vs) => vs.filter((v) => v.object.metadata.name === name));
  if (!view) throw new Error(`service "${name}" not found in namespace ${namespace}`);
  const svc = (await runtime.workloads.services(namespace, [view.object])).get(view.object.metadata.uid);
  const endpoint = svc?.endpoints.find((e) => e.ready);
  if (!svc || !endpoint) throw new Error(`service ${name} has no Ready pod to forward to`);
  const remotes = mappings.map((m) => {
    const i = svc.ports.findIndex((p) => p.port === m.remote || p.name === m.remote);
    if (i < 0) throw new UsageError(`service ${name} has no port ${m.remote} (it has ${svc.ports.map((p) => p.name ?? p.port).join(', ')})`);
    const target = endpoint.ports[i];
    if (target === undefined) throw new Error(`pod ${endpoint.pod} has no port named ${svc.ports[i].targetPort}`);
    return target;
  });
  return { pod: await runtime.pod({ name: endpoint.pod, namespace }), remotes };
}

/** One connection, both ways; `failed` when the pod's side cannot be reached. */
function forward(client: Socket, ip: string, port: number, failed: (message: string) => void): void {
  const upstream = connect(port, ip);
  upstream.once('connect', () => {
    client.pipe(upstream);
    upstream.pipe(client);
  });
  upstream.on('error', (e: NodeJS.ErrnoException) => {
    client.destroy();
    failed(e.code === 'ECONNREFUSED' ? `nothing listens on port ${port} in the pod` : e.message);
  });
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.end());
}
