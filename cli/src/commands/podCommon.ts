// What the pod commands (run, ps, logs, exec, stop) share: the runtime, its failures worded for a
// terminal (exit 1 for a pod or container that is not as asked, 2 for usage and engine errors), and
// choosing a pod and a container.
import { isRuntimeError, parsePodSelector, RuntimeError, planManifest, PodRuntime, type PlanOptions, type PlanResult, type PodStatus, type PullProgress } from '../../../runtime/src';
import { flag, parseArgs, ParsedArgs, FlagSpec, UsageError } from '../args';
import { backgroundEntries } from '../background';
import { CliIO, USAGE_ERROR } from '../io';
import { kindOf, objectName } from '../kube';
import { failureText } from '../words';

export const FAILED = 1;

/** Parses flags, runs the command with a connected runtime, and words its failures. */
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
    // No ping first: each command's first engine call reports EngineUnreachable just as well, and
    // every command saves a round trip.
    return await body(args, new PodRuntime({ ...backgroundEntries }));
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`podwright ${name}: ${e.message}\n\n${help}`);
      return USAGE_ERROR;
    }
    if (isRuntimeError(e)) {
      io.err(`podwright ${name}: ${failureText(e.failure)}\n`);
      // The pod or container is not as the command needs it: a failure of the command, not of use.
      const notAsAsked = ['PodNotFound', 'AmbiguousPod', 'ContainerNotFound', 'ContainerNotRunning', 'NoPreviousRun', 'AlreadyExists', 'BeingStarted', 'ObjectNotFound', 'ObjectRefused'];
      return notAsAsked.includes(e.code) ? FAILED : USAGE_ERROR;
    }
    io.err(`podwright ${name}: ${(e as Error).message}\n`);
    return USAGE_ERROR;
  }
}

/** The pod a command names: its POD argument (`NAME` or `NAMESPACE/NAME`) and -n. */
export async function podOf(runtime: PodRuntime, args: ParsedArgs, io?: CliIO): Promise<PodStatus> {
  const word = args.positional[0];
  // kubectl's TYPE/NAME (`job/check`, `deploy/web`) when the part before the slash is a kind; else
  // NAMESPACE/NAME as before.
  const slash = word.indexOf('/');
  const kind = slash > 0 ? kindOf(word.slice(0, slash)) : undefined;
  if (!kind || kind === 'Pod') {
    const selector = kind ? { name: word.slice(slash + 1), namespace: undefined } : parsePodSelector(word);
    return runtime.pod({ name: selector.name, namespace: flag(args, 'namespace') ?? selector.namespace });
  }
  const name = word.slice(slash + 1);
  const namespace = flag(args, 'namespace') ?? 'default';
  // As kubectl picks one pod of a workload (polymorphichelpers' attachablePodForObject): the pods it
  // owns, the oldest first.
  const pods = (await runtime.list())
    .filter((p) => p.owner?.kind === kind && p.owner.name === name && p.namespace === namespace)
    .sort((a, b) => (a.creationTimestamp ?? '').localeCompare(b.creationTimestamp ?? '') || a.name.localeCompare(b.name));
  if (!pods.length) throw new RuntimeError({ code: 'ObjectNotFound', resource: `pods of ${objectName(kind, name)}`, namespace });
  if (pods.length > 1) io?.err(`Found ${pods.length} pods, using pod/${pods[0].name}\n`);
  return pods[0];
}

/** The container a command acts on: -c, else the first app container (as kubectl defaults). */
export function pickContainer(pod: PodStatus, wanted: string | undefined, io: CliIO): string | undefined {
  if (wanted) return wanted;
  const apps = pod.containers.filter((c) => c.role === 'app');
  if (apps.length > 1) io.err(`Defaulted container "${apps[0].name}" out of: ${pod.containers.map((c) => c.name).join(', ')}\n`);
  return apps[0]?.name;
}

/** `busybox:1.36: Downloading 3f4d90098f5b 1.2/2.1 MB` — one pull progress line. */
export function formatPullProgress(p: PullProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const size = p.total ? ` ${mb(p.current ?? 0)}/${mb(p.total)} MB` : '';
  return `${p.image}: ${p.status}${p.id ? ` ${p.id}` : ''}${size}`;
}

/**
 * Plans the pods of a manifest; only one that mounts a claim costs a look at the engine's claims
 * (most pods have none, and `run` is timed against `docker run`).
 */
export async function planPods(runtime: PodRuntime, text: string, path: string, options: PlanOptions): Promise<PlanResult> {
  const first = planManifest(text, path, options);
  const needsClaims = first.problems.some((p) => p.code === 'missing-reference' && p.where.endsWith('.persistentVolumeClaim.claimName'));
  return needsClaims ? runtime.workloads.planPods(text, path, options) : first;
}
