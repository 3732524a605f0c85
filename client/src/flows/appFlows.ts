// Run Application and Stop Application: a folder of manifests as one application. Run applies every
// object of the folder in one call (`podwright apply -f FOLDER`'s library call: data first, each
// file's pods may use any file's ConfigMaps, Secrets and claims) and starts its bare Pods; Stop
// deletes everything applied from the folder. The same rules as ▶ Apply: nothing runs from an
// untrusted workspace, and what reaches the host is asked for first, once, naming each object.
import type { ManifestObject } from '../../../analysis/src';
import { APPLY_KINDS } from '../podsView/kinds';
import { guarded, MANAGE_TRUST, SHOW_OUTPUT } from './common';
import type { AppRunOutcome } from './runtimeApi';
import type { Workbench } from './workbench';

export const RUN_WITH_HOST_ACCESS = 'Run with Host Access';
export const STOP_APPLICATION = 'Stop Application';

/** Kinds Run Application does something with: what ▶ Apply stores, Services, and bare Pods. */
const RUN_KINDS: readonly string[] = [...APPLY_KINDS, 'Service', 'Pod'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const words = (o: { kind: string; name: string; namespace: string }) => `${o.kind} ${o.name}${o.namespace !== 'default' ? ` in ${o.namespace}` : ''}`;

export interface AppFolder {
  /** Absolute path. */
  path: string;
  /** How to name it to a person (relative to the workspace). */
  label: string;
}

/** The question for host access: every object that reaches the machine, and how. */
export function appHostAccessQuestion(label: string, objects: readonly ManifestObject[]): { message: string; detail: string } {
  const list = objects.map((o) => `${words(o)} (${o.hostAccess.map((h) => h.what).join(', ')})`);
  return {
    message: `${plural(objects.length, 'object')} of ${label} reach${objects.length === 1 ? 'es' : ''} this machine: ${list.join('; ')}.`,
    detail:
      'Their pods can read or change files, processes or the network of this machine, not only their own ' +
      `(${objects.flatMap((o) => o.hostAccess.map((h) => h.path)).join(', ')}). Run the application only if you trust these manifests.`,
  };
}

/** Every line of what a run did, and the lines that say what did not work. */
export function runReport(outcome: AppRunOutcome): { lines: string[]; failures: string[] } {
  const lines: string[] = [];
  const failures: string[] = [];
  for (const f of outcome.files) {
    if (f.problems.length) {
      failures.push(`${f.path} was refused, nothing of it applied: ${f.problems[0].where}: ${f.problems[0].message}${f.problems.length > 1 ? ` (and ${plural(f.problems.length - 1, 'more problem')})` : ''}`);
      continue;
    }
    for (const d of f.documents) {
      if (d.result === 'refused') failures.push(`${words(d)} was refused: ${d.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
      else if (d.result === 'skipped') lines.push(`${words(d)} skipped: podwright does not run ${d.kind} objects`);
      else lines.push(`${words(d)} ${d.result}`);
    }
  }
  for (const p of outcome.pods) {
    const o = p.outcome;
    const pod = words({ kind: 'Pod', ...p });
    if (o.kind === 'started') lines.push(`${pod} started`);
    else if (o.kind === 'exists') lines.push(`${pod} already runs (${o.status})`);
    else if (o.kind === 'cancelled') failures.push(`${pod} was not started: cancelled`);
    else if (o.kind === 'refused') failures.push(`${pod} was refused: ${o.problems.map((x) => `${x.where}: ${x.message}`).join('; ')}`);
    else failures.push(`${pod} did not start: ${o.message}`);
  }
  return { lines, failures };
}

/** Run Application: the folder's objects applied, its Pods started. Resolves to what happened, or undefined when nothing ran. */
export async function runApplication(w: Workbench, folder: AppFolder | undefined): Promise<AppRunOutcome | undefined> {
  if (!w.isTrusted()) {
    const choice = await w.prompts.error('Running an application needs a trusted workspace: its manifests decide what runs on your machine.', MANAGE_TRUST);
    if (choice) w.manageTrust();
    return undefined;
  }
  if (!folder) {
    await w.prompts.info('Choose a folder of manifests to run it as an application.');
    return undefined;
  }
  let files: { path: string; text: string }[];
  try {
    files = await w.bridge().folderManifests(folder.path);
  } catch (e) {
    await w.prompts.error(`Cannot read ${folder.label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
  const objects = files.flatMap((f) => w.manifests.objectsInManifest(f.text)).filter((o) => RUN_KINDS.includes(o.kind));
  if (objects.length === 0) {
    await w.prompts.info(`${folder.label} holds no Pod, workload, Service, ConfigMap, Secret or PersistentVolumeClaim to run (its .yaml, .yml and .json files; not its sub-folders).`);
    return undefined;
  }
  const reaching = objects.filter((o) => o.hostAccess.length);
  let allowHostAccess = false;
  if (reaching.length) {
    const q = appHostAccessQuestion(folder.label, reaching);
    if ((await w.prompts.confirm(q.message, q.detail, RUN_WITH_HOST_ACCESS)) !== RUN_WITH_HOST_ACCESS) return undefined;
    allowHostAccess = true;
  }
  await w.ensureStarted();
  let outcome: AppRunOutcome;
  try {
    outcome = await w.withProgress(`Running ${folder.label}`, (progress, signal) =>
      w.bridge().runApplication({ files, allowHostAccess, signal, onProgress: (m) => progress.report(m) }),
    );
  } catch (e) {
    w.log.error(`Run Application ${folder.label}: ${(e as Error).stack ?? String(e)}`);
    const choice = await w.prompts.error(`${folder.label} was not run: ${(e as Error).message}`, SHOW_OUTPUT);
    if (choice) w.showOutput();
    return undefined;
  } finally {
    w.refresh();
  }
  const { lines, failures } = runReport(outcome);
  for (const l of lines) w.log.info(`${folder.label}: ${l}`);
  for (const f of failures) w.log.error(`${folder.label}: ${f}`);
  if (failures.length) {
    const first = failures[0];
    const choice = await w.prompts.error(`${folder.label}: ${failures.length === 1 ? first : `${failures.length} objects did not run; the first: ${first}`}`, SHOW_OUTPUT);
    if (choice) w.showOutput();
  }
  return outcome;
}

/** An application as the Pods view shows it: its folder and what it has running. */
export interface AppTarget {
  folder: string;
  label: string;
  objects: number;
  pods: number;
}

/** Stop Application: every object applied from the folder deleted and its bare pods stopped, after asking. */
export async function stopApplication(w: Workbench, app: AppTarget | undefined): Promise<boolean> {
  if (!app) return false;
  if (!app.folder) {
    await w.prompts.info('These pods record no manifest folder: stop them one by one.');
    return false;
  }
  const what = [app.objects ? plural(app.objects, 'object') : '', app.pods ? `${plural(app.pods, 'pod')}` : ''].filter(Boolean).join(' and ');
  const detail =
    `Deletes what was applied from ${app.folder}${what ? ` (${what})` : ''}, as \`podwright delete -f\` does: every pod gets its grace period. ` +
    "The claims' volumes keep their data (Delete Data removes it).";
  if ((await w.prompts.confirm(`Stop application ${app.label}?`, detail, STOP_APPLICATION)) !== STOP_APPLICATION) return false;
  return guarded(w, `Stopping ${app.label}`, () => w.withProgress(`Stopping ${app.label}…`, () => w.bridge().stopApplication(app.folder)));
}
