// `podwright rollout status|restart|history|undo|pause|resume KIND/NAME`: watch a rollout to its end
// as kubectl's status viewers do (pkg/kubectl/polymorphichelpers/rollout_status.go), start a new one
// of the same spec, go back to a kept revision, or hold a Deployment's rollout back.
import { newReplicaSet, revisionTemplateText, type ObjectView, type PodRuntime, type Revision } from '../../../runtime/src';
import { flag, UsageError } from '../args';
import { CliIO } from '../io';
import { objectName, refsOf, table } from '../kube';
import { watchState, type StateWatch } from '../stateChange';
import { FAILED, podCommand } from './podCommon';

const ROLLABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];
/** The longest wait between two looks (the poll period before the folder was watched). */
const LOOK_EVERY_MS = 200;
/** The shortest time between the starts of two looks. */
const MIN_LOOK_MS = 50;

const HELP = `usage: podwright rollout status|restart|history|undo|pause|resume KIND/NAME... [-n NAMESPACE] [--timeout S]

  status    waits until the rollout of a Deployment, StatefulSet or DaemonSet is complete, printing
            its progress; fails when a Deployment exceeds its progressDeadlineSeconds
  restart   rolls out the same pod template anew (the kubectl.kubernetes.io/restartedAt annotation)
  history   the revisions kept (a Deployment's ReplicaSets, a StatefulSet's or DaemonSet's
            ControllerRevisions), oldest first; with --revision N, that revision's pod template
  undo      rolls back to the revision before the current one, or to --to-revision N
  pause     a Deployment: changes to its pod template wait (it still scales) until resume
  resume    a paused Deployment rolls out what changed meanwhile

options:
  -n, --namespace NS   the namespace (default: default)
  --timeout S          status: give up after S seconds (default: wait as long as it takes)
  -w, --watch false    status: print the state once and return (as kubectl's --watch=false)
  --to-revision N      undo: the revision to go back to (default: the one before the current)
  --revision N         history: show the pod template of revision N

An apply keeps what restart and pause set when its manifest leaves those fields out, as kubectl
apply does: re-applying the same file neither rolls out again nor resumes a paused Deployment.

exit status: 0 rolled out (restart, undo, pause, resume: done), 1 not found, refused, timed out or
deadline exceeded, 2 usage or engine error
`;

const VERBS = ['status', 'restart', 'history', 'undo', 'pause', 'resume'];

export async function main(argv: string[], io: CliIO): Promise<number> {
  const spec = { namespace: { value: true, alias: 'n' }, timeout: { value: true }, watch: { value: true, alias: 'w' }, 'to-revision': { value: true }, revision: { value: true } };
  return podCommand('rollout', HELP, argv, spec, io, async (args, runtime) => {
    const [verb, ...rest] = args.positional;
    const namespace = flag(args, 'namespace') ?? 'default';
    const refs = refsOf(rest, kindsFor(verb));
    if (verb === 'history') return history(runtime, refs, namespace, flag(args, 'revision'), io);
    if (verb === 'undo') return undo(runtime, refs, namespace, flag(args, 'to-revision'), io);
    if (verb === 'restart' || verb === 'pause' || verb === 'resume') {
      for (const ref of refs) {
        const at = { ...ref, namespace };
        await (verb === 'restart' ? runtime.workloads.restart(at) : runtime.workloads.pause(at, verb === 'pause'));
        io.out(`${objectName(ref.kind, ref.name)} ${verb === 'restart' ? 'restarted' : verb === 'pause' ? 'paused' : 'resumed'}\n`);
      }
      return 0;
    }
    const timeout = flag(args, 'timeout');
    const deadline = timeout === undefined ? Infinity : Date.now() + Number(timeout) * 1000;
    const once = flag(args, 'watch') === 'false';
    for (const ref of refs) {
      const code = await watchRollout(runtime, { ...ref, namespace }, deadline, once, io);
      if (code) return code;
    }
    return 0;
  }, (args) => {
    const [verb, ...rest] = args.positional;
    if (!verb) throw new UsageError(`name what to do: ${VERBS.join(', ')}`);
    if (!VERBS.includes(verb)) throw new UsageError(`unknown rollout command '${verb}' (${VERBS.join(', ')})`);
    refsOf(rest, kindsFor(verb));
    const to = flag(args, 'to-revision');
    if (to !== undefined && (verb !== 'undo' || !/^[1-9]\d*$/.test(to))) throw new UsageError('--to-revision takes a revision number, with undo');
    const revision = flag(args, 'revision');
    if (revision !== undefined && (verb !== 'history' || !/^[1-9]\d*$/.test(revision))) throw new UsageError('--revision takes a revision number, with history');
    const timeout = flag(args, 'timeout');
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes a number of seconds');
    const watch = flag(args, 'watch');
    if (watch !== undefined && watch !== 'true' && watch !== 'false') throw new UsageError('--watch takes true or false');
  });
}

/** Only a Deployment pauses (kubectl: "pausing is not supported" for the others). */
const kindsFor = (verb: string | undefined) => (verb === 'pause' || verb === 'resume' ? ['Deployment'] : ROLLABLE);

/**
 * `kubectl rollout history`: each object's revisions, oldest first; the change cause only the
 * current one's annotation tells. With `revision`, that revision's pod template.
 */
async function history(runtime: PodRuntime, refs: { kind: string; name: string }[], namespace: string, revision: string | undefined, io: CliIO): Promise<number> {
  for (const ref of refs) {
    const { object, revisions } = await runtime.workloads.history({ ...ref, namespace });
    if (revision !== undefined) {
      const kept = revisions.find((r) => r.revision === Number(revision));
      if (!kept) {
        io.err(`podwright rollout: ${objectName(ref.kind, ref.name)}: unable to find the specified revision ${revision}\n`);
        return 1;
      }
      io.out(`${objectName(ref.kind, ref.name)} with revision #${revision}\n${revisionTemplateText(shownTemplate(ref.kind, kept), kept.volumes)}\n`);
      continue;
    }
    const cause = object.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>';
    const rows = [['REVISION', 'CHANGE-CAUSE'], ...revisions.map((r, i) => [String(r.revision), i === revisions.length - 1 ? cause : '<none>'])];
    io.out(`${objectName(ref.kind, ref.name)} \n${table(rows)}\n`);
  }
  return 0;
}

/** A Deployment's revision is shown as its ReplicaSet carries it: with the pod-template-hash label. */
function shownTemplate(kind: string, r: Revision): Record<string, unknown> {
  if (kind !== 'Deployment') return r.template;
  const meta = (r.template.metadata ?? {}) as { labels?: Record<string, string> };
  return { ...r.template, metadata: { ...meta, labels: { ...(meta.labels ?? {}), 'pod-template-hash': r.hash } } };
}

/** `kubectl rollout undo [--to-revision N]`. */
async function undo(runtime: PodRuntime, refs: { kind: string; name: string }[], namespace: string, to: string | undefined, io: CliIO): Promise<number> {
  for (const ref of refs) {
    const { revision, skipped } = await runtime.workloads.undo({ ...ref, namespace }, to === undefined ? undefined : Number(to));
    io.out(skipped ? `${objectName(ref.kind, ref.name)} skipped rollback (current template already matches revision ${revision})\n` : `${objectName(ref.kind, ref.name)} rolled back\n`);
  }
  return 0;
}

/** Where a rollout is: done, or a line saying what it waits for, or an error. */
export function rolloutState(view: ObjectView): { done: boolean; message: string; error?: boolean } {
  const { object, status, pods } = view;
  const spec = (object.body.spec ?? {}) as { replicas?: number; updateStrategy?: { type?: string } };
  const kind = object.kind.toLowerCase();
  const name = object.metadata.name;
  if (!status || status.observedGeneration < object.metadata.generation) return { done: false, message: `Waiting for ${kind} spec update to be observed...` };
  const live = pods.filter((p) => !p.terminating);
  // While replicas are missing, why the last one could not be made (the controller's FailedCreate
  // event): without it a person sees "0 out of 3" and nothing else.
  // Not once a pod made after it exists: that failure is over.
  const failed = [...status.events].reverse().find((e) => e.reason === 'FailedCreate');
  const names = new Set(pods.map((p) => p.name));
  const made = status.events.filter((e) => e.reason === 'SuccessfulCreate' && names.has(e.message.replace(/^Created pod: /, '')));
  const over = failed && made.some((e) => e.time > failed.time);
  const why = failed && !over ? ` (${failed.reason}: ${failed.message})` : '';
  const ready = (p: (typeof pods)[number]) => p.phase === 'Running' && /^(\d+)\/\1$/.test(p.ready) && !p.ready.startsWith('0/');
  if (object.kind === 'Deployment') {
    const progressing = status.conditions.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { done: false, error: true, message: `deployment "${name}" exceeded its progress deadline` };
    const desired = spec.replicas ?? 1;
    const fresh = newReplicaSet(object, status);
    const updated = fresh ? live.filter((p) => p.labels['pod-template-hash'] === fresh.hash) : [];
    const available = updated.filter(ready).length;
    if (updated.length < desired) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated.length} out of ${desired} new replicas have been updated...${why}` };
    if (pods.length > updated.length) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${pods.length - updated.length} old replicas are pending termination...` };
    if (available < updated.length) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated.length} updated replicas are available...` };
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  if (spec.updateStrategy?.type === 'OnDelete') return { done: true, message: `rollout status is only available for RollingUpdate strategy type`, error: true };
  // StatefulSets and DaemonSets: every pod of the current revision, and Ready.
  const revision = status.updateRevision;
  const desired = object.kind === 'DaemonSet' ? (status.counters?.desiredNumberScheduled ?? live.length) : (spec.replicas ?? 1);
  // A StatefulSet's pods carry the revision's name in controller-revision-hash, a DaemonSet's its hash.
  const label = object.kind === 'DaemonSet' ? status.revisions?.find((r) => r.name === revision)?.hash : revision;
  const current = label ? live.filter((p) => p.labels['controller-revision-hash'] === label) : live;
  const readyNow = current.filter(ready).length;
  if (object.kind === 'DaemonSet') {
    // DaemonSetStatusViewer: updated pods, then available ones.
    if (current.length < desired) return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${current.length} out of ${desired} new pods have been updated...${why}` };
    if (readyNow < desired) return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${readyNow} of ${desired} updated pods are available...` };
    return { done: true, message: `daemon set "${name}" successfully rolled out` };
  }
  if (current.length < desired || pods.length > current.length) return { done: false, message: `Waiting for ${current.length} pods to be updated out of ${desired}...${current.length < desired ? why : ''}` };
  if (readyNow < desired) return { done: false, message: `Waiting for ${desired - readyNow} pods to be ready...` };
  return { done: true, message: `statefulset rolling update complete ${readyNow} pods at revision ${revision ?? 'current'}...` };
}

async function watchRollout(runtime: PodRuntime, ref: { kind: string; name: string; namespace: string }, deadline: number, once: boolean, io: CliIO): Promise<number> {
  const changes = watchState(runtime.stateDir);
  try {
    return await followRollout(runtime, ref, deadline, once, io, changes);
  } finally {
    changes.close();
  }
}

async function followRollout(runtime: PodRuntime, ref: { kind: string; name: string; namespace: string }, deadline: number, once: boolean, io: CliIO, changes: StateWatch): Promise<number> {
  let last = '';
  for (;;) {
    const looked = Date.now();
    const state = rolloutState(await runtime.workloads.get(ref));
    if (state.message !== last) (state.error ? io.err : io.out)(`${state.error ? 'error: ' : ''}${state.message}\n`);
    last = state.message;
    if (state.error) return FAILED;
    if (state.done || once) return 0;
    if (Date.now() >= deadline) {
      io.err('error: timed out waiting for the condition\n');
      return FAILED;
    }
    // The next look comes when the manager or a pod's supervisor writes its state (a container
    // started, a status changed), and at the latest after LOOK_EVERY_MS (a change the folder does not
    // show, such as a record of another process). Each look is a few engine calls: at most one every
    // MIN_LOOK_MS, so that a burst of writes does not slow the pods it waits for on a small machine.
    await changes.next(LOOK_EVERY_MS);
    const since = Date.now() - looked;
    if (since < MIN_LOOK_MS) await new Promise((r) => setTimeout(r, MIN_LOOK_MS - since));
  }
}
