// The main thread's side of the work on documents. The thread that reads the protocol never parses
// or analyses a document: two worker threads do (workerMain.ts), one for the analyses behind the
// diagnostics, one for hover, completion and symbols, so that neither kind waits behind the other.
// - A request is answered within REQUEST_BUDGET_MS of its arrival whatever the document: what is
//   not ready by then (an analysis still running, a parse) is left out of the answer. A request's
//   job that runs past REQUEST_JOB_DEADLINE_MS is stopped, and that version of the document gets
//   empty answers at once from then on.
// - An analysis that runs past ANALYSIS_DEADLINE_MS, or needs more than the worker's heap, is
//   stopped; the document gets one information diagnostic saying it was not checked.
// - Stale work is dropped: a queued analysis is replaced by its document's newer version, and one
//   still running CANCEL_AFTER_MS after it started is stopped when a newer version has arrived.
// Why threads: the YAML parser and the rules are synchronous, so a document cannot be analysed in
// slices; a thread can be stopped at any moment (terminate), and its heap capped, while this one
// keeps answering.
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { admission, type DocumentAnalysis } from './analysisStore';
import { JobWorker, type Outcome } from './jobWorker';
import type { Settings } from './settings';
import { settingsKey } from './settings';
import type { Job, JobResults } from './workerJobs';

/** The longest any request waits for its answer. */
export const REQUEST_BUDGET_MS = 1200;
/** How long a hover waits for its document's analysis (for the problems it shows), at most. */
export const HOVER_WAITS_MS = 500;
/** A request's job (a parse and a lookup) that runs longer than this is stopped, with its thread. */
export const REQUEST_JOB_DEADLINE_MS = 3000;
/** The longest one analysis may run (PODWRIGHT_ANALYSIS_DEADLINE_MS overrides it, for tests). */
export const ANALYSIS_DEADLINE_MS = 10_000;
/** A stale analysis that has run this long is stopped rather than finished. */
export const CANCEL_AFTER_MS = 250;
/** Heap limits of the worker threads (old generation), in MB. */
export const ANALYSIS_HEAP_MB = 768;
export const REQUEST_HEAP_MB = 384;

interface AnalysisTask {
  uri: string;
  version: number;
  key: string;
  /** Whether and why the document is analysed: kept for an analysis that fails or is stopped. */
  gate: Pick<DocumentAnalysis, 'enabled' | 'size'>;
  job: Extract<Job, { kind: 'analyze' | 'forget' }>;
  waiters: ((a: DocumentAnalysis | undefined) => void)[];
}

interface RequestTask {
  job: Job;
  expires: number;
  settle: (o: Outcome<unknown> | undefined) => void;
}

function deadlineFromEnv(): number {
  const n = Number(process.env.PODWRIGHT_ANALYSIS_DEADLINE_MS);
  return Number.isFinite(n) && n > 0 ? n : ANALYSIS_DEADLINE_MS;
}

export class DocumentService {
  private readonly analyses: JobWorker;
  private readonly requests: JobWorker;
  private readonly results = new Map<string, DocumentAnalysis>();
  private queue: AnalysisTask[] = [];
  private current: AnalysisTask | undefined;
  private pendingRequests: RequestTask[] = [];
  /** Per document, the version whose request overran: its requests are answered empty at once. */
  private readonly slow = new Map<string, number>();
  private readonly deadlineMs = deadlineFromEnv();
  /** PODWRIGHT_TRACE=1: each analysis' start and end go to the log (for people chasing a slow file, and tests). */
  private readonly trace = process.env.PODWRIGHT_TRACE === '1';

  /** Called with each analysis kept (the newest of its document): the workspace model takes its summary. */
  onAnalysis: ((a: DocumentAnalysis) => void) | undefined;

  constructor(private readonly log: (message: string) => void) {
    this.analyses = new JobWorker({ name: 'analysis', heapMb: ANALYSIS_HEAP_MB, log });
    this.requests = new JobWorker({ name: 'requests', heapMb: REQUEST_HEAP_MB, log });
    this.analyses.warm();
    this.requests.warm();
  }

  private readonly gates = new Map<string, { version: number; key: string; gate: Pick<DocumentAnalysis, 'enabled' | 'size'> }>();

  /** Whether the document is analysed (admission), once per version and settings: every request asks. */
  gate(doc: TextDocument, settings: Settings): Pick<DocumentAnalysis, 'enabled' | 'size'> {
    const key = settingsKey(settings);
    const hit = this.gates.get(doc.uri);
    if (hit && hit.version === doc.version && hit.key === key) return hit.gate;
    const gate = admission(doc.getText(), doc.uri, doc.languageId, settings);
    this.gates.set(doc.uri, { version: doc.version, key, gate });
    return gate;
  }

  /** Logs `message` when tracing (PODWRIGHT_TRACE=1). */
  traced(message: string): void {
    if (this.trace) this.log(`podwright: ${message}`);
  }

  /** The last analysis of the document, when it is of this version and these settings. */
  cached(doc: TextDocument, settings: Settings): DocumentAnalysis | undefined {
    const a = this.results.get(doc.uri);
    return a && a.version === doc.version && a.key === settingsKey(settings) ? a : undefined;
  }

  /**
   * The analysis of the document as it is now; undefined when a newer version replaced it before it
   * ran (or, with `budgetMs`, when it is not ready in time).
   */
  analysis(doc: TextDocument, settings: Settings, budgetMs?: number): Promise<DocumentAnalysis | undefined> {
    const hit = this.cached(doc, settings);
    if (hit) return Promise.resolve(hit);
    const key = settingsKey(settings);
    const gate = this.gate(doc, settings);
    if (gate.enabled === 'no' || !gate.size.ok) {
      const a: DocumentAnalysis = { uri: doc.uri, version: doc.version, key, ...gate };
      this.results.set(doc.uri, a);
      this.onAnalysis?.(a);
      return Promise.resolve(a);
    }
    const result = new Promise<DocumentAnalysis | undefined>((resolve) => {
      const same = [this.current, ...this.queue].find((t) => t && t.uri === doc.uri && t.version === doc.version && t.key === key);
      if (same) {
        same.waiters.push(resolve);
        return;
      }
      this.superseded(doc.uri, doc.version);
      const job: Job = { kind: 'analyze', uri: doc.uri, version: doc.version, languageId: doc.languageId, text: doc.getText(), settings };
      this.queue.push({ uri: doc.uri, version: doc.version, key, gate, job, waiters: [resolve] });
      this.pump();
    });
    if (budgetMs === undefined) return result;
    return Promise.race([result, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), budgetMs).unref())]);
  }

  /** A newer version of the document exists: older work for it is dropped, or stopped when long. */
  superseded(uri: string, version: number): void {
    const stale = this.queue.filter((t) => t.uri === uri && t.job.kind === 'analyze' && t.version < version);
    if (stale.length) {
      this.queue = this.queue.filter((t) => !stale.includes(t));
      for (const t of stale) for (const w of t.waiters) w(undefined);
    }
    const c = this.current;
    if (!c || c.uri !== uri || c.version >= version) return;
    // A short analysis is left to finish (stopping the thread costs every document's cache); one
    // that runs on past CANCEL_AFTER_MS is stopped then.
    const stop = () => {
      if (this.current !== c) return;
      this.log(`podwright: stopped the analysis of ${uri} (version ${c.version}): version ${version} replaced it`);
      this.analyses.stop(`version ${version} replaced it`);
    };
    const left = CANCEL_AFTER_MS - this.analyses.runningFor;
    if (left <= 0) stop();
    else setTimeout(stop, left).unref();
  }

  /** The document was closed: everything kept for it goes. */
  forget(uri: string): void {
    this.superseded(uri, Number.MAX_SAFE_INTEGER);
    this.results.delete(uri);
    this.gates.delete(uri);
    this.slow.delete(uri);
    this.queue.unshift({ uri, version: -1, key: '', gate: { enabled: 'no', size: { ok: true } }, job: { kind: 'forget', uri }, waiters: [] });
    this.pump();
  }

  hover(doc: TextDocument, settings: Settings, offset: number, problems: DocumentAnalysis['problems'], started: number): Promise<Hover | null> {
    const here = (problems ?? []).filter((p) => p.range.start <= offset && offset <= p.range.end);
    return this.ask(doc, { kind: 'hover', ...this.text(doc), settings, offset, problems: here }, null, started);
  }

  completion(doc: TextDocument, kubernetesVersion: string, offset: number, started: number): Promise<CompletionItem[]> {
    return this.ask(doc, { kind: 'completion', ...this.text(doc), kubernetesVersion, offset }, [], started);
  }

  symbols(doc: TextDocument, started: number): Promise<DocumentSymbol[]> {
    return this.ask(doc, { kind: 'symbols', ...this.text(doc) }, [], started);
  }

  dispose(): void {
    for (const t of [this.current, ...this.queue]) for (const w of t?.waiters ?? []) w(undefined);
    this.queue = [];
    for (const r of this.pendingRequests) r.settle(undefined);
    this.pendingRequests = [];
    this.analyses.dispose();
    this.requests.dispose();
  }

  private text(doc: TextDocument) {
    return { uri: doc.uri, version: doc.version, languageId: doc.languageId, text: doc.getText() };
  }

  private pump(): void {
    if (this.current || this.analyses.busy) return;
    const task = this.queue.shift();
    if (!task) return;
    this.current = task;
    const deadline = task.job.kind === 'forget' ? REQUEST_BUDGET_MS : this.deadlineMs;
    const t0 = Date.now();
    if (this.trace && task.job.kind === 'analyze') this.log(`podwright: analysis of ${task.uri} (version ${task.version}) started`);
    void this.analyses.run(task.job as Extract<Job, { kind: 'analyze' }>, deadline).then((outcome) => {
      this.current = undefined;
      if (this.trace && task.job.kind === 'analyze') this.log(`podwright: analysis of ${task.uri} (version ${task.version}) ${outcome.ok ? 'done' : outcome.reason} in ${Date.now() - t0} ms`);
      const analysis = task.job.kind === 'analyze' ? this.settle(task, outcome as Outcome<DocumentAnalysis>) : undefined;
      for (const w of task.waiters) w(analysis);
      this.pump();
    });
  }

  /** The analysis a finished (or stopped) task stands for. */
  private settle(task: AnalysisTask, outcome: Outcome<DocumentAnalysis>): DocumentAnalysis | undefined {
    let analysis: DocumentAnalysis;
    if (outcome.ok) analysis = outcome.value;
    else if (outcome.reason === 'stopped') return undefined;
    else {
      const base = { uri: task.uri, version: task.version, key: task.key, ...task.gate };
      if (outcome.reason === 'failed') {
        analysis = { ...base, failure: outcome.message };
      } else {
        this.log(`podwright: the analysis of ${task.uri} (version ${task.version}) was stopped: ${outcome.message}`);
        analysis = { ...base, limit: `Podwright stopped checking this file: ${outcome.message}. Split it into smaller files, or look for a very long value or deep nesting.` };
      }
    }
    const previous = this.results.get(task.uri);
    if (!previous || previous.version <= analysis.version) {
      this.results.set(task.uri, analysis);
      this.onAnalysis?.(analysis);
    }
    return analysis;
  }

  /** Runs a request job in the requests worker; its fallback when it cannot be answered in time. */
  private ask<K extends 'hover' | 'completion' | 'symbols'>(doc: TextDocument, job: Job & { kind: K }, fallback: JobResults[K], started: number): Promise<JobResults[K]> {
    const { uri, version } = doc;
    if (this.slow.get(uri) === version) return Promise.resolve(fallback);
    return new Promise((resolve) => {
      let answered = false;
      const answer = (v: JobResults[K]) => {
        if (!answered) resolve(v);
        answered = true;
      };
      const task: RequestTask = {
        job,
        expires: started + REQUEST_BUDGET_MS,
        settle: (outcome) => {
          if (outcome?.ok) return answer(outcome.value as JobResults[K]);
          // A job that overran its own deadline marks the version: its next requests are answered at once.
          if (outcome && (outcome.reason === 'deadline' || outcome.reason === 'memory')) this.slow.set(uri, version);
          if (outcome && outcome.reason !== 'stopped') this.log(`podwright: ${job.kind} on ${uri} answered empty: ${outcome.message}`);
          answer(fallback);
        },
      };
      this.pendingRequests.push(task);
      // When its time is up, the request is answered without the job; a job not started yet is
      // dropped, one running goes on (its parse is then ready for the next request).
      setTimeout(() => {
        const i = this.pendingRequests.indexOf(task);
        if (i >= 0) this.pendingRequests.splice(i, 1);
        answer(fallback);
      }, Math.max(0, task.expires - Date.now())).unref();
      this.pumpRequests();
    });
  }

  private pumpRequests(): void {
    if (this.requests.busy) return;
    const task = this.pendingRequests.shift();
    if (!task) return;
    void this.requests.run(task.job as Extract<Job, { kind: 'hover' }>, REQUEST_JOB_DEADLINE_MS).then((outcome) => {
      task.settle(outcome);
      this.pumpRequests();
    });
  }
}
