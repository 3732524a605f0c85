// What the pod commands (run, ps, logs, exec, stop) share: the runtime, engine errors turned into
// the message people need (exit 2), and finding a pod by name.
import { EngineUnreachableError, engineAddress, isConnectionError } from '../../../runtime/src/engine';
import { PodRuntime } from '../../../runtime/src/runtime';
import type { PodStatus } from '../../../runtime/src/status';
import type { PullProgress } from '../../../runtime/src/images';
import { parseArgs, ParsedArgs, FlagSpec, UsageError } from '../args';
import { CliIO, USAGE_ERROR } from '../io';

export const FAILED = 1;

/** Parses flags, runs the command with a connected runtime, and maps engine failures to exit 2. */
export async function podCommand(
  name: string,
  help: string,
  argv: string[],
  spec: Record<string, FlagSpec>,
  io: CliIO,
  body: (args: ParsedArgs, runtime: PodRuntime) => Promise<number>,
  /** Checks the arguments before the engine is contacted (a usage error wins over "engine down"). */
  check: (args: ParsedArgs) => void = () => undefined,
): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, { ...spec, help: { alias: 'h' } });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`podwright ${name}: ${e.message}\n\n${help}`);
    return USAGE_ERROR;
  }
  if (args.flags.has('help')) {
    io.out(help);
    return 0;
  }
  try {
    check(args);
    const runtime = new PodRuntime();
    await runtime.ping();
    return await body(args, runtime);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`podwright ${name}: ${e.message}\n\n${help}`);
      return USAGE_ERROR;
    }
    if (e instanceof EngineUnreachableError || isConnectionError(e)) {
      io.err(`podwright ${name}: ${new EngineUnreachableError(engineAddress(), e).message}\n`);
      return USAGE_ERROR;
    }
    io.err(`podwright ${name}: ${(e as Error).message}\n`);
    return USAGE_ERROR;
  }
}

export async function findPodOrFail(runtime: PodRuntime, name: string, namespace: string | undefined, io: CliIO, command: string): Promise<PodStatus | undefined> {
  const matches = (await runtime.list()).filter((p) => p.name === name && (!namespace || p.namespace === namespace));
  if (matches.length === 0) {
    io.err(`podwright ${command}: no pod named '${name}'${namespace ? ` in namespace '${namespace}'` : ''} (see \`podwright ps\`).\n`);
    return undefined;
  }
  if (matches.length > 1) {
    io.err(`podwright ${command}: pods named '${name}' run in several namespaces (${matches.map((m) => m.namespace).join(', ')}); pick one with -n.\n`);
    return undefined;
  }
  return matches[0];
}

/** The container a command acts on: -c, else the first app container (as kubectl defaults). */
export function pickContainer(pod: PodStatus, wanted: string | undefined, io: CliIO, command: string): string | undefined {
  if (wanted) {
    if (!pod.containers.some((c) => c.name === wanted)) {
      io.err(`podwright ${command}: pod '${pod.name}' has no container '${wanted}' (it has ${pod.containers.map((c) => c.name).join(', ')}).\n`);
      return undefined;
    }
    return wanted;
  }
  const apps = pod.containers.filter((c) => c.role === 'app');
  if (apps.length > 1) io.err(`Defaulted container "${apps[0].name}" out of: ${pod.containers.map((c) => c.name).join(', ')}\n`);
  return apps[0]?.name;
}

/** Splits the engine's multiplexed stdout/stderr frames (non-TTY containers). */
export class Demux {
  private pending = Buffer.alloc(0);
  constructor(private readonly out: (t: string) => void, private readonly err: (t: string) => void) {}

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      const payload = this.pending.subarray(8, 8 + size).toString('utf8');
      (this.pending[0] === 2 ? this.err : this.out)(payload);
      this.pending = this.pending.subarray(8 + size);
    }
  }
}

/** `busybox:1.36: Downloading 3f4d90098f5b 1.2/2.1 MB` — one pull progress line. */
export function formatPullProgress(p: PullProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const size = p.total ? ` ${mb(p.current ?? 0)}/${mb(p.total)} MB` : '';
  return `${p.image}: ${p.status}${p.id ? ` ${p.id}` : ''}${size}`;
}
