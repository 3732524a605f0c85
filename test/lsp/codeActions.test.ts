// Quick fixes and the fix-all action, applied to the text and re-checked by the real server.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { editsFor, fileUri, LspClient, slice } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

// Practice rules are switched off in these tests through the pulled settings, so that each
// document shows exactly the mistakes written into it.
const QUIET = { rules: { 'resources-missing': 'off', 'run-as-root': 'off', 'readiness-probe-missing': 'off', 'volume-unused': 'off' } };

const BROKEN = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
    imagePullPolice: Always
    volumeMounts:
    - name: data
      mountPath: /data
  - name: app
    image: busybox:1.36
`;

let versions = 0;
async function actionsFor(uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only },
  });
}

/** Applies an action's edit through didChange and returns the diagnostics of the new version. */
async function apply(uri: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const version = 100 + ++versions;
  const wait = client.diagnostics(uri, (p) => p.version === version);
  const text = client.edit(uri, version, editsFor(action.edit, uri));
  return { text, diagnostics: (await wait).diagnostics };
}

function summary(text: string, diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.code}@${slice(text, d.range)}`).sort();
}

test('the published diagnostics carry related information for problems involving two places', async () => {
  client.settings = QUIET;
  const uri = fileUri('related.yaml');
  const diags = await client.open(uri, BROKEN);
  assert.deepEqual(summary(BROKEN, diags), ['containers@app', 'schema-unknown-field@imagePullPolice', 'volumes@data']);
  const dup = diags.find((d) => d.code === 'containers');
  assert.ok(dup?.relatedInformation);
  assert.deepEqual(
    dup.relatedInformation.map((r) => [r.location.uri, slice(BROKEN, r.location.range), r.message]),
    [[uri, 'app', "'app' first used here"]],
  );
  assert.equal(dup.range.start.line, 12);
});

test('each quick fix, applied to the text, removes its problem on re-check', async () => {
  client.settings = QUIET;
  const uri = fileUri('quick-fixes.yaml');
  let diags = await client.open(uri, BROKEN);
  let text = BROKEN;
  for (const rule of ['schema-unknown-field', 'volumes', 'containers']) {
    const d = diags.find((x) => x.code === rule);
    assert.ok(d, `no ${rule} diagnostic`);
    const actions = await actionsFor(uri, d);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix, `no preferred fix for ${rule}: ${actions.map((a) => a.title).join('; ')}`);
    assert.deepEqual(fix.diagnostics, [d]);
    const before = diags.length;
    ({ text, diagnostics: diags } = await apply(uri, fix));
    assert.equal(diags.length, before - 1, `${rule} fixed: ${summary(text, diags).join()}`);
    assert.ok(!diags.some((x) => x.code === rule));
  }
  assert.equal(
    text,
    `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
    imagePullPolicy: Always
    volumeMounts:
    - name: data
      mountPath: /data
  - name: app-2
    image: busybox:1.36
  volumes:
  - name: data
    emptyDir: {}
`,
  );
});

test('"Disable <rule> for this line" inserts the directive at the line\'s indentation and silences it', async () => {
  client.settings = QUIET;
  const uri = fileUri('disable-line.yaml');
  const diags = await client.open(uri, BROKEN);
  const d = diags.find((x) => x.code === 'volumes');
  assert.ok(d);
  const actions = await actionsFor(uri, d);
  const disable = actions.find((a) => a.title === 'Disable volumes for this line');
  assert.ok(disable);
  assert.equal(disable.kind, 'quickfix');
  const { text, diagnostics } = await apply(uri, disable);
  assert.ok(text.includes('    volumeMounts:\n    # podwright-disable-next-line volumes\n    - name: data\n'));
  assert.deepEqual(summary(text, diagnostics), ['containers@app', 'schema-unknown-field@imagePullPolice']);
});

test('source.fixAll.podwright applies every preferred fix at once', async () => {
  client.settings = QUIET;
  const uri = fileUri('fix-all.yaml');
  await client.open(uri, BROKEN);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.deepEqual(
    actions.map((a) => [a.kind, a.title]),
    [['source.fixAll.podwright', 'Fix all auto-fixable Podwright problems']],
  );
  const { diagnostics } = await apply(uri, actions[0]);
  assert.deepEqual(diagnostics, []);
});

test('a diagnostic of an older version gets no quick fix (its range no longer matches)', async () => {
  client.settings = QUIET;
  const uri = fileUri('stale-fix.yaml');
  const diags = await client.open(uri, BROKEN);
  const d = diags.find((x) => x.code === 'schema-unknown-field');
  assert.ok(d);
  const wait = client.diagnostics(uri, (p) => p.version === 2);
  client.replace(uri, 2, `# moved down\n${BROKEN}`);
  await wait;
  assert.deepEqual(await actionsFor(uri, d), []);
});

test('versioned edits (documentChanges) name the document version they apply to', async () => {
  const other = await LspClient.start({ settings: QUIET, documentChanges: true });
  try {
    const uri = fileUri('versioned.yaml');
    const diags = await other.open(uri, BROKEN, 5);
    const d = diags.find((x) => x.code === 'schema-unknown-field');
    assert.ok(d);
    const actions = await other.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const change = actions[0].edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 5 });
  } finally {
    assert.equal(await other.stop(), 0);
  }
});

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: migrate:1.0
        ports:
        - containerPort: 8080
      - name: proxy
        image: envoy:1.30
        command: ["envoy", "-c", "/etc/envoy.yaml"]
        ports:
        - containerPort: 8080
`;

test('a helper in a Job moves to a native sidecar, then its conflicting port changes', async () => {
  client.settings = QUIET;
  const uri = fileUri('job-sidecar.yaml');
  let diags = await client.open(uri, JOB);
  assert.deepEqual(summary(JOB, diags), ['port-conflict@8080', 'sidecar-in-containers@proxy']);
  const sidecar = diags.find((d) => d.code === 'sidecar-in-containers');
  assert.ok(sidecar);
  const move = (await actionsFor(uri, sidecar)).find((a) => a.title.startsWith("Make 'proxy' a native sidecar"));
  assert.ok(move);
  let text: string;
  ({ text, diagnostics: diags } = await apply(uri, move));
  assert.ok(text.includes('      initContainers:\n      - name: proxy\n        restartPolicy: Always\n'), text);
  // A native sidecar runs next to the app containers: the same port still conflicts.
  assert.deepEqual(summary(text, diags), ['port-conflict@8080']);
  const port = (await actionsFor(uri, diags[0])).find((a) => a.title.startsWith('Change containerPort to 8081'));
  assert.ok(port);
  ({ text, diagnostics: diags } = await apply(uri, port));
  assert.deepEqual(diags, []);
  assert.equal((text.match(/containerPort: 8081/g) ?? []).length, 1);
});

const WITH_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: debug
---
apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: LEVEL
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: LOG_LEVLE
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  containers:
  - name: app
    image: nginx:1.27
`;

test('a key missing from a ConfigMap in the same file points at the ConfigMap; its fix survives an edit elsewhere', async () => {
  client.settings = QUIET;
  const uri = fileUri('config-key.yaml');
  let diags = await client.open(uri, WITH_CONFIG);
  assert.deepEqual(summary(WITH_CONFIG, diags), ['config-key-missing@LOG_LEVLE']);
  assert.deepEqual(
    diags[0].relatedInformation?.map((r) => [r.location.range.start.line, slice(WITH_CONFIG, r.location.range)]),
    [[4, 'data']],
  );
  // An edit to the other pod: the unchanged documents' results are reused, at the same places.
  const wait = client.diagnostics(uri, (p) => p.version === 2);
  const edited = client.edit(uri, 2, [{ range: { start: { line: 29, character: 17 }, end: { line: 29, character: 21 } }, newText: '1.28' }]);
  assert.ok(edited.endsWith('    image: nginx:1.28\n'));
  diags = (await wait).diagnostics;
  assert.deepEqual(summary(edited, diags), ['config-key-missing@LOG_LEVLE']);
  const fix = (await actionsFor(uri, diags[0])).find((a) => a.title === "Use key 'LOG_LEVEL'");
  assert.ok(fix);
  const { text, diagnostics } = await apply(uri, fix);
  assert.deepEqual(diagnostics, []);
  assert.ok(text.includes('          key: LOG_LEVEL\n'));
});
