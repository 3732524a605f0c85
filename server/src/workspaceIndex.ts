// The language server's workspace model (the analysis' Workspace) and how it is kept current: the
// workspace folders are walked once in the background (`*.yaml`/`*.yml`, recursively, never
// node_modules or dot-folders, plus a kustomization's plain `resources:`), each file parsed and
// summarised in a worker thread of its own (the `index` worker, so indexing never delays the
// diagnostics of an open document); open documents replace their file's summary with that of their
// own analysis; file events from the client re-index files on disk. Each change answers which other
// files read what changed: the server re-publishes those that are open.
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Workspace, type FileSummary } from '../../analysis/src';
import { JobWorker } from './jobWorker';
import type { IndexResult } from './workerJobs';

/** Files indexed per workspace at most: beyond, the rest is left out (and logged). */
export const MAX_INDEXED_FILES = 20_000;
/** One file's parse and summary that runs longer than this is stopped (the file is left out). */
const INDEX_JOB_DEADLINE_MS = 5000;
const INDEX_HEAP_MB = 384;
/** Files indexed per job (one round trip to the thread). */
const BATCH = 25;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist']);

/** A file URI in one spelling, whatever the client's encoding: the model's key. */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    // Not a path this platform can take (a UNC name on Linux): kept as it is.
    return uri;
  }
}

export class WorkspaceIndex {
  readonly model = new Workspace();
  private folders: string[] = [];
  private readonly listed = new Set<string>();
  private queue: string[] = [];
  private readonly queued = new Set<string>();
  private running = false;
  /** Files of a batch that failed: indexed one by one, so that only the culprit is left out. */
  private readonly singles = new Set<string>();
  private disposed = false;
  /** The initial walk and index are done: what no file defines is missing. */
  private ready = false;
  /** The folders were walked (their files queued). */
  private walked = false;
  private started = 0;
  private skipped = 0;
  private worker: JobWorker | undefined;
  /** Open documents: their summaries come from their analyses, not from disk. Key → client URI. */
  private readonly open = new Map<string, string>();
  /** Open documents' texts waiting to be summarised (editorText). */
  private readonly texts = new Map<string, { uri: string; version: number; text: string }>();
  /** The version of each open document last summarised from its text. */
  private readonly versions = new Map<string, number>();
  private waiters: { key: string; version: number; resolve: () => void }[] = [];
  /** Each kustomization's patch files (keys): partial objects, which get no diagnostics (isPatch). */
  private readonly patches = new Map<string, Set<string>>();

  constructor(
    private readonly log: (message: string) => void,
    /** Files (keys) whose cross-file results may have changed. */
    private readonly changed: (keys: string[]) => void,
    /** The first index is complete. */
    private readonly indexed: () => void,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** Starts indexing the folders (file URIs) in the background. */
  start(folderUris: string[]): void {
    this.folders = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (!this.folders.length) return;
    this.started = Date.now();
    void this.walkAll().then(() => {
      this.walked = true;
      this.pump();
    });
  }

  /**
   * workspace/didChangeWorkspaceFolders: a removed folder's files leave the model (unless open or of
   * another folder), an added folder is walked and indexed; every open document is published again.
   */
  async foldersChanged(addedUris: string[], removedUris: string[]): Promise<void> {
    const paths = (uris: string[]) => uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    const removed = new Set(paths(removedUris));
    this.folders = this.folders.filter((f) => !removed.has(f));
    for (const key of this.model.fileNames()) if (!this.open.has(key) && !this.inWorkspace(key)) this.model.delete(key);
    const added = paths(addedUris).filter((f) => !this.folders.includes(f));
    this.folders.push(...added);
    if (!this.started) {
      // No folder at start: this is the first index.
      this.started = Date.now();
      void this.walkAll().then(() => {
        this.walked = true;
        this.pump();
      });
      return;
    }
    const files: string[] = [];
    for (const f of added) await this.walk(f, files, 0);
    for (const path of files) this.enqueue(pathToFileURL(path).href);
    if (this.ready) this.indexed();
  }

  /** Whether the workspace holds every file the document's application may use. */
  complete(key: string): boolean {
    return this.ready && this.inWorkspace(key);
  }

  private inWorkspace(key: string): boolean {
    if (this.listed.has(key)) return true;
    if (!key.startsWith('file:')) return false;
    const path = fileURLToPath(key);
    return this.folders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`));
  }

  /** The client's URI of a key (an open document's own), for locations and edits. */
  uriOf(key: string): string {
    return this.open.get(key) ?? key;
  }

  /** An open document was analysed: its summary replaces its file's. */
  fromEditor(uri: string, summary: FileSummary | undefined): void {
    const key = fileKey(uri);
    this.open.set(key, uri);
    this.report(summary && summary.kubernetes ? this.model.set(key, summary) : this.model.delete(key));
  }

  /**
   * An open document the server does not analyse (a ConfigMap or a Service alone, no pod): its text
   * is summarised in the index worker, ahead of the files on disk.
   */
  editorText(uri: string, version: number, text: string): void {
    const key = fileKey(uri);
    this.open.set(key, uri);
    this.texts.set(key, { uri, version, text });
    if (!this.queued.has(key)) {
      this.queued.add(key);
      this.queue.unshift(key);
    }
    this.pump();
  }

  /** Resolves once the open document's text of `version` (or newer) is summarised, or after `budgetMs`. */
  summarised(uri: string, version: number, budgetMs: number): Promise<void> {
    const key = fileKey(uri);
    if ((this.versions.get(key) ?? -1) >= version) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { key, version, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, budgetMs).unref();
    });
  }

  /** An open document was closed: its file on disk stands for it again (when it is of the workspace). */
  closed(uri: string): void {
    const key = fileKey(uri);
    this.open.delete(key);
    this.texts.delete(key);
    this.versions.delete(key);
    if (this.inWorkspace(key)) this.enqueue(key);
    else this.report(this.model.delete(key));
  }

  /** workspace/didChangeWatchedFiles: created (1), changed (2), deleted (3). */
  fileEvents(changes: { uri: string; type: number }[]): void {
    for (const c of changes) {
      const key = fileKey(c.uri);
      if (!/\.ya?ml$/i.test(key) || this.open.has(key)) continue;
      if (c.type === 3) {
        this.report(this.model.delete(key));
        if (this.patches.has(key)) this.setPatches(key, undefined);
      }
      else if (this.inWorkspace(key) || this.model.has(key)) this.enqueue(key);
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.worker?.dispose();
  }

  private report(keys: string[]): void {
    // During the first index every open document is re-published once, at its end.
    if (this.ready && keys.length) this.changed(keys);
  }

  private enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  private async walkAll(): Promise<void> {
    const files: string[] = [];
    for (const f of this.folders) await this.walk(f, files, 0);
    for (const path of files) {
      if (this.queued.size >= MAX_INDEXED_FILES) {
        this.log(`podwright: the workspace has more than ${MAX_INDEXED_FILES} YAML files; the rest is not indexed`);
        break;
      }
      const key = pathToFileURL(path).href;
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      this.queue.push(key);
    }
  }

  private async walk(dir: string, out: string[], depth: number): Promise<void> {
    if (depth > 32 || out.length > MAX_INDEXED_FILES) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      // A folder that cannot be read (permissions, removed meanwhile) is left out, said once.
      this.log(`podwright: cannot read ${dir} for the workspace index: ${(e as Error).message}`);
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) await this.walk(path, out, depth + 1);
      } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(path);
    }
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const key = this.queue.shift();
    if (key === undefined) {
      if (!this.ready && this.walked) this.finishFirstIndex();
      return;
    }
    this.worker ??= new JobWorker({ name: 'index', heapMb: INDEX_HEAP_MB, log: this.log, light: true });
    this.queued.delete(key);
    const given = this.texts.get(key);
    this.texts.delete(key);
    if (given) return this.summariseText(this.worker, key, given);
    if (this.open.has(key)) return this.pump();
    // Files on disk go in batches: one round trip to the thread per BATCH files.
    const batch = [key];
    const alone = this.singles.delete(key);
    while (!alone && batch.length < BATCH && this.queue.length && !this.texts.has(this.queue[0]) && !this.singles.has(this.queue[0])) {
      const next = this.queue.shift() as string;
      this.queued.delete(next);
      if (!this.open.has(next)) batch.push(next);
    }
    this.running = true;
    const files = batch.map((uri) => ({ uri, path: fileURLToPath(uri) }));
    void this.worker.run({ kind: 'indexMany', files }, INDEX_JOB_DEADLINE_MS).then(async (outcome) => {
      this.running = false;
      if (outcome.ok) for (const r of outcome.value) await this.indexedOne(r);
      else if (batch.length > 1) {
        // One file of the batch overran (or took the heap): each is tried again on its own.
        this.queue.unshift(...batch.filter((k) => !this.queued.has(k)));
        for (const k of batch) this.queued.add(k);
        for (const k of batch) this.singles.add(k);
      } else {
        this.skipped++;
        this.log(`podwright: ${fileURLToPath(key)} is not indexed: ${outcome.message}`);
      }
      this.pump();
    });
  }

  private summariseText(worker: JobWorker, key: string, given: { uri: string; version: number; text: string }): void {
    this.running = true;
    void worker.run({ kind: 'index', uri: key, path: key, text: given.text }, INDEX_JOB_DEADLINE_MS).then((outcome) => {
      this.running = false;
      // Only the newest text of a document still open counts.
      if (outcome.ok && this.open.has(key) && !this.texts.has(key) && (this.versions.get(key) ?? -1) <= given.version) {
        this.versions.set(key, given.version);
        const ready = this.waiters.filter((w) => w.key === key && w.version <= given.version);
        this.waiters = this.waiters.filter((w) => !ready.includes(w));
        for (const w of ready) w.resolve();
        const summary = outcome.value.summary;
        const dependents = summary?.kubernetes ? this.model.set(key, summary) : this.model.delete(key);
        // The document itself too: its own cross-file problems are published with it.
        this.changed([key]);
        this.report(dependents);
      }
      this.pump();
    });
  }

  /** Whether a kustomization of the workspace names the file as a patch. */
  isPatch(key: string): boolean {
    for (const files of this.patches.values()) if (files.has(key)) return true;
    return false;
  }

  /** A kustomization's patches as read now; the open ones among those that changed are re-published. */
  private setPatches(key: string, relative: readonly string[] | undefined): void {
    const before = this.patches.get(key) ?? new Set<string>();
    const now = new Set((relative ?? []).map((p) => pathToFileURL(resolvePath(dirname(fileURLToPath(key)), p)).href));
    if (now.size) this.patches.set(key, now);
    else this.patches.delete(key);
    const changed = [...before, ...now].filter((k) => before.has(k) !== now.has(k));
    if (changed.length) this.changed(changed);
  }

  private async indexedOne(r: IndexResult): Promise<void> {
    const key = fileKey(r.uri);
    if (r.patches || this.patches.has(key)) this.setPatches(key, r.patches);
    if (this.open.has(r.uri)) return; // opened meanwhile: the editor's text wins
    if (!r.summary || !r.summary.kubernetes) {
      // Not Kubernetes objects (a CI file, a Helm values file), or unreadable: left out, with a note.
      if (r.skipped) this.log(`podwright: ${fileURLToPath(r.uri)} is not indexed: ${r.skipped}`);
      this.skipped++;
      this.report(this.model.delete(r.uri));
    } else if (this.ready) {
      this.report(this.model.set(r.uri, r.summary));
    } else {
      // The first index re-publishes nothing per file (report), so set's answer, the dependents of
      // each file added, would be worked out for nobody, at a cost that grows with the folder.
      this.model.load(r.uri, r.summary);
    }
    for (const res of r.resources ?? []) await this.addResource(resolvePath(dirname(fileURLToPath(r.uri)), res));
  }

  /** A kustomization's resource: a file, or a folder of them (with its own kustomization). */
  private async addResource(path: string): Promise<void> {
    const s = await stat(path).catch(() => undefined); // a missing resource is kustomize's error to report, not ours
    const files: string[] = [];
    if (s?.isDirectory()) await this.walk(path, files, 0);
    else if (s?.isFile() && /\.ya?ml$/i.test(path)) files.push(path);
    for (const f of files) {
      const key = pathToFileURL(f).href;
      if (this.listed.has(key) || this.model.has(key)) continue;
      this.listed.add(key);
      this.enqueue(key);
    }
  }

  private finishFirstIndex(): void {
    this.ready = true;
    this.log(`podwright: workspace indexed: ${this.model.size} files with Kubernetes objects, ${this.skipped} other YAML files left out, in ${Date.now() - this.started} ms`);
    this.indexed();
  }
}
