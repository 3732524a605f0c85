// Settings, version ordering, cancellation and the server's lifecycle, over the protocol.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionItem, Diagnostic, Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, LspClient, positionAt, ROOT } from './harness';

const QUIET_RULES = { 'resources-missing': 'off', 'run-as-root': 'off', 'readiness-probe-missing': 'off', 'volume-unused': 'off' };

const SIDECAR_AND_CONFLICT = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
    ports:
    - containerPort: 8080
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 8080
`;

function codes(diags: Diagnostic[]): string[] {
  return diags.map((d) => String(d.code)).sort();
}

test('settings are pulled per document; didChangeConfiguration re-analyses open documents', async () => {
  const client = await LspClient.start({ settings: { rules: QUIET_RULES } });
  try {
    // The server names itself with the package's version, not a number written into its code.
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(client.initializeResult?.serverInfo, { name: 'podwright-language-server', version });
    const uri = fileUri('settings-pull.yaml');
    assert.deepEqual(codes(await client.open(uri, SIDECAR_AND_CONFLICT)), ['port-conflict']);
    assert.ok(client.configurationRequests.some((r) => r.scopeUri === uri && r.section === 'podwright'));

    client.settings = { rules: { ...QUIET_RULES, 'port-conflict': 'off' }, kubernetes: { version: '1.27' } };
    const next = client.diagnostics(uri, (p) => !codes(p.diagnostics).includes('port-conflict'));
    // VS Code sends `settings: null` with the pull model: the server must ask again.
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const p = await next;
    assert.deepEqual(codes(p.diagnostics), ['sidecar-unsupported-version']);
    assert.equal(p.version, 1);

    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionAt(SIDECAR_AND_CONFLICT, SIDECAR_AND_CONFLICT.indexOf('image: nginx')),
    });
    assert.match((hover?.contents as MarkupContent).value, /· Kubernetes 1\.27 \(schema of 1\.31\)\n/);

    client.settings = { rules: { ...QUIET_RULES, 'port-conflict': 'error' } };
    const severe = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'port-conflict' && d.severity === 1));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await severe;
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('without workspace/configuration, initializationOptions and pushed settings apply (flat keys too)', async () => {
  const client = await LspClient.start({
    pullConfiguration: false,
    initializationOptions: { podwright: { rules: { ...QUIET_RULES, 'port-conflict': 'off' } } },
  });
  try {
    const uri = fileUri('settings-push.yaml');
    assert.deepEqual(codes(await client.open(uri, SIDECAR_AND_CONFLICT)), []);
    const next = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { podwright: { 'kubernetes.version': '1.26', rules: { ...QUIET_RULES, 'port-conflict': 'info' } } },
    });
    const diags = (await next).diagnostics;
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity]).sort(),
      [
        ['port-conflict', 3],
        ['sidecar-unsupported-version', 1],
      ],
    );
    assert.equal(client.configurationRequests.length, 0);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('the podwright.files.include setting enables matching files; docs.baseUrl changes rule links', async () => {
  const client = await LspClient.start({ settings: { files: { include: ['**/fixtures/lsp/*.k8s.yaml'] }, docs: { baseUrl: 'https://example.com/rules' } } });
  try {
    const text = 'a: 1\na: 2\n';
    const diags = await client.open(fileUri('plain.k8s.yaml'), text);
    assert.deepEqual(
      diags.map((d) => [d.code, d.codeDescription?.href]),
      [['yaml-duplicate-key', 'https://example.com/rules/yaml-duplicate-key.md']],
    );
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('the podwright.files.exclude setting silences files and folders; a modeline still enables one', async () => {
  const client = await LspClient.start({ settings: { rules: QUIET_RULES, files: { exclude: ['**/fixtures/lsp/broken', '*.broken.yaml'] } } });
  try {
    const inFolder = fileUri('broken/pod.yaml');
    const byName = fileUri('pod.broken.yaml');
    client.openQuietly(inFolder, SIDECAR_AND_CONFLICT);
    client.openQuietly(byName, SIDECAR_AND_CONFLICT);
    // Handled in order: this file's answer means the two before it were dealt with.
    assert.deepEqual(codes(await client.open(fileUri('pod-not-excluded.yaml'), SIDECAR_AND_CONFLICT)), ['port-conflict']);
    assert.deepEqual(client.published.filter((p) => p.uri === inFolder || p.uri === byName), []);
    const enabled = await client.open(fileUri('broken/enabled.yaml'), `# podwright: enable\n${SIDECAR_AND_CONFLICT}`);
    assert.deepEqual(codes(enabled), ['port-conflict']);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

async function rapidEdits(debounceMs: number): Promise<void> {
  const client = await LspClient.start({ settings: { rules: QUIET_RULES, diagnostics: { debounceMs } } });
  try {
    const uri = fileUri(`rapid-${debounceMs}.yaml`);
    await client.open(uri, SIDECAR_AND_CONFLICT);
    const last = 40;
    const final = client.diagnostics(uri, (p) => p.version === last);
    for (let v = 2; v <= last; v++) {
      // Odd versions have a duplicate key, even ones not: a stale result would show the wrong set.
      const extra = v % 2 ? '  name: again\n' : '';
      client.replace(uri, v, SIDECAR_AND_CONFLICT.replace('  name: web\n', `  name: web\n${extra}`));
    }
    const p = await final;
    assert.deepEqual(codes(p.diagnostics), ['port-conflict']);
    // A request answered after the last publish: nothing published later may be older.
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    const versions = client.published.filter((x) => x.uri === uri).map((x: PublishDiagnosticsParams) => x.version ?? -1);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      `published versions in order: ${versions.join()}`,
    );
    assert.equal(versions[versions.length - 1], last);
    if (debounceMs >= 100) assert.deepEqual(versions, [1, last], 'debounced: one analysis for the burst of edits');
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

test('rapid changes with no debounce: diagnostics are published in version order, the last for the last version', () => rapidEdits(0));
// A long debounce keeps this exact on a loaded machine: the whole burst arrives well within it.
test('rapid changes with a debounce: one re-analysis, for the last version', () => rapidEdits(1000));

test('an edit re-analyses and re-publishes only the changed document', async () => {
  const client = await LspClient.start({ settings: { rules: QUIET_RULES } });
  try {
    const a = fileUri('only-a.yaml');
    const b = fileUri('only-b.yaml');
    await client.open(a, SIDECAR_AND_CONFLICT);
    await client.open(b, SIDECAR_AND_CONFLICT);
    const next = client.diagnostics(a, (p) => p.version === 2);
    client.replace(a, 2, SIDECAR_AND_CONFLICT.replace('containerPort: 8080\n', 'containerPort: 8081\n'));
    assert.deepEqual(codes((await next).diagnostics), []);
    await client.request('textDocument/documentSymbol', { textDocument: { uri: b } });
    assert.deepEqual(
      client.published.filter((p) => p.uri === b).map((p) => p.version),
      [1],
    );
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('cancelled requests do not break the server; odd requests get empty answers, not errors', async () => {
  const client = await LspClient.start({ settings: { rules: QUIET_RULES } });
  try {
    const uri = fileUri('cancel.yaml');
    await client.open(uri, SIDECAR_AND_CONFLICT);
    const position = positionAt(SIDECAR_AND_CONFLICT, SIDECAR_AND_CONFLICT.indexOf('image: envoy'));
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      const source = new CancellationTokenSource();
      const method = ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol'][i % 3];
      pending.push(
        client.connection.sendRequest(method, { textDocument: { uri }, position }, source.token).then(
          () => 'answered',
          (e: unknown) => {
            // The only acceptable error is the protocol's RequestCancelled.
            assert.ok(e instanceof ResponseError && e.code === -32800, `unexpected error ${String(e)}`);
            return 'cancelled';
          },
        ),
      );
      source.cancel();
    }
    await Promise.all(pending);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*image\*\* `string`/);

    const unknown = fileUri('never-opened.yaml');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: unknown }, position }), null);
    assert.deepEqual(await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 9999, character: 9999 } }), []);
    const garbage = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 500, character: 0 }, end: { line: 501, character: 3 } },
      context: { diagnostics: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, message: 'x', source: 'podwright', code: 7 }] },
    });
    assert.deepEqual(garbage, []);
    assert.ok(client.alive);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('exit without shutdown ends the process with code 1, as the protocol says', async () => {
  const client = await LspClient.start();
  await client.connection.sendNotification('exit');
  assert.equal(await client.exitCode(), 1);
  client.connection.dispose();
});
