// What the language server's main thread asks of its worker threads (workerMain.ts), and how each
// job is done. Every job carries what it needs (the text, the settings), so a worker that was
// stopped and started again answers the same.
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { KUSTOMIZATION_NAMES, kustomizationRefs, parseYaml, summarize, type FileSummary, type Problem } from '../../analysis/src';
import { checkSize } from './limits';
import type { AnalysisStore, DocumentAnalysis } from './analysisStore';
import { completions } from './completion';
import { hover } from './hover';
import type { Settings } from './settings';
import { documentSymbols } from './symbols';

interface Text {
  uri: string;
  version: number;
  languageId: string;
  text: string;
}

export type Job =
  | ({ kind: 'analyze'; settings: Settings } & Text)
  | ({ kind: 'hover'; settings: Settings; offset: number; problems: Problem[] } & Text)
  | ({ kind: 'completion'; kubernetesVersion: string; offset: number } & Text)
  | ({ kind: 'symbols' } & Text)
  | { kind: 'forget'; uri: string }
  /** A file of the workspace, read from disk: its summary for the workspace model. */
  | { kind: 'index'; uri: string; path: string; text?: string }
  /** Many files of the workspace at once (fewer round trips while indexing a folder). */
  | { kind: 'indexMany'; files: { uri: string; path: string }[] };

/** What indexing one file found. */
export interface IndexResult {
  uri: string;
  summary?: FileSummary;
  /** Why the file is left out: unreadable, too large. */
  skipped?: string;
  /** A kustomization's plain `resources:` entries (paths relative to it). */
  resources?: string[];
  /** A kustomization's patch files (paths relative to it); present for every kustomization. */
  patches?: string[];
}

export interface JobResults {
  analyze: DocumentAnalysis;
  hover: Hover | null;
  completion: CompletionItem[];
  symbols: DocumentSymbol[];
  forget: null;
  index: IndexResult;
  indexMany: IndexResult[];
}

export type JobKind = Job['kind'];

/** What the worker posts back for a job: its result, or the error it threw. */
export interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Does one job with the worker's store (its caches of analyses and syntax trees). */
export function runJob(store: AnalysisStore, job: Job): unknown {
  if (job.kind === 'forget') {
    store.delete(job.uri);
    return null;
  }
  if (job.kind === 'index') return indexFile(job.uri, job.path, job.text);
  if (job.kind === 'indexMany') return job.files.map((f) => indexFile(f.uri, f.path));
  const doc = TextDocument.create(job.uri, job.languageId, job.version, job.text);
  switch (job.kind) {
    case 'analyze':
      return store.get(doc, job.settings);
    case 'hover':
      return hover(doc, store.parse(doc), job.problems, job.offset, job.settings);
    case 'completion':
      return completions(doc, job.offset, job.kubernetesVersion);
    case 'symbols':
      return documentSymbols(doc, store.parse(doc));
  }
}


/** Reads, parses and summarises one file of the workspace. */
export function indexFile(uri: string, path: string, given?: string): IndexResult {
  let text: string;
  try {
    text = given ?? readFileSync(path, 'utf8');
  } catch (e) {
    return { uri, skipped: `cannot be read: ${(e as Error).message}` };
  }
  const size = checkSize(text);
  if (!size.ok) return { uri, skipped: size.reason };
  const file = parseYaml(text);
  // Go templates (Helm charts) are not YAML until rendered: their objects are not known. `{{` in
  // valid YAML (a quoted format string) is only text (isUnrenderedTemplate).
  if (text.includes('{{') && file.documents.some((d) => d.doc.errors.length > 0)) return { uri, skipped: 'a template, not YAML until rendered' };
  const result: IndexResult = { uri, summary: summarize(file) };
  if (KUSTOMIZATION_NAMES.has(basename(path))) {
    // Only a plain list of files and folders; generators and remote bases are not followed.
    const { resources, patches } = kustomizationRefs(file.documents.map((d) => d.value));
    if (resources.length) result.resources = resources;
    result.patches = patches;
  }
  return result;
}
