// The workspace over the protocol: a folder indexed in the background, cross-file diagnostics with
// the other file as related information, dependents re-published, definition, references and rename
// across files, file events from the client.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, editsFor, LspClient, positionAt } from './harness';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  GREETING: hello
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: podwright-test/busybox:1
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: GREETING
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: GREETNG
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`;
const LONELY = `apiVersion: v1
kind: Service
metadata:
  name: lonely
spec:
  selector:
    app: nobody
  ports:
  - port: 80
`;

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, name)).href;
const range = (text: string, needle: string, from = 0): Range => {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} not in the text`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
};
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podwright-ws-'));
  writeFileSync(join(dir, 'configmap.yaml'), CONFIG);
  writeFileSync(join(dir, 'deployment.yaml'), DEPLOY);
  writeFileSync(join(dir, 'service.yaml'), SERVICE);
  writeFileSync(join(dir, 'lonely.yaml'), LONELY);
  writeFileSync(join(dir, 'ci.yml'), 'on: push\njobs: {}\n');
  client = await LspClient.start({ workspaceFolders: [dir] });
  await client.logged('workspace indexed: 4 files with Kubernetes objects, 1 other YAML files left out');
});
after(async () => {
  assert.equal(await client.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

test('a key missing from the ConfigMap in another file, with that file as related information', async () => {
  const ds = await client.open(uri('deployment.yaml'), DEPLOY);
  const d = ds.find((x) => x.code === 'config-key-missing');
  assert.ok(d, JSON.stringify(ds));
  assert.deepEqual(d.range, range(DEPLOY, 'GREETNG'));
  assert.equal(d.message, "ConfigMap 'web-config' in configmap.yaml has no key 'GREETNG': the pod will not start. It has 'GREETING'.");
  assert.deepEqual((d.data as { path: string }).path, 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key');
  assert.deepEqual(d.relatedInformation, [{ location: { uri: uri('configmap.yaml'), range: range(CONFIG, 'web-config') }, message: "ConfigMap 'web-config' is defined here" }]);
});

test('a Service whose selector matches no pod of the workspace warns, in a file without pods', async () => {
  const ds = await client.open(uri('lonely.yaml'), LONELY);
  assert.deepEqual(codes(ds), ['service-selects-nothing']);
  assert.deepEqual(ds[0].range, range(LONELY, 'selector'));
  assert.equal(ds[0].severity, 2);
  assert.equal(ds[0].message, "Service 'lonely' selects no pod of the workspace in namespace 'default' (selector 'app=nobody'): it will have no endpoints.");
});

test('fixing the ConfigMap clears the diagnostic of the deployment that reads it', async () => {
  const fixed = CONFIG.replace('GREETING', 'GREETNG');
  // configmap.yaml is not open: the change comes as a file event, as after a save elsewhere or a checkout.
  const cleared = client.diagnostics(uri('deployment.yaml'), (p) => !codes(p.diagnostics).includes('config-key-missing'));
  writeFileSync(join(dir, 'configmap.yaml'), fixed);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('configmap.yaml'), type: 2 }] });
  assert.deepEqual(codes((await cleared).diagnostics), ['run-as-root', 'resources-missing', 'readiness-probe-missing']);
  // And an edit in the open ConfigMap breaks it again, without saving.
  const broken = client.diagnostics(uri('deployment.yaml'), (p) => codes(p.diagnostics).includes('config-key-missing'));
  client.openQuietly(uri('configmap.yaml'), fixed);
  client.replace(uri('configmap.yaml'), 2, CONFIG.replace('GREETING', 'OTHER'));
  const again = (await broken).diagnostics.find((d) => d.code === 'config-key-missing');
  assert.match(String(again?.message), /It has 'OTHER'\./);
  client.replace(uri('configmap.yaml'), 3, fixed);
  await client.diagnostics(uri('deployment.yaml'), (p) => !codes(p.diagnostics).includes('config-key-missing'));
});

test('Go to Definition lands on the key in the other file; from a container port to the Services that target it', async () => {
  const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('deployment.yaml') }, position: positionAt(DEPLOY, DEPLOY.indexOf('GREETNG') + 2) });
  const cm = client.text(uri('configmap.yaml'));
  assert.deepEqual(defs, [{ uri: uri('configmap.yaml'), range: range(cm, 'GREETNG') }]);
  const toName = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('deployment.yaml') }, position: positionAt(DEPLOY, DEPLOY.indexOf('name: web-config') + 8) });
  assert.deepEqual(toName, [{ uri: uri('configmap.yaml'), range: range(cm, 'web-config') }]);
  // From the container port to the Service that targets it, and from the targetPort to the port.
  const refs = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: uri('deployment.yaml') },
    position: positionAt(DEPLOY, DEPLOY.indexOf('name: http') + 7),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(refs, [{ uri: uri('service.yaml'), range: range(SERVICE, 'http') }]);
  client.openQuietly(uri('service.yaml'), SERVICE);
  const port = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('service.yaml') }, position: positionAt(SERVICE, SERVICE.indexOf('http')) });
  assert.deepEqual(port, [{ uri: uri('deployment.yaml'), range: range(DEPLOY, 'http') }]);
});

test('Find References from a ConfigMap key lists every pod that reads it', async () => {
  const fixed = client.text(uri('configmap.yaml'));
  const refs = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: uri('configmap.yaml') },
    position: positionAt(fixed, fixed.indexOf('GREETNG')),
    context: { includeDeclaration: true },
  });
  assert.deepEqual(refs, [
    { uri: uri('configmap.yaml'), range: range(fixed, 'GREETNG') },
    { uri: uri('deployment.yaml'), range: range(DEPLOY, 'GREETNG') },
  ]);
});

test('Rename of a ConfigMap and of a port name across files', async () => {
  const cm = client.text(uri('configmap.yaml'));
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri('deployment.yaml') }, position: positionAt(DEPLOY, DEPLOY.indexOf('web-config')), newName: 'site-config' });
  assert.deepEqual(editsFor(edit, uri('deployment.yaml')), [{ range: range(DEPLOY, 'web-config'), newText: 'site-config' }]);
  assert.deepEqual(editsFor(edit, uri('configmap.yaml')), [{ range: range(cm, 'web-config'), newText: 'site-config' }]);
  const prepared = await client.request<Range | null>('textDocument/prepareRename', { textDocument: { uri: uri('service.yaml') }, position: positionAt(SERVICE, SERVICE.indexOf('http') + 1) });
  assert.deepEqual(prepared, range(SERVICE, 'http'));
  const ports = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri('service.yaml') }, position: positionAt(SERVICE, SERVICE.indexOf('http') + 1), newName: 'web' });
  assert.equal(applyEdits(SERVICE, editsFor(ports, uri('service.yaml'))), SERVICE.replace('targetPort: http', 'targetPort: web'));
  assert.equal(applyEdits(DEPLOY, editsFor(ports, uri('deployment.yaml'))), DEPLOY.replace('name: http', 'name: web'));
  await assert.rejects(
    client.request('textDocument/rename', { textDocument: { uri: uri('service.yaml') }, position: positionAt(SERVICE, SERVICE.indexOf('http') + 1), newName: 'Not_A_Port' }),
    /not a valid port name/,
  );
});
