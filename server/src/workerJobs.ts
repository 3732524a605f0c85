// What the language server's main thread asks of its worker threads (workerMain.ts), and how each
// job is done. Every job carries what it needs (the text, the settings), so a worker that was
// stopped and started again answers the same.
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../../analysis/src';
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
  | { kind: 'forget'; uri: string };

export interface JobResults {
  analyze: DocumentAnalysis;
  hover: Hover | null;
  completion: CompletionItem[];
  symbols: DocumentSymbol[];
  forget: null;
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
