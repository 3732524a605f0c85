// The language server's fuzz, behind `npm run bench fuzz` (scripts/bench/fuzz.mjs): generated and
// mutated documents (valid manifests with random edits, truncations, deep nesting, huge scalars,
// binary junk, alias bombs, self-referencing anchors, thousands of `[` or of `---`, issue 9's hostile
// edits, and one 10 MB file), every one through the REAL server process over stdio, with
// diagnostics, hover, completion, document symbols, code actions and often an edit. Every request
// must be answered (no error answer), the process must stay alive and exit cleanly. The time of each
// answer is kept: the report gives the slowest, and the server's peak resident memory. The inputs
// and their edits are made in a thread of their own (a 2 MB mutation takes the thread a while), so
// that the time measured is the server's, not the generator's.
// Deterministic: a seeded generator (PODWRIGHT_FUZZ_SEED tries another sequence).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { corpus, generatedManifest, hostileEdit, mutate, pathological, PATHOLOGICAL_KINDS, prng, type Random } from './fuzzInputs';
import { LspClient } from './harness';

const MAX_TEXT = 3 * 1024 * 1024;

/** An answer slower than this fails the run: it is a hang, not a slow answer. */
const HANG_MS = 30_000;

export interface FuzzOptions {
  documents: number;
  seed?: number;
  /** Documents in flight at once. */
  parallel?: number;
  progress?: (message: string) => void;
}

export interface FuzzReport {
  documents: number;
  requests: number;
  seconds: number;
  /** The slowest request (hover, completion, symbols, code actions) from sending to its answer. */
  slowest: { ms: number; what: string };
  /** Percentiles of the requests' answer times, in ms, and how many took over 2 s. */
  answers: { p50: number; p99: number; p999: number; over2s: number };
  /** The slowest diagnostics, from didOpen or didChange to their publication. */
  slowestDiagnostics: { ms: number; what: string };
  /** The server process' peak resident memory (VmHWM), in bytes. */
  peakRss: number;
  /** Requests answered empty because their document could not be read in time (from the server's log). */
  emptyAnswers: number;
  /** Hovers and code actions answered without their document's problems (its analysis not ready in time). */
  withoutProblems: number;
  /** Analyses stopped at their deadline or memory limit, and stale ones stopped. */
  stopped: number;
  /** Errors the server caught and logged (never shown to the client as errors). */
  caught: string[];
}

function randomPosition(rand: Random, text: string) {
  const lines = text.split('\n');
  const line = Math.floor(rand() * (lines.length + 1));
  return { line, character: Math.floor(rand() * ((lines[line]?.length ?? 0) + 3)) };
}

class Timings {
  /** Every request's time to its answer, in ms. */
  readonly answers: number[] = [];
  slowest = { ms: 0, what: '' };
  slowestDiagnostics = { ms: 0, what: '' };
  requests = 0;

  /** Awaits `p`, keeping how long it took; fails on a hang. */
  async time<T>(p: Promise<T>, what: string, diagnostics = false): Promise<T> {
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${HANG_MS} ms`)), HANG_MS);
    });
    try {
      return await Promise.race([p, hang]);
    } finally {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const slot = diagnostics ? this.slowestDiagnostics : this.slowest;
      if (!diagnostics) {
        this.requests++;
        this.answers.push(ms);
      }
      if (ms > slot.ms) Object.assign(slot, { ms, what });
    }
  }
}

export function fuzzInput(r: Random, i: number, seeds: string[]): string {
  if (i % 250 === 7) return pathological(r, Math.floor(i / 250));
  let text = r() < 0.4 && seeds.length ? seeds[Math.floor(r() * seeds.length)] : generatedManifest(r);
  const edits = Math.floor(r() * 6);
  for (let k = 0; k < edits; k++) text = r() < 0.1 ? hostileEdit(r, text) : mutate(r, text);
  // Edits on edits can grow a text without bound; an editor syncs nothing near that size, and what
  // is above the server's 2 MB limit is the 10 MB file's case. 3 MB keeps both sides in play.
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/** One document's part of the fuzz, prepared in the generator thread. */
interface FuzzJob {
  i: number;
  /** The text sent (with the modeline when `enabled`). */
  body: string;
  enabled: boolean;
  position: { line: number; character: number };
  /** The edited text sent as version 2, if any. */
  changed?: string;
}

/** Prepares document `i` (the same on every run with the same seed). */
function prepare(i: number, text: string, rand: Random): FuzzJob {
  // Most get the modeline so that diagnostics are expected (and awaited); the rest exercise detection.
  const enabled = rand() < 0.7;
  const body = enabled ? `# podwright: enable\n${text}` : text;
  const position = randomPosition(rand, body);
  const changed = rand() < 0.5 ? mutate(rand, body) : undefined;
  return { i, body, enabled, position, changed };
}

/** The generator thread: a job for each `next` message, in order. */
function generate(seed: number): void {
  const port = parentPort;
  if (!port) return;
  const r = prng(seed);
  const seeds = corpus(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus'));
  let i = 0;
  port.on('message', () => {
    // Every kind of pathological input first, whatever the number of documents.
    const text = i < PATHOLOGICAL_KINDS ? pathological(r, i) : fuzzInput(r, i, seeds);
    port.postMessage(prepare(i, text, prng(Math.floor(r() * 2 ** 32))));
    i++;
  });
}

if (!isMainThread && (workerData as { fuzzSeed?: number } | null)?.fuzzSeed !== undefined) generate((workerData as { fuzzSeed: number }).fuzzSeed);

/** Jobs from the generator thread, one per call, in order. */
class Jobs {
  private readonly worker: Worker;
  private readonly waiting: ((job: FuzzJob) => void)[] = [];

  constructor(seed: number) {
    this.worker = new Worker(__filename, { workerData: { fuzzSeed: seed } });
    this.worker.on('message', (job: FuzzJob) => this.waiting.shift()?.(job));
  }

  next(): Promise<FuzzJob> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.worker.postMessage('next');
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

async function throughServer(client: LspClient, timings: Timings, job: FuzzJob): Promise<void> {
  const uri = `file:///fuzz/doc-${job.i}.yaml`;
  let diagnostics: Diagnostic[] = [];
  if (job.enabled) diagnostics = await timings.time(client.open(uri, job.body), `diagnostics of ${uri}`, true);
  else client.openQuietly(uri, job.body);
  const { position } = job;
  const doc = { textDocument: { uri } };
  await Promise.all([
    timings.time(client.request('textDocument/hover', { ...doc, position }), `hover ${uri}`),
    timings.time(client.request('textDocument/completion', { ...doc, position }), `completion ${uri}`),
    timings.time(client.request('textDocument/documentSymbol', doc), `symbols ${uri}`),
    timings
      .time(
        client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: { start: position, end: position }, context: { diagnostics } }),
        `code actions ${uri}`,
      )
      .then((actions) => assert.ok(Array.isArray(actions))),
  ]);
  if (job.changed !== undefined) {
    const wait = job.enabled && job.changed.startsWith('# podwright: enable\n') ? client.diagnostics(uri, (p) => p.version === 2, HANG_MS) : undefined;
    client.replace(uri, 2, job.changed);
    await timings.time(client.request('textDocument/documentSymbol', doc), `symbols after edit ${uri}`);
    if (wait) await timings.time(wait, `diagnostics after edit ${uri}`, true);
  }
  client.close(uri);
}

/** Runs the fuzz; throws on the first unanswered request, error answer or crash. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const seed = options.seed ?? (Number(process.env.PODWRIGHT_FUZZ_SEED) || 20261122);
  const jobs = new Jobs(seed);
  // Traced, so that requests answered without their document's problems (not ready in time) are counted.
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } }, env: { PODWRIGHT_TRACE: '1' } });
  const timings = new Timings();
  try {
    let next = 0;
    const total = options.documents;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const job = await jobs.next();
        if (i > 0 && i % 500 === 0) progress(`${i}/${total} documents at ${((Date.now() - started) / 1000).toFixed(0)} s, slowest answer ${timings.slowest.ms.toFixed(0)} ms`);
        await throughServer(client, timings, job);
      }
    };
    await Promise.all(Array.from({ length: options.parallel ?? 4 }, worker));

    // One 10 MB file: one information diagnostic, and the server keeps answering.
    const big = `# podwright: enable\n${generatedManifest(prng(seed)).repeat(Math.ceil((10 * 1024 * 1024) / 800))}`.slice(0, 10 * 1024 * 1024);
    const bigUri = 'file:///fuzz/ten-megabytes.yaml';
    const diags = await timings.time(client.open(bigUri, big), 'diagnostics of the 10 MB file', true);
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity]),
      [['size-limit', 3]],
    );
    await timings.time(client.request('textDocument/completion', { textDocument: { uri: bigUri }, position: { line: 3, character: 2 } }), '10 MB completion');

    assert.ok(client.alive, 'the server process is alive');
    const peakRss = client.peakRss();
    const logged = client.logs.filter((l) => / failed: /.test(l));
    const emptyAnswers = client.logs.filter((l) => / answered empty: /.test(l)).length;
    const withoutProblems = client.logs.filter((l) => / was not ready within \d+ ms for a request/.test(l)).length;
    const stopped = client.logs.filter((l) => /was stopped: |^podwright: stopped the analysis/.test(l)).length;
    assert.equal(await client.stop(), 0);
    assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
    const caught = [...new Set(logged.map((l) => l.split('\n').slice(0, 2).join(' | ')))];
    const sorted = [...timings.answers].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      documents: total + 1,
      requests: timings.requests,
      answers: { p50: at(0.5), p99: at(0.99), p999: at(0.999), over2s: sorted.filter((ms) => ms > 2000).length },
      seconds: (Date.now() - started) / 1000,
      slowest: timings.slowest,
      slowestDiagnostics: timings.slowestDiagnostics,
      peakRss,
      emptyAnswers,
      withoutProblems,
      stopped,
      caught,
    };
  } finally {
    // Whatever happened, no server process or generator thread is left behind.
    client.kill();
    await jobs.stop();
  }
}
