// `podwright wait --for=condition=COND[=VALUE]|--for=delete KIND/NAME… | KIND (-l SEL | --all)`: what CI
// scripts run between `apply` and their tests, as kubectl wait (pkg/cmd/wait): each object in turn,
// within one timeout for all, `pod/web condition met` as each is.
import { isRuntimeError, podConditions, RuntimeError, type PodRuntime } from '../../../runtime/src';
import { flag, UsageError, type ParsedArgs } from '../args';
import { CliIO } from '../io';
import { kindOf, objectName, pluralOf, refsOf } from '../kube';
import { parseLabelSelector } from '../labelSelector';
import { watchState } from '../stateChange';
import { parseDuration } from './logs';
import { FAILED, podCommand } from './podCommon';

const HELP = `usage: podwright wait (KIND/NAME... | KIND NAME... | KIND -l SELECTOR | KIND --all) --for=CONDITION [options]

Waits until each object meets the condition, as kubectl wait does, printing "pod/web condition met"
as each one does.

  --for=condition=NAME[=VALUE]   a condition in the object's status, true unless VALUE says
                                 otherwise (names and values in any case): pods Ready,
                                 ContainersReady, Initialized, PodScheduled; Deployments Available,
                                 Progressing; Jobs Complete, Failed, Suspended
  --for=delete                   until the object is gone

options:
  -l, --selector SEL     the objects whose labels match (app=web, tier!=db, env in (a,b), !canary)
  --all                  every object of the kind in the namespace
  -n, --namespace NS     the namespace (default: default)
  --timeout DURATION     how long to wait for all of them (default 30s; 0 looks once)

exit status: 0 met, 1 timed out or not found, 2 usage or engine error
`;

/** The longest wait between two looks; state-folder writes bring the next one sooner. */
const LOOK_EVERY_MS = 200;

type Condition = { kind: 'condition'; name: string; value: string } | { kind: 'delete' };

function conditionOf(text: string | undefined): Condition {
  if (text === undefined) throw new UsageError('--for is required: --for=condition=Ready, --for=delete …');
  if (text.toLowerCase() === 'delete') return { kind: 'delete' };
  const m = /^condition=([^=]+)(?:=(.*))?$/i.exec(text);
  if (!m) throw new UsageError(`--for takes condition=NAME[=VALUE] or delete (got '${text}'; jsonpath and create are not supported)`);
  return { kind: 'condition', name: m[1], value: m[2] ?? 'true' };
}

/** kubectl's default is 30 s; 0 looks once. */
function timeoutMs(text: string | undefined): number {
  if (text === undefined) return 30_000;
  return text === '0' ? 0 : parseDuration(text, '--timeout');
}

interface Target {
  kind: string;
  name: string;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { for: { value: true }, selector: { value: true, alias: 'l' }, all: {}, namespace: { value: true, alias: 'n' }, timeout: { value: true } };
  return podCommand('wait', HELP, argv, spec, io, async (args, runtime) => {
    const condition = conditionOf(flag(args, 'for'));
    const namespace = flag(args, 'namespace') ?? 'default';
    const deadline = Date.now() + timeoutMs(flag(args, 'timeout'));
    const targets = await targetsOf(runtime, args, namespace);
    if (!targets.length) {
      io.err('error: no matching resources found\n');
      return FAILED;
    }
    const changes = watchState(runtime.stateDir);
    try {
      for (const t of targets) {
        for (;;) {
          if (await met(runtime, t, namespace, condition)) break;
          if (Date.now() >= deadline) {
            io.err(`error: timed out waiting for the condition on ${pluralOf(t.kind)}/${t.name}\n`);
            return FAILED;
          }
          await changes.next(Math.min(LOOK_EVERY_MS, Math.max(0, deadline - Date.now())));
        }
        io.out(`${objectName(t.kind, t.name)} condition met\n`);
      }
    } finally {
      changes.close();
    }
    return 0;
  }, (args) => {
    conditionOf(flag(args, 'for'));
    timeoutMs(flag(args, 'timeout'));
    const selector = flag(args, 'selector');
    if (selector !== undefined) parseLabelSelector(selector);
    if ((selector !== undefined || args.flags.has('all')) && args.positional.length !== 1) throw new UsageError('with -l or --all, name one KIND only');
    if (selector === undefined && !args.flags.has('all')) refsOf(args.positional);
    else if (!kindOf(args.positional[0])) throw new UsageError(`the server doesn't have a resource type "${args.positional[0]}"`);
  });
}

/** The objects to wait for: named (each must exist, unless waiting for its deletion), or chosen by -l or --all now. */
async function targetsOf(runtime: PodRuntime, args: ParsedArgs, namespace: string): Promise<Target[]> {
  const selector = flag(args, 'selector');
  if (selector === undefined && !args.flags.has('all')) return refsOf(args.positional);
  const kind = kindOf(args.positional[0]) as string;
  const selected = selector === undefined ? () => true : parseLabelSelector(selector);
  if (kind === 'Pod') return (await runtime.list()).filter((p) => p.namespace === namespace && selected(p.labels)).map((p) => ({ kind, name: p.name }));
  return (await runtime.workloads.list([kind], namespace)).filter((v) => selected(v.object.metadata.labels ?? {})).map((v) => ({ kind, name: v.object.metadata.name }));
}

/** Whether the object meets the condition now. A missing object meets `delete`, and fails any other. */
async function met(runtime: PodRuntime, t: Target, namespace: string, condition: Condition): Promise<boolean> {
  let conditions: Record<string, string> | undefined;
  if (t.kind === 'Pod') {
    const pod = (await runtime.list({ name: t.name, namespace }))[0];
    if (pod) conditions = Object.fromEntries(Object.entries(podConditions(pod)).map(([k, v]) => [k, v ? 'True' : 'False']));
  } else {
    try {
      const view = await runtime.workloads.get({ kind: t.kind, name: t.name, namespace });
      conditions = Object.fromEntries((view.status?.conditions ?? []).map((c) => [c.type, c.status]));
    } catch (e) {
      if (!isRuntimeError(e, 'ObjectNotFound')) throw e;
    }
  }
  if (condition.kind === 'delete') return conditions === undefined;
  if (conditions === undefined) throw new RuntimeError({ code: 'ObjectNotFound', resource: objectName(t.kind, t.name), namespace });
  // kubectl compares both without regard to case.
  const entry = Object.entries(conditions).find(([k]) => k.toLowerCase() === condition.name.toLowerCase());
  return entry !== undefined && entry[1].toLowerCase() === condition.value.toLowerCase();
}
