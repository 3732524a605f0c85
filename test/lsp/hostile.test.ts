// Hostile documents through the real server: every request is answered and the server stays up,
// a slow document holds up no request on another, an analysis past its deadline is stopped and said
// so, and stale work is stopped when a newer version arrives. (The 10,000-document fuzz, with the
// slowest answer and the peak memory, is `npm run bench fuzz`.)
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CodeAction, DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { hostileInputs, pathological, PATHOLOGICAL_KINDS, prng, slowDocument } from './fuzzInputs';
import { fileUri, LspClient } from './harness';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - name: app\n    image: nginx\n';

async function everyRequest(client: LspClient, uri: string): Promise<void> {
  const doc = { textDocument: { uri } };
  const position = { line: 3, character: 4 };
  const answers = await Promise.all([
    client.request('textDocument/hover', { ...doc, position }),
    client.request('textDocument/completion', { ...doc, position }),
    client.request('textDocument/documentSymbol', doc),
    client.request<CodeAction[]>('textDocument/codeAction', { ...doc, range: { start: position, end: position }, context: { diagnostics: [] } }),
  ]);
  assert.ok(Array.isArray(answers[1]) && Array.isArray(answers[2]) && Array.isArray(answers[3]), uri);
}

test('every pathological and hostile input: diagnostics, every request answered, the server stays up', async () => {
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } } });
  try {
    const r = prng(3);
    const inputs = [
      ...Array.from({ length: PATHOLOGICAL_KINDS }, (_, k) => ({ name: `pathological ${k}`, text: pathological(r, k) })),
      ...hostileInputs(),
    ];
    for (const [k, input] of inputs.entries()) {
      const uri = fileUri(`hostile-${k}.yaml`);
      const diagnostics = await client.open(uri, `# podwright: enable\n${input.text}`);
      assert.ok(Array.isArray(diagnostics), input.name);
      await everyRequest(client, uri);
      client.close(uri);
    }
    // The one with a thousand `[`: a single problem where the nesting goes too deep.
    const brackets = await client.open(fileUri('brackets.yaml'), `# podwright: enable\nkey: ${'['.repeat(1000)}\n`);
    assert.deepEqual(
      brackets.map((d) => [d.code, d.range.start]),
      [['yaml-syntax', { line: 1, character: 5 + 255 }]],
    );
    assert.ok(client.alive);
  } finally {
    assert.equal(await client.stop(), 0);
  }
  assert.doesNotMatch(client.stderr, /uncaught|unhandled|FATAL/i);
});

const TRACE = { PODWRIGHT_TRACE: '1' };

test('a slow document holds up no request on another one', async () => {
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } }, env: TRACE });
  try {
    const b = fileUri('quick.yaml');
    await client.open(b, POD);
    const slow = fileUri('slow.yaml');
    let slowPublished = false;
    const slowDone = client.diagnostics(slow, () => (slowPublished = true), 60_000);
    client.openQuietly(slow, slowDocument(19_000));
    await client.logged(`analysis of ${slow} (version 1) started`);
    // While it is analysed, symbols of another document come from the other worker thread.
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: b } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Pod/b'],
    );
    assert.equal(slowPublished, false, 'answered while the slow document was still being analysed');
    const diagnostics = (await slowDone).diagnostics;
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('an analysis past its deadline is stopped, the file says so, and the next one runs', async () => {
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } }, env: { PODWRIGHT_ANALYSIS_DEADLINE_MS: '300' } });
  try {
    const slow = fileUri('deadline.yaml');
    const diagnostics = await client.open(slow, slowDocument(19_000));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
      [['analysis-limit', 3, 0]],
    );
    assert.match(String(diagnostics[0].message), /^Podwright stopped checking this file: it took more than 0\.3 s\./);
    // Requests on it are still answered, and the next document is analysed by a fresh thread.
    await everyRequest(client, slow);
    const next = await client.open(fileUri('after-deadline.yaml'), POD.replace('image: nginx', 'image: nginx:1.27\n    ports:\n    - containerPort: 99999'));
    assert.ok(next.some((d) => d.code === 'ports'), JSON.stringify(next.map((d) => d.code)));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a newer version stops the long analysis of the older one: only the newer is published', async () => {
  const client = await LspClient.start({ settings: { diagnostics: { debounceMs: 0 } }, env: TRACE });
  try {
    const uri = fileUri('stale.yaml');
    const published: PublishDiagnosticsParams[] = [];
    const v2 = client.diagnostics(uri, (p) => (published.push(p), p.version === 2), 60_000);
    client.openQuietly(uri, slowDocument(19_000));
    // Once the first version's analysis has started, the document changes.
    await client.logged(`analysis of ${uri} (version 1) started`);
    client.replace(uri, 2, POD);
    const p = await v2;
    assert.deepEqual(
      published.map((x) => x.version),
      [2],
    );
    assert.ok(p.diagnostics.every((d) => d.code !== 'yaml-syntax'));
    assert.ok(
      client.logs.some((l) => l.includes(`stopped the analysis of ${uri} (version 1): version 2 replaced it`)),
      client.logs.join('\n'),
    );
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
