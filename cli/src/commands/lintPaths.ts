// The files a `podwright lint` run reads, and how many threads it takes for them: apart from the
// command, so that dist/cliLoad.js can tell before it loads the analysis that a run will want a
// worker thread, and start one (lintEarly.ts).
import { readdirSync, statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';

/**
 * The YAML that pays for one more thread. A worker loads the analysis afresh (0.15 s of CPU) and runs
 * slowly until the JIT has compiled it, about its first thousand documents: some 0.8 s of CPU before
 * it lints as fast as the main thread, while the main thread's own JIT and collector already keep a
 * second core half busy. Measured with scripts/bench/lint.mjs on a 2-core machine, a second thread
 * breaks even at about 6 MB (6,000 pods); each thread gets at least 4 MB.
 */
const BYTES_PER_THREAD = 4 * 1024 * 1024;

/**
 * The YAML from which the analysis runs in worker threads only, however many: a worker can be given
 * a young generation big enough for the analysis (lintParallel.ts), this thread cannot. The worker's
 * start (loading the analysis a second time) costs some 0.1 s; on 4.7 MB (5,000 pods, one thread)
 * the run took 0.90× the wall clock of this thread alone (9 interleaved pairs, a loaded 2-core
 * machine). Below 2 MB the saving would be within the start's cost.
 */
export const BYTES_FOR_WORKERS = 2 * 1024 * 1024;

/** Folders never worth searching for manifests. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** What a folder walk left out on purpose, for the run to say. */
export interface Walk {
  budget?: { entries: number };
  seen?: Set<string>;
  /** The charts (folders holding Chart.yaml) whose `templates` folder was left out. */
  charts?: string[];
  /** The kustomizations met, walked or named: their patches are left out (lint.ts patchesOf). */
  kustomizations?: string[];
}

/** kustomize's file names (KUSTOMIZATION_NAMES in the analysis, which this module loads nothing of). */
const KUSTOMIZATION = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Takes the files `leave` picks out of `files` (and their sizes from `sizes`); returns them, in order. */
export function leaveOut(files: string[], sizes: number[], leave: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = files.length - 1; i >= 0; i--) {
    if (files[i] === '-' || !leave(files[i])) continue;
    out.unshift(files[i]);
    files.splice(i, 1);
    sizes.splice(i, 1);
  }
  return out;
}

/**
 * The files a PATH stands for, with their sizes: the file, or a folder's YAML files, in order. With
 * `budget`, at most `budget.entries` entries of the folders are looked at (then it stops early).
 *
 * Inside a folder, a YAML entry that cannot be stat'ed (a dangling symlink, a file removed meanwhile)
 * is still given, with size 0: reading it fails, and the run names that file, where one missing file
 * used to stop the whole run with the folder's name. A folder reached again through a symlink (a
 * link to `..`) is not walked twice, which also ends a cycle.
 *
 * A Helm chart's `templates` folder is left out: its files are Go templates, YAML only once
 * rendered, and each would be a page of syntax errors. Named on the command line, such a file is
 * linted as given.
 */
export function* filesAt(path: string, walk: Walk = {}): Generator<{ path: string; size: number }> {
  const { budget } = walk;
  const seen = (walk.seen ??= new Set<string>());
  const st = statSync(path);
  if (!st.isDirectory()) {
    if (KUSTOMIZATION.has(basename(path))) walk.kustomizations?.push(path);
    yield { path, size: st.size };
    return;
  }
  const id = `${st.dev}:${st.ino}`;
  if (seen.has(id)) return;
  seen.add(id);
  const names = readdirSync(path).sort();
  const chart = names.includes('Chart.yaml');
  for (const name of names) if (KUSTOMIZATION.has(name)) walk.kustomizations?.push(join(path, name));
  for (const name of names) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    if (budget && budget.entries-- <= 0) return;
    const p = join(path, name);
    if (chart && name === 'templates') {
      walk.charts?.push(path);
      continue;
    }
    const yaml = /\.ya?ml$/i.test(name);
    let s: Stats;
    try {
      s = statSync(p);
    } catch {
      if (yaml) yield { path: p, size: 0 };
      continue;
    }
    if (s.isDirectory()) yield* filesAt(p, walk);
    else if (yaml) yield { path: p, size: s.size };
  }
}

/** Adds the files at `path` to `out`, and their sizes to `sizes`; what it left out to `walk`. */
export function collectFiles(path: string, out: string[], sizes: number[], walk: Walk = {}): void {
  for (const f of filesAt(path, { ...walk, seen: undefined })) {
    out.push(f.path);
    sizes.push(f.size);
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Unreadable paths are reported when their files are collected.
    return false;
  }
}

/** How many threads to lint on: as asked, else up to one per core, as many as the YAML pays for. */
export function threadsFor(files: readonly string[], sizes: readonly number[], jobs: number | undefined, cores = availableParallelism()): number {
  if (files.length < 2 || files.includes('-')) return 1;
  if (jobs !== undefined) return jobs;
  const bytes = sizes.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.min(cores, 8, Math.floor(bytes / BYTES_PER_THREAD)));
}

/** True when the files are analysed in worker threads only, this thread waiting for them. */
export function workersOnly(files: readonly string[], sizes: readonly number[], threads: number): boolean {
  if (files.includes('-')) return false;
  return threads > 1 || sizes.reduce((a, b) => a + b, 0) >= BYTES_FOR_WORKERS;
}
