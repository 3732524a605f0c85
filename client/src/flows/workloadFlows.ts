// Workloads as a person meets them in the editor: ▶ Apply (which objects, what to ask), Scale…,
// Restart, Trigger, Delete, and Delete Data for a claim's volume. Plain code over the Workbench, as
// podFlows.ts; commands.ts turns VS Code arguments (a CodeLens target, a tree node) into targets.
import type { ManifestObject } from '../../../analysis/src';
import type { PlanProblem } from '../../../runtime/src';
import { APPLY_KINDS, DATA_KINDS, PAUSABLE_KINDS, RESTARTABLE_KINDS, SCALABLE_KINDS, TRIGGERABLE_KINDS, WORKLOAD_KINDS } from '../podsView/kinds';
import type { ClaimSnapshot, ObjectSnapshot } from '../podsView/snapshot';
import { guarded, MANAGE_TRUST, SHOW_OUTPUT, SHOW_PROBLEMS } from './common';
import type { ApplyOutcome, ObjectRef } from './runtimeApi';
import type { ManifestText, Workbench } from './workbench';

export const APPLY_WITH_HOST_ACCESS = 'Apply with Host Access';
export const DELETE = 'Delete';
export const DELETE_DATA = 'Delete Data';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const count = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);

/** How a person reads an object's name: `Deployment web`, `Job batch in tools`. */
export function objectWords(o: { kind: string; name: string; namespace: string }): string {
  return `${o.kind} ${o.name}${o.namespace !== 'default' ? ` in ${o.namespace}` : ''}`;
}

const refOf = (o: { kind: string; name: string; namespace: string }): ObjectRef => ({ kind: o.kind, namespace: o.namespace, name: o.name });

/**
 * What applying a document runs, as its controller will (defaults from pkg/apis/apps/v1/defaults.go
 * and pkg/apis/batch/v1/defaults.go: replicas 1; a Job's parallelism 1 and completions 1 unless only
 * parallelism is set, when pods run until one succeeds).
 */
export function whatRuns(o: Pick<ManifestObject, 'kind' | 'spec'>): string {
  const spec = o.spec;
  switch (o.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return plural(count(spec.replicas, 1), 'pod');
    case 'DaemonSet':
      return 'one pod (this machine is its one node)';
    case 'Job': {
      const parallelism = count(spec.parallelism, 1);
      const completions = spec.completions === undefined && spec.parallelism !== undefined ? undefined : count(spec.completions, 1);
      if (completions === undefined) return `${plural(parallelism, 'pod')} at a time, until one completes`;
      return `${plural(completions, 'pod')} to completion${parallelism > 1 && parallelism < completions ? `, ${parallelism} at a time` : ''}`;
    }
    case 'CronJob':
      return `a Job's pods on its schedule (${typeof spec.schedule === 'string' ? spec.schedule : 'none set'})${spec.suspend === true ? ' once it is resumed' : ''}`;
    default:
      return 'no pods';
  }
}

/** The question that asks for host access: what will run, and exactly what of the machine it reaches. */
export function applyHostAccessQuestion(o: ManifestObject): { message: string; detail: string } {
  return {
    message: `${o.kind} ${o.name} reaches this machine: ${o.hostAccess.map((h) => h.what).join(', ')}.`,
    detail:
      `Applying it runs ${whatRuns(o)}, each of which can read or change files, processes or the network of this machine, not only its own ` +
      `(${o.hostAccess.map((h) => h.path).join(', ')}). Its controller keeps making them in the background until it is deleted. ` +
      'Apply it only if you trust this manifest.',
  };
}

function refusal(problems: PlanProblem[]): string {
  const first = `${problems[0].where}: ${problems[0].message}`;
  return problems.length === 1 ? first : `${problems.length} problems, the first: ${first}`;
}

/** The object a command means: the document pointed at, the one under the cursor, else a question. */
async function chooseObject(w: Workbench, manifest: ManifestText, objects: ManifestObject[]): Promise<ManifestObject | undefined> {
  if (manifest.document !== undefined) return objects.find((o) => o.document === manifest.document);
  const at = manifest.offset !== undefined ? objects.find((o) => manifest.offset! >= o.range.start && manifest.offset! <= o.range.end) : undefined;
  if (at) return at;
  if (objects.length === 1) return objects[0];
  return w.prompts.pick(
    objects.map((o) => ({ label: o.name, description: `${o.kind}${o.namespace !== 'default' ? ` in ${o.namespace}` : ''}, document ${o.document + 1}`, value: o })),
    'Which object do you want to apply?',
  );
}

/**
 * The documents one ▶ Apply stores: the object itself, and for a workload the ConfigMaps, Secrets
 * and claims of its namespace in the same file, which its pods read (applied together, as
 * `kubectl apply -f` would; the file's other workloads and pods are left alone).
 */
export function documentsToApply(target: ManifestObject, all: readonly ManifestObject[]): number[] {
  if (!WORKLOAD_KINDS.includes(target.kind)) return [target.document];
  const data = all.filter((o) => DATA_KINDS.includes(o.kind) && o.namespace === target.namespace).map((o) => o.document);
  return [...new Set([target.document, ...data])].sort((a, b) => a - b);
}

/** ▶ Apply: checks, the host-access question, then the objects stored for their controllers. */
export async function applyObject(w: Workbench, manifest: ManifestText | undefined): Promise<boolean> {
  if (!w.isTrusted()) {
    const choice = await w.prompts.error('Applying workloads needs a trusted workspace: the manifest decides what runs on your machine.', MANAGE_TRUST);
    if (choice) w.manageTrust();
    return false;
  }
  if (!manifest) {
    await w.prompts.info('Open a YAML manifest with a workload to apply it.');
    return false;
  }
  const all = w.manifests.objectsInManifest(manifest.text);
  const appliable = all.filter((o) => APPLY_KINDS.includes(o.kind));
  if (appliable.length === 0) {
    await w.prompts.info(`${manifest.label} holds no workload, ConfigMap, Secret or PersistentVolumeClaim to apply.`);
    return false;
  }
  const target = await chooseObject(w, manifest, appliable);
  if (!target) return false;
  const errors = w.errorsIn(manifest, target.range);
  if (errors.length) {
    const choice = await w.prompts.error(
      `${target.kind} ${target.name} has ${plural(errors.length, 'error')} (first: ${errors[0].message}). Fix ${errors.length === 1 ? 'it' : 'them'} before applying.`,
      SHOW_PROBLEMS,
    );
    if (choice) w.showProblems();
    return false;
  }
  let allowHostAccess = false;
  if (target.hostAccess.length) {
    const q = applyHostAccessQuestion(target);
    if ((await w.prompts.confirm(q.message, q.detail, APPLY_WITH_HOST_ACCESS)) !== APPLY_WITH_HOST_ACCESS) return false;
    allowHostAccess = true;
  }
  await w.ensureStarted();
  const documents = documentsToApply(target, all);
  let outcome: ApplyOutcome;
  try {
    outcome = await w.withProgress(`${target.kind} ${target.name}`, (progress) => {
      progress.report('applying…');
      return w.bridge().apply({ file: manifest.path, text: manifest.text, documents, allowHostAccess });
    });
  } catch (e) {
    outcome = { kind: 'failed', message: (e as Error).message };
  } finally {
    w.refresh();
  }
  const name = `${target.kind} ${target.name}`;
  switch (outcome.kind) {
    case 'refused':
    case 'applied': {
      const applied = outcome.kind === 'applied' ? outcome.documents : [];
      for (const d of applied) w.log.info(`${d.kind} ${d.name}: ${d.result}`);
      const mine = applied.find((d) => d.document === target.document);
      const problems = outcome.kind === 'refused' ? outcome.problems : mine?.result === 'refused' ? mine.problems : [];
      if (problems.length) {
        w.log.error(`${name}: refused\n  ${problems.map((p) => `${p.where}: ${p.message}`).join('\n  ')}`);
        const choice = await w.prompts.error(`${name} was not applied: ${refusal(problems)}`, SHOW_PROBLEMS, SHOW_OUTPUT);
        if (choice === SHOW_PROBLEMS) w.showProblems();
        if (choice === SHOW_OUTPUT) w.showOutput();
        return false;
      }
      return true;
    }
    case 'failed': {
      w.log.error(`${name}: ${outcome.message}`);
      const choice = await w.prompts.error(`${name} was not applied: ${outcome.message}`, SHOW_OUTPUT);
      if (choice) w.showOutput();
      return false;
    }
  }
}

/** What an action on an applied object points at: the object itself (a tree node) or a manifest. */
export interface ObjectTarget {
  object?: ObjectSnapshot;
  manifest?: ManifestText;
}

/**
 * The applied object an action means, among the kinds it applies to: the tree node's, those of the
 * document (or file) pointed at, or any; one of several is asked for.
 */
export async function appliedObject(w: Workbench, target: ObjectTarget, kinds: readonly string[], verb: string, noun: string): Promise<ObjectSnapshot | undefined> {
  if (target.object) return kinds.includes(target.object.kind) ? target.object : undefined;
  await w.ensureStarted();
  const engine = w.engineObjects();
  if (!engine) {
    await w.prompts.error('The Docker engine is not reachable.');
    return undefined;
  }
  let candidates = engine.objects.filter((o) => kinds.includes(o.kind));
  const manifest = target.manifest;
  if (manifest) {
    const inFile = w.manifests.objectsInManifest(manifest.text);
    const at = manifest.offset !== undefined ? inFile.filter((o) => manifest.offset! >= o.range.start && manifest.offset! <= o.range.end) : [];
    const meant = manifest.document !== undefined ? inFile.filter((o) => o.document === manifest.document) : at.length && at.some((o) => kinds.includes(o.kind)) ? at : inFile;
    candidates = candidates.filter((c) => meant.some((m) => m.kind === c.kind && m.namespace === c.namespace && m.name === c.name));
  }
  if (candidates.length === 0) {
    await w.prompts.info(manifest ? `No ${noun} of ${manifest.label} is applied.` : `No ${noun} is applied.`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  return w.prompts.pick(
    candidates.map((o) => ({ label: o.name, description: `${o.kind}${o.namespace !== 'default' ? ` in ${o.namespace}` : ''}${o.status ? ` · ${o.status}` : ''}`, value: o })),
    `Which ${noun} do you want to ${verb}?`,
  );
}

/** spec.replicas is an int32 (pkg/apis/apps/types.go). */
const MAX_REPLICAS = 2 ** 31 - 1;

/** Why a Scale… answer cannot be taken, or undefined: a whole number, 0 or more. */
export function replicasProblem(value: string): string | undefined {
  const v = value.trim();
  if (!/^\d+$/.test(v)) return 'Enter a whole number of replicas, 0 or more.';
  if (Number(v) > MAX_REPLICAS) return `At most ${MAX_REPLICAS} replicas.`;
  return undefined;
}

/** Scale…: the number of replicas, asked with the current one filled in. */
export async function scaleObject(w: Workbench, target: ObjectTarget): Promise<boolean> {
  const o = await appliedObject(w, target, SCALABLE_KINDS, 'scale', 'Deployment, ReplicaSet, ReplicationController or StatefulSet');
  if (!o) return false;
  const current = o.replicas ?? o.desired ?? 1;
  const answer = await w.prompts.input(`Replicas of ${objectWords(o)} (now ${current})`, String(current), replicasProblem);
  if (answer === undefined || replicasProblem(answer)) return false;
  const replicas = Number(answer.trim());
  if (replicas === current) return true;
  return guarded(w, `Scaling ${objectWords(o)} to ${replicas}`, () => w.bridge().scale(refOf(o), replicas));
}

/** Restart: a rollout of the same template, every pod replaced as the rollout strategy says. */
export async function restartObject(w: Workbench, target: ObjectTarget): Promise<boolean> {
  const o = await appliedObject(w, target, RESTARTABLE_KINDS, 'restart', 'Deployment, StatefulSet or DaemonSet');
  if (!o) return false;
  return guarded(w, `Restarting ${objectWords(o)}`, () => w.bridge().restartRollout(refOf(o)));
}

/** Undo Rollout: back to the revision before the current one, rolled out as a new revision. */
export async function undoObject(w: Workbench, target: ObjectTarget): Promise<boolean> {
  const o = await appliedObject(w, target, RESTARTABLE_KINDS, 'roll back', 'Deployment, StatefulSet or DaemonSet');
  if (!o) return false;
  let undone: { revision: number; skipped: boolean } | undefined;
  const ok = await guarded(w, `Rolling back ${objectWords(o)}`, async () => (undone = await w.bridge().undoRollout(refOf(o))));
  if (ok && undone?.skipped) await w.prompts.info(`${objectWords(o)} runs the template of revision ${undone.revision} already.`);
  return ok;
}

/** Pause Rollout / Resume Rollout: a Deployment's new template waits (it still scales) until resume. */
export async function pauseObject(w: Workbench, target: ObjectTarget, paused: boolean): Promise<boolean> {
  const o = await appliedObject(w, target, PAUSABLE_KINDS, paused ? 'pause' : 'resume', 'Deployment');
  if (!o) return false;
  return guarded(w, `${paused ? 'Pausing' : 'Resuming'} ${objectWords(o)}`, () => w.bridge().pauseRollout(refOf(o), paused));
}

/** The characters of generated names (k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alikes). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A name for a Job made by hand from a CronJob, as the dashboard and `kubectl create job` users
 * name it: `<cronjob>-manual-<5 random>`, within the 63 characters of the job-name label.
 */
export function manualJobName(cronJob: string, random: () => number = Math.random): string {
  const suffix = Array.from({ length: 5 }, () => ALPHANUMS[Math.floor(random() * ALPHANUMS.length)]).join('');
  const head = cronJob.slice(0, 63 - '-manual-'.length - suffix.length).replace(/-+$/, '');
  return `${head}-manual-${suffix}`;
}

/** Trigger: a Job from the CronJob's template now, whatever its schedule says. */
export async function triggerCronJob(w: Workbench, target: ObjectTarget, random?: () => number): Promise<string | undefined> {
  const o = await appliedObject(w, target, TRIGGERABLE_KINDS, 'trigger', 'CronJob');
  if (!o) return undefined;
  const job = manualJobName(o.name, random);
  const ok = await guarded(w, `Creating Job ${job} from ${objectWords(o)}`, () => w.bridge().createJobFrom(refOf(o), job));
  if (!ok) return undefined;
  w.log.info(`${objectWords(o)}: created Job ${job}`);
  return job;
}

/** What a deletion takes along, for the question. */
function deletionDetail(o: ObjectSnapshot): string {
  if (o.kind === 'ConfigMap' || o.kind === 'Secret') return 'Pods already running keep what they read from it.';
  if (o.kind === 'Service') return 'Its pods keep running; its name stops resolving and its address and published ports go.';
  const volumes =
    o.kind === 'StatefulSet' ? " Its volumes (volumeClaimTemplates) are kept or deleted as its persistentVolumeClaimRetentionPolicy says: kept, unless it says Delete." : ' Volumes it mounts keep their data.';
  return `Its pods get their grace period to stop and are not made again.${volumes}`;
}

/** Delete: the object and its pods, after asking. */
export async function deleteObject(w: Workbench, target: ObjectTarget): Promise<boolean> {
  const kinds = [...APPLY_KINDS.filter((k) => k !== 'PersistentVolumeClaim'), 'Service'];
  const o = await appliedObject(w, target, kinds, 'delete', 'workload, Service, ConfigMap or Secret');
  if (!o) return false;
  const pods = (w.enginePods() ?? []).filter((p) => p.owner?.uid === o.uid).length;
  const what = WORKLOAD_KINDS.includes(o.kind) && pods ? `${objectWords(o)} and its ${plural(pods, 'pod')}` : objectWords(o);
  if ((await w.prompts.confirm(`Delete ${what}?`, deletionDetail(o), DELETE)) !== DELETE) return false;
  return guarded(w, `Deleting ${objectWords(o)}`, () => w.withProgress(`Deleting ${objectWords(o)}…`, () => w.bridge().deleteObject(refOf(o))));
}

/** What Delete Data points at: a volume of the tree, or a PersistentVolumeClaim's document. */
export interface ClaimTarget {
  claim?: ClaimSnapshot;
  manifest?: ManifestText;
}

async function claimOf(w: Workbench, target: ClaimTarget): Promise<ClaimSnapshot | undefined> {
  if (target.claim) return target.claim;
  await w.ensureStarted();
  const engine = w.engineObjects();
  if (!engine) {
    await w.prompts.error('The Docker engine is not reachable.');
    return undefined;
  }
  let candidates = engine.claims;
  const manifest = target.manifest;
  if (manifest) {
    const claims = w.manifests.objectsInManifest(manifest.text).filter((o) => o.kind === 'PersistentVolumeClaim');
    const meant = manifest.document !== undefined ? claims.filter((o) => o.document === manifest.document) : claims;
    candidates = candidates.filter((c) => meant.some((m) => m.namespace === c.namespace && m.name === c.name));
  }
  if (candidates.length === 0) {
    await w.prompts.info(manifest ? `No volume of ${manifest.label} holds data.` : 'No volume holds data.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  return w.prompts.pick(
    candidates.map((c) => ({ label: c.name, description: [c.namespace !== 'default' ? c.namespace : '', c.storage, c.owner?.replace('/', ' ')].filter(Boolean).join(' · '), value: c })),
    'Which volume’s data do you want to delete?',
  );
}

/**
 * Delete Data: a claim's volume and every file in it, after a question that says it cannot be
 * undone. The runtime refuses while a pod mounts it (as pvc-protection keeps a claim in use); the
 * refusal says which pod, and here what to do about a workload that makes that pod again.
 */
export async function deleteVolumeData(w: Workbench, target: ClaimTarget): Promise<boolean> {
  const c = await claimOf(w, target);
  if (!c) return false;
  const detail =
    'Every file in it is removed for good: this cannot be undone.' +
    (c.applied ? ` The PersistentVolumeClaim ${c.name} is deleted with it.` : '') +
    (c.owner ? ` ${c.owner.replace('/', ' ')} gets a new, empty volume if it needs this claim again.` : '');
  if ((await w.prompts.confirm(`Delete the data of volume ${c.name}${c.namespace !== 'default' ? ` in ${c.namespace}` : ''}?`, detail, DELETE_DATA)) !== DELETE_DATA) return false;
  try {
    await w.withProgress(`Deleting the data of volume ${c.name}…`, () => w.bridge().deleteClaimData({ namespace: c.namespace, name: c.name }));
    return true;
  } catch (e) {
    w.log.error(`Delete data of ${c.name}: ${(e as Error).stack ?? String(e)}`);
    const owner = c.owner?.split('/');
    const maker = owner && w.engineObjects()?.objects.find((o) => o.kind === owner[0] && o.name === owner[1] && o.namespace === c.namespace);
    const advice = maker ? ` ${objectWords(maker)} makes its pods again when they stop: scale it down or delete it first.` : '';
    await w.prompts.error(`The data of volume ${c.name} was not deleted: ${(e as Error).message}${advice}`);
    return false;
  } finally {
    w.refresh();
  }
}
