import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { fileUri, LspClient, ROOT, slice } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const DUPLICATE = `apiVersion: v1
kind: Pod
metadata:
  name: web
  name: web2
spec:
  containers:
  - name: app
    image: nginx:1.27
`;

test('a duplicate key in a Pod is published with source, code, rule link, exact range and version', async () => {
  const uri = fileUri('duplicate-key.yaml');
  // Other rules (good practice) may report on this pod too; this test is about the duplicate key.
  const diags = (await client.open(uri, DUPLICATE, 7)).filter((d) => d.code === 'yaml-duplicate-key');
  assert.equal(diags.length, 1);
  const d = diags[0];
  assert.equal(d.source, 'podwright');
  assert.equal(d.code, 'yaml-duplicate-key');
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 6 } });
  assert.equal(slice(DUPLICATE, d.range), 'name');
  assert.equal(d.codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules')).href + '/yaml-duplicate-key.md');
  assert.deepEqual(d.data, { path: 'metadata.name' });
  const published = client.published.filter((p) => p.uri === uri);
  assert.equal(published[published.length - 1].version, 7);
});

test('a YAML syntax error in a pod file is an error on the offending text', async () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [a, b\n';
  const uri = fileUri('syntax-error.yaml');
  const diags = await client.open(uri, text);
  // The unclosed flow sequence is found where the text ends.
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity, d.range]),
    [['yaml-syntax', 1, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }]],
  );
  assert.match(String(diags[0].message), /\]/);
});

test('a GitHub workflow gets no diagnostics at all, even with a duplicate key', async () => {
  const workflow = fileUri('workflow.yaml');
  const text = 'name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    runs-on: ubuntu-22.04\n';
  client.openQuietly(workflow, text);
  // The server handles notifications in order: once a later pod file's diagnostics arrive, the
  // workflow (opened before it) has been dealt with.
  await client.open(fileUri('after-workflow.yaml'), DUPLICATE);
  assert.deepEqual(client.published.filter((p) => p.uri === workflow), []);
});

test('a Helm template gets no diagnostics; a Pod with {{ }} in a quoted value or a block scalar is checked', async () => {
  const template = fileUri('chart-deployment.yaml');
  client.openQuietly(template, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n  name: twice\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        {{- with .Values.resources }}\n        resources: {{- toYaml . | nindent 10 }}\n        {{- end }}\n');
  await client.open(fileUri('after-template.yaml'), DUPLICATE);
  assert.deepEqual(client.published.filter((p) => p.uri === template), []);
  // Valid YAML in which `{{` is only text: a docker-style format, an Alertmanager template.
  const text = `${DUPLICATE}    args: ["--format={{.Names}}"]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  slack.tmpl: |\n    {{ define "slack.title" }}{{ .CommonLabels.alertname }}{{ end }}\n`;
  const diags = await client.open(fileUri('pod-with-braces.yaml'), text);
  assert.deepEqual(
    diags.filter((d) => d.code === 'yaml-duplicate-key').map((d) => [d.range.start.line, slice(text, d.range)]),
    [[4, 'name']],
  );
});

test('a modeline enables a file without a Pod; `disable` silences one with a Pod', async () => {
  const enabled = '# podwright: enable\nfoo: 1\nfoo: 2\n';
  const diags = await client.open(fileUri('modeline.yaml'), enabled);
  assert.deepEqual(
    diags.map((d) => [d.code, slice(enabled, d.range)]),
    [['yaml-duplicate-key', 'foo']],
  );
  const disabledUri = fileUri('modeline-off.yaml');
  client.openQuietly(disabledUri, `# podwright: disable\n${DUPLICATE}`);
  await client.open(fileUri('after-modeline.yaml'), DUPLICATE);
  assert.deepEqual(client.published.filter((p) => p.uri === disabledUri), []);
});

test('closing a document clears its diagnostics', async () => {
  const uri = fileUri('close-me.yaml');
  const diags = await client.open(uri, DUPLICATE);
  assert.ok(diags.some((d) => d.code === 'yaml-duplicate-key'));
  const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
  client.close(uri);
  const p = await cleared;
  assert.deepEqual(p.diagnostics, []);
});

test('a file over the size limit gets one information diagnostic saying why, and no analysis', async () => {
  const uri = fileUri('huge.yaml');
  const line = '    - {name: x, value: "' + 'y'.repeat(100) + '"}\n';
  const text = DUPLICATE + line.repeat(20000); // 2.4 MiB in 20,009 lines
  const started = Date.now();
  const diags = await client.open(uri, text);
  assert.equal(diags.length, 1);
  assert.equal(diags[0].severity, 3);
  assert.equal(diags[0].code, 'size-limit');
  assert.equal(
    diags[0].message,
    'Podwright skipped this file: it has 2.4 MB of text, above the 2 MB limit. Split it into smaller files to have it checked.',
  );
  assert.deepEqual(diags[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } });
  assert.ok(Date.now() - started < 5000);
  const lines = await client.open(fileUri('many-lines.yaml'), DUPLICATE + 'x: 1\n'.repeat(20000));
  assert.deepEqual(
    lines.map((d) => [d.code, d.message]),
    [['size-limit', 'Podwright skipped this file: it has more than 20,000 lines. Split it into smaller files to have it checked.']],
  );
  // The server still answers.
  const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols, []);
});

test('positions count UTF-16 code units, as LSP says: an emoji before a problem counts two', async () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: emoji\n  labels: {app: "😀", app: x}\nspec:\n  containers: []\n';
  const diags = (await client.open(fileUri('utf16.yaml'), text)).filter((d) => d.code === 'yaml-duplicate-key');
  // "  labels: {app: \"" is 17 units, the emoji 2, "\", " 3: the second `app` starts at 22 (21 code points).
  assert.deepEqual(
    diags.map((d) => d.range),
    [{ start: { line: 4, character: 22 }, end: { line: 4, character: 25 } }],
  );
});

test('a file with only a Service is analysed: its API problems at the API server path, with a fix', async () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 70000
    targetPort: http_port
  externalTrafficPolicy: Local
`;
  const uri = fileUri('service-only.yaml');
  const diags = (await client.open(uri, text)).filter((d) => d.code === 'service-fields');
  assert.deepEqual(
    diags.map((d) => [(d.data as { path: string }).path, slice(text, d.range), d.severity]),
    [
      ['spec.ports[0].port', '70000', 1],
      ['spec.ports[0].targetPort', 'http_port', 1],
      ['spec.externalTrafficPolicy', 'Local', 1],
    ],
  );
  // Hover on the port: the schema's word on the field, and the rule reporting there with its page.
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: diags[0].range.start });
  assert.match(String(hover?.contents.value), /\*\*port\*\* `integer` · Service `spec\.ports\[0\]\.port`/);
  assert.match(String(hover?.contents.value), /\*\*service-fields\*\* \(error\) — .*\[Rule page\]\(.*docs\/rules\/service-fields\.md\)/);
  const actions = await client.request<Array<{ title: string }>>('textDocument/codeAction', { textDocument: { uri }, range: diags[2].range, context: { diagnostics: [diags[2]] } });
  assert.ok(actions.some((a) => a.title === 'Remove externalTrafficPolicy'), JSON.stringify(actions.map((a) => a.title)));
  // Without apiVersion v1 a `kind: Service` is somebody else's YAML (a CI config, a Compose file).
  const other = fileUri('not-kubernetes.yaml');
  client.openQuietly(other, 'kind: Service\nports: [70000]\nfoo: 1\nfoo: 2\n');
  await client.open(fileUri('after-not-kubernetes.yaml'), DUPLICATE);
  assert.deepEqual(client.published.filter((p) => p.uri === other), []);
});
