// The runtime's side of Run Application and Stop Application: plain
// code of the runtime bundle (runtimeBridge.ts delegates here), no `vscode`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodRuntime } from '../../../runtime/src';
import type { AppRunOutcome, AppRunRequest, RunOutcome, RunRequest } from '../flows/runtimeApi';
import { folderOf } from '../podsView/nodes';

/** A folder's manifests as `podwright apply -f FOLDER` reads them (cli/src/commands/manifestFiles.ts). */
export async function folderManifests(folder: string): Promise<{ path: string; text: string }[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(entries.map(async (e) => ({ path: join(folder, e.name), text: await readFile(join(folder, e.name), 'utf8') })));
}

/** The library call of `podwright apply -f FOLDER` (every file's pods may use the data of any other), then the bare Pods, each as ▶ Run pod starts it. */
export async function runApplication(runtime: PodRuntime, run: (r: RunRequest) => Promise<RunOutcome>, publishAddress: string | undefined, request: AppRunRequest): Promise<AppRunOutcome> {
  request.onProgress(`applying ${request.files.length} file${request.files.length === 1 ? '' : 's'}…`);
  const results = await runtime.workloads.applyFiles(request.files, { allowHostAccess: request.allowHostAccess, ...(publishAddress ? { publishAddress } : {}) });
  const out: AppRunOutcome = { files: [], pods: [] };
  for (const [i, r] of results.entries()) {
    out.files.push({ path: r.path, problems: r.problems, documents: r.documents.filter((d) => !d.pod).map(({ document, kind, name, namespace, result, problems }) => ({ document, kind, name, namespace, result, problems })) });
    if (r.problems.length) continue;
    for (const d of r.documents.filter((x) => x.pod)) {
      if (request.signal.aborted) break;
      request.onProgress(`starting pod ${d.name}…`);
      const outcome = await run({ file: r.path, text: request.files[i].text, document: d.document, replace: false, allowHostAccess: request.allowHostAccess, signal: request.signal, onProgress: request.onProgress });
      out.pods.push({ file: r.path, document: d.document, name: d.name, namespace: d.namespace, outcome });
    }
  }
  return out;
}

/** Every object applied from the folder (not those another owns: they go with their owner) and its bare pods, all at once, as `podwright delete -f` does. */
export async function stopApplication(runtime: PodRuntime, folder: string): Promise<{ objects: number; pods: number }> {
  const w = runtime.workloads;
  const [views, pods] = await Promise.all([w.list(), runtime.list()]);
  const objects = views.filter((v) => !v.object.metadata.ownerReferences?.length && folderOf(v.object.manifest) === folder).map((v) => v.object);
  const bare = pods.filter((p) => !p.owner && !p.terminating && folderOf(p.manifest) === folder);
  // Each waits for its own pods' grace period.
  await Promise.all([...objects.map((o) => w.delete({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name })), ...bare.map((p) => runtime.stop(p.uid))]);
  return { objects: objects.length, pods: bare.length };
}
