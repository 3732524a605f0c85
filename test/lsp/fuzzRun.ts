// The fuzz run behind fuzz.test.ts. Fuzz: 10,000 generated and mutated documents (valid manifests with random edits, truncations,
// deep nesting, huge scalars, binary junk, alias bombs, thousands of `---`, and one 10 MB file).
//
// Split, to stay within a few minutes on a small machine: every fourth document (2,500), all the
// pathological ones and the 10 MB file go to the REAL server process over stdio, with diagnostics,
// hover, completion, document symbols, code actions and an edit each; the other 7,500 are fed
// in-process to the same functions the server's request handlers call. Every request must be
// answered (no timeout, no error response), the process must stay alive and exit cleanly, and no
// function of the language server may throw.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisStore } from '../../server/src/analysisStore';
import { codeActions } from '../../server/src/codeActions';
import { completions } from '../../server/src/completion';
import { toDiagnostics } from '../../server/src/diagnostics';
import { hover } from '../../server/src/hover';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { documentSymbols } from '../../server/src/symbols';
import { corpus, generatedManifest, mutate, pathological, prng, type Random } from './fuzzInputs';
import { LspClient } from './harness';

const TOTAL = 10_000;
const SERVER_EVERY = 4;
const PATHOLOGICAL = 24;
const REQUEST_TIMEOUT_MS = 20_000;
/** Fixed, so every run sees the same documents; PODWRIGHT_FUZZ_SEED tries another sequence. */
const SEED = Number(process.env.PODWRIGHT_FUZZ_SEED) || 20261122;
const r = prng(SEED);
const seeds = corpus(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus'));

function input(i: number): string {
  if (i % 500 === 7) return pathological(r, Math.floor(i / 500));
  let text = r() < 0.4 && seeds.length ? seeds[Math.floor(r() * seeds.length)] : generatedManifest(r);
  const edits = Math.floor(r() * 6);
  for (let k = 0; k < edits; k++) text = mutate(r, text);
  return text;
}

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function randomPosition(rand: Random, text: string) {
  const lines = text.split('\n');
  const line = Math.floor(rand() * (lines.length + 1));
  return { line, character: Math.floor(rand() * ((lines[line]?.length ?? 0) + 3)) };
}

async function throughServer(client: LspClient, i: number, text: string, rand: Random): Promise<void> {
  const uri = `file:///fuzz/doc-${i}.yaml`;
  // Most get the modeline so that diagnostics are expected (and awaited); the rest exercise detection.
  const enabled = rand() < 0.7;
  const body = enabled ? `# podwright: enable\n${text}` : text;
  let diagnostics: Diagnostic[] = [];
  if (enabled) diagnostics = await within(client.open(uri, body), `diagnostics of ${uri}`);
  else client.openQuietly(uri, body);
  const position = randomPosition(rand, body);
  const doc = { textDocument: { uri } };
  await Promise.all([
    within(client.request('textDocument/hover', { ...doc, position }), `hover ${uri}`),
    within(client.request('textDocument/completion', { ...doc, position }), `completion ${uri}`),
    within(client.request('textDocument/documentSymbol', doc), `symbols ${uri}`),
    within(
      client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: { start: position, end: position }, context: { diagnostics } }),
      `code actions ${uri}`,
    ).then((actions) => assert.ok(Array.isArray(actions))),
  ]);
  if (rand() < 0.5) {
    const changed = mutate(rand, body);
    const wait = enabled && changed.startsWith('# podwright: enable\n') ? client.diagnostics(uri, (p) => p.version === 2) : undefined;
    client.replace(uri, 2, changed);
    await within(client.request('textDocument/documentSymbol', doc), `symbols after edit ${uri}`);
    if (wait) await within(wait, `diagnostics after edit ${uri}`);
  }
  client.close(uri);
}

function inProcess(store: AnalysisStore, i: number, text: string, rand: Random): void {
  const uri = `file:///fuzz/local-${i}.yaml`;
  const doc = TextDocument.create(uri, 'yaml', 1, rand() < 0.7 ? `# podwright: enable\n${text}` : text);
  const analysis = store.get(doc, DEFAULT_SETTINGS);
  const diagnostics = toDiagnostics(doc, analysis, DEFAULT_SETTINGS);
  const offset = Math.floor(rand() * (doc.getText().length + 1));
  const problems = analysis.problems ?? [];
  switch (i % 4) {
    case 0:
      hover(doc, store.parse(doc), problems, offset, DEFAULT_SETTINGS);
      break;
    case 1:
      completions(doc, offset, DEFAULT_SETTINGS.kubernetesVersion);
      break;
    case 2:
      documentSymbols(doc, store.parse(doc));
      break;
    default: {
      const position = doc.positionAt(offset);
      codeActions(doc, problems, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics } }, { versioned: false });
    }
  }
  if (i % 3 === 0) {
    const next = TextDocument.update(doc, [{ text: mutate(rand, doc.getText()) }], 2);
    toDiagnostics(next, store.get(next, DEFAULT_SETTINGS), DEFAULT_SETTINGS);
  }
  store.delete(uri);
}

export interface FuzzReport {
  server: number;
  local: number;
  seconds: number;
  caught: string[];
}

/** Runs the fuzz; throws on the first unanswered request, error answer or crash. */
export async function runFuzz(progress: (message: string) => void = () => undefined): Promise<FuzzReport> {
  const started = Date.now();
  // The YAML library warns (process warnings, on stderr) about odd keys in mutated documents; the
  // server routes those to its log, and here they would only bury the test output.
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', () => undefined);
  try {
    return await runWithClient(started, progress);
  } finally {
    process.removeAllListeners('warning');
    for (const l of listeners) process.on('warning', l);
  }
}

async function runWithClient(started: number, progress: (message: string) => void): Promise<FuzzReport> {
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } } });
  try {
    return await fuzz(client, started, progress);
  } finally {
    // Whatever happened, no server process is left behind to keep the test runner waiting.
    client.kill();
  }
}

async function fuzz(client: LspClient, started: number, progress: (message: string) => void): Promise<FuzzReport> {
  const store = new AnalysisStore();
  const queue: { i: number; text: string; seed: number }[] = [];
  const failures: string[] = [];
  const analysisFailures: string[] = [];
  let local = 0;
  for (let i = 0; i < TOTAL; i++) {
    const text = input(i);
    const seed = Math.floor(r() * 2 ** 32);
    if (i % SERVER_EVERY === 0 || i % 500 === 7) queue.push({ i, text, seed });
    else {
      try {
        inProcess(store, i, text, prng(seed));
        local++;
      } catch (e) {
        const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
        // The server's request guard catches what the analysis throws (and logs it); the same is
        // recorded here. An exception raised in the language server's own code is a failure.
        const origin = /\n\s+at [^\n]*/.exec(stack)?.[0] ?? '';
        if (origin.includes('/analysis/')) analysisFailures.push(`document ${i}: ${stack.split('\n').slice(0, 2).join(' | ')}`);
        else failures.push(`document ${i}: ${stack}`);
      }
    }
  }
  for (let k = 0; k < PATHOLOGICAL; k++) queue.push({ i: TOTAL + k, text: pathological(r, k), seed: k });
  progress(`${local} in-process in ${((Date.now() - started) / 1000).toFixed(0)} s; ${queue.length} to the server`);

  // Four documents in flight at a time keeps the server busy without reordering any one document.
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const job = queue[next++];
      if (next % 250 === 0) progress(`server: ${next}/${queue.length} at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await throughServer(client, job.i, job.text, prng(job.seed));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);

  // One 10 MB file: one information diagnostic, and the server keeps answering promptly.
  const big = `# podwright: enable\n${generatedManifest(r).repeat(Math.ceil((10 * 1024 * 1024) / 800))}`.slice(0, 10 * 1024 * 1024);
  const bigUri = 'file:///fuzz/ten-megabytes.yaml';
  const t0 = Date.now();
  const diags = await within(client.open(bigUri, big), 'diagnostics of the 10 MB file');
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity]),
    [['size-limit', 3]],
  );
  await within(client.request('textDocument/completion', { textDocument: { uri: bigUri }, position: { line: 3, character: 2 } }), '10 MB completion');
  assert.ok(Date.now() - t0 < 10_000, `the 10 MB file took ${Date.now() - t0} ms`);

  assert.ok(client.alive, 'the server process is alive');
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} in-process failures`);
  const logged = client.logs.filter((l) => / failed: /.test(l));
  assert.equal(await client.stop(), 0);
  assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
  // Analysis bugs are caught and logged by the server (never thrown at the client): listed here
  // so that they are seen, not hidden.
  const caught = [...new Set([...analysisFailures, ...logged.map((l) => l.split('\n').slice(0, 2).join(' | '))])];
  return { server: queue.length + 1, local, seconds: (Date.now() - started) / 1000, caught };
}
