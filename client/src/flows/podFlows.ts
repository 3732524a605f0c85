// Run, Stop, Restart and Replace as a person meets them: which pod, what to ask, what to say when it
// fails. Plain code over the Workbench interface; commands.ts only turns VS Code arguments into a
// ManifestText or a pod and calls these.
import type { ManifestPod } from '../../../analysis/src';
import type { PlanProblem } from '../../../runtime/src';
import { clock } from '../podsView/presentation';
import type { PodSnapshot } from '../podsView/snapshot';
import type { PodRef, RunOutcome } from './runtimeApi';
import type { ManifestText, Workbench } from './workbench';

import { guarded, MANAGE_TRUST, SHOW_OUTPUT, SHOW_PROBLEMS } from './common';
import { applyObject } from './workloadFlows';

export { guarded, MANAGE_TRUST, SHOW_OUTPUT, SHOW_PROBLEMS };
export const RUN_WITH_HOST_ACCESS = 'Run with Host Access';
export const REPLACE = 'Replace';
export const FORCE_STOP = 'Force Stop';

const ref = (p: { namespace: string; name: string }): PodRef => ({ namespace: p.namespace, name: p.name });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The question that asks for host access: exactly what the pod of this document would reach. */
export function hostAccessQuestion(pod: ManifestPod): { message: string; detail: string } {
  return {
    message: `Pod ${pod.name} reaches this machine: ${pod.hostAccess.map((h) => h.what).join(', ')}.`,
    detail:
      `It can read or change files, processes or the network of this machine, not only its own (${pod.hostAccess.map((h) => h.path).join(', ')}). ` +
      'Run it only if you trust this manifest.',
  };
}

/** The pod a command means: the document pointed at, the one under the cursor, else a question. */
async function choosePod(w: Workbench, manifest: ManifestText, pods: ManifestPod[]): Promise<ManifestPod | undefined> {
  if (manifest.document !== undefined) return pods.find((p) => p.document === manifest.document);
  const at = manifest.offset !== undefined ? w.manifests.podAt(pods, manifest.offset) : pods.length === 1 ? pods[0] : undefined;
  if (at) return at;
  return w.prompts.pick(
    pods.map((p) => ({ label: p.name, description: `${p.kind}${p.namespace !== 'default' ? ` in ${p.namespace}` : ''}, document ${p.document + 1}`, value: p })),
    'Which pod do you want to run?',
  );
}

export interface RunRequestOptions {
  /** Restart: the running pod to start again from its manifest, replacing it without asking. */
  restart?: PodRef;
}

/** ▶ Run pod: checks, questions, then the run; true when the pod runs (or completed). */
export async function runPod(w: Workbench, manifest: ManifestText | undefined, opts: RunRequestOptions = {}): Promise<boolean> {
  if (!w.isTrusted()) {
    const choice = await w.prompts.error('Running pods needs a trusted workspace: the manifest decides what runs on your machine.', MANAGE_TRUST);
    if (choice) w.manageTrust();
    return false;
  }
  if (!manifest) {
    await w.prompts.info('Open a YAML manifest with a Pod to run it.');
    return false;
  }
  const pods = w.manifests.podsInManifest(manifest.text);
  if (pods.length === 0) {
    await w.prompts.info(`${manifest.label} holds no Pod or pod template to run.`);
    return false;
  }
  const restart = opts.restart;
  const pod = restart ? pods.find((p) => p.name === restart.name && p.namespace === restart.namespace) : await choosePod(w, manifest, pods);
  if (!pod) {
    if (restart) await w.prompts.error(`Pod ${restart.name} is no longer in ${manifest.label}.`);
    return false;
  }
  // A workload's pods are its controller's to run: Run applies it (issue 10), as ▶ Apply does.
  if (pod.kind !== 'Pod') return applyObject(w, { ...manifest, document: pod.document, offset: undefined });
  const errors = w.errorsIn(manifest, pod.range);
  if (errors.length) {
    const choice = await w.prompts.error(
      `Pod ${pod.name} has ${plural(errors.length, 'error')} (first: ${errors[0].message}). Fix ${errors.length === 1 ? 'it' : 'them'} before running.`,
      SHOW_PROBLEMS,
    );
    if (choice) w.showProblems();
    return false;
  }
  let allowHostAccess = false;
  if (pod.hostAccess.length) {
    const q = hostAccessQuestion(pod);
    if ((await w.prompts.confirm(q.message, q.detail, RUN_WITH_HOST_ACCESS)) !== RUN_WITH_HOST_ACCESS) return false;
    allowHostAccess = true;
  }
  await w.ensureStarted();
  let replace = restart !== undefined;
  if (!replace && w.enginePods()?.some((p) => p.namespace === pod.namespace && p.name === pod.name)) {
    if ((await w.prompts.confirm(`Pod ${pod.name} is already running.`, 'Replace stops it and starts it again from this manifest.', REPLACE)) !== REPLACE) return false;
    replace = true;
  }
  return start(w, manifest, pod, replace, allowHostAccess);
}

async function start(w: Workbench, manifest: ManifestText, pod: ManifestPod, replace: boolean, allowHostAccess: boolean): Promise<boolean> {
  let outcome: RunOutcome;
  try {
    outcome = await w.withProgress(`Pod ${pod.name}`, (progress, signal) => {
      progress.report(replace ? 'replacing…' : 'starting…');
      return w.bridge().run({
        file: manifest.path,
        text: manifest.text,
        document: pod.document,
        replace,
        allowHostAccess,
        signal,
        onProgress: (message) => {
          w.log.info(`${pod.name}: ${message}`);
          progress.report(message);
        },
      });
    });
  } catch (e) {
    outcome = { kind: 'failed', message: (e as Error).message };
  } finally {
    w.refresh();
  }
  switch (outcome.kind) {
    case 'started':
      w.log.info(`${pod.name}: started`);
      return true;
    case 'cancelled':
      await w.prompts.info(`Starting pod ${pod.name} was cancelled; nothing was left behind.`);
      return false;
    case 'exists': {
      const choice = await w.prompts.confirm(`Pod ${pod.name} is already running (${outcome.status}).`, 'Replace stops it and starts it again from this manifest.', REPLACE);
      return choice === REPLACE ? start(w, manifest, pod, true, allowHostAccess) : false;
    }
    case 'refused': {
      w.log.error(`${pod.name}: refused\n  ${outcome.problems.map((p) => `${p.where}: ${p.message}`).join('\n  ')}`);
      const choice = await w.prompts.error(`Pod ${pod.name} was not started: ${refusal(outcome.problems)}`, SHOW_PROBLEMS, SHOW_OUTPUT);
      if (choice === SHOW_PROBLEMS) w.showProblems();
      if (choice === SHOW_OUTPUT) w.showOutput();
      return false;
    }
    case 'failed': {
      w.log.error(`${pod.name}: ${outcome.message}`);
      const choice = await w.prompts.error(`Pod ${pod.name} did not start: ${outcome.message}`, SHOW_OUTPUT);
      if (choice) w.showOutput();
      return false;
    }
  }
}

function refusal(problems: PlanProblem[]): string {
  const first = `${problems[0].where}: ${problems[0].message}`;
  return problems.length === 1 ? first : `${problems.length} problems, the first: ${first}`;
}

/**
 * The running pod a command means: the pod itself (a tree node), the pods of the manifest the
 * person pointed at, or any running pod; one of several is asked for.
 */
export async function runningPod(w: Workbench, target: { pod?: PodSnapshot; manifest?: ManifestText }, verb: string): Promise<PodSnapshot | undefined> {
  if (target.pod) return target.pod;
  await w.ensureStarted();
  const pods = w.enginePods();
  if (!pods) {
    await w.prompts.error('The Docker engine is not reachable.', 'Show Pods');
    return undefined;
  }
  let candidates = pods;
  const manifest = target.manifest;
  if (manifest) {
    const keys = manifestPodKeys(w, manifest);
    candidates = pods.filter((p) => keys.has(`${p.namespace}/${p.name}`));
  }
  if (candidates.length === 0) {
    await w.prompts.info(manifest ? `No pod of ${manifest.label} is running.` : 'No pod is running.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  return w.prompts.pick(candidates.map((p) => ({ label: p.name, description: `${p.namespace !== 'default' ? `${p.namespace} · ` : ''}${p.status} · ${p.ready}`, value: p })), `Which pod do you want to ${verb}?`);
}

/** The pods (`namespace/name`) a manifest pointer means: the one at the offset, the document's, else the file's. */
export function manifestPodKeys(w: Workbench, manifest: ManifestText): Set<string> {
  const inFile = w.manifests.podsInManifest(manifest.text);
  const at = manifest.offset !== undefined ? w.manifests.podAt(inFile, manifest.offset) : undefined;
  const meant = manifest.document !== undefined ? inFile.filter((p) => p.document === manifest.document) : at ? [at] : inFile;
  return new Set((meant.length ? meant : inFile).map((p) => `${p.namespace}/${p.name}`));
}

/** How long a stop may take before the person is told that the grace period is running. */
export const STOP_PATIENCE_MS = 2000;

/**
 * ■ Stop. Containers get their grace period (terminationGracePeriodSeconds) to exit after SIGTERM;
 * one that ignores it keeps the pod Terminating until then. When a stop takes longer than a moment,
 * the person is told until when, and offered Force Stop (as `kubectl delete --grace-period=0 --force`).
 */
export async function stopPod(w: Workbench, target: { pod?: PodSnapshot; manifest?: ManifestText }, opts: { force?: boolean; patienceMs?: number } = {}): Promise<boolean> {
  const pod = await runningPod(w, target, opts.force ? 'force stop' : 'stop');
  if (!pod) return false;
  const label = `${opts.force ? 'Force stopping' : 'Stopping'} pod ${pod.name}`;
  return guarded(w, label, () =>
    w.withProgress(`${label}…`, async () => {
      const stopping = w.bridge().stop(ref(pod), { force: opts.force });
      if (opts.force) return stopping;
      let done = false;
      const patience = setTimeout(() => {
        const now = w.enginePods()?.find((p) => p.namespace === pod.namespace && p.name === pod.name);
        const when = now?.terminatingUntil !== undefined ? ` (until ${clock(now.terminatingUntil)})` : '';
        void w.prompts.info(`Pod ${pod.name} is stopping: its containers have their grace period to exit${when}, then they are killed.`, FORCE_STOP).then(async (choice) => {
          if (choice === FORCE_STOP && !done) await guarded(w, `Force stopping pod ${pod.name}`, () => w.bridge().stop(ref(pod), { force: true }));
        });
      }, opts.patienceMs ?? STOP_PATIENCE_MS);
      try {
        await stopping;
      } finally {
        done = true;
        clearTimeout(patience);
      }
    }),
  );
}

/**
 * Restart: Kubernetes never restarts a pod in place; as `kubectl replace --force` would, it is
 * created again from its manifest, with the same checks and questions as Run.
 */
export async function restartPod(w: Workbench, target: { pod?: PodSnapshot; manifest?: ManifestText }): Promise<boolean> {
  if (!w.isTrusted()) return runPod(w, undefined);
  const pod = await runningPod(w, target, 'restart');
  if (!pod) return false;
  // A workload's pod is deleted and its controller makes a new one, as after `kubectl delete pod`.
  if (pod.owner) {
    const owner = pod.owner;
    return guarded(w, `Restarting pod ${pod.name}`, async () => {
      await w.bridge().stop(ref(pod));
      w.log.info(`${pod.name}: stopped; ${owner.kind} ${owner.name} makes a new pod`);
    });
  }
  if (!pod.manifest) {
    await w.prompts.error(`Pod ${pod.name} records no manifest to start it again from; stop it and run its manifest.`);
    return false;
  }
  const manifest = await w.readManifest(pod.manifest);
  if (!manifest) {
    await w.prompts.error(`The manifest of pod ${pod.name} (${pod.manifest}) cannot be read any more.`);
    return false;
  }
  return runPod(w, manifest, { restart: ref(pod) });
}
