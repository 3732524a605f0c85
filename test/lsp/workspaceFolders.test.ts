// Workspace folders added and removed while the server runs (workspace/didChangeWorkspaceFolders).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: app
    image: podwright-test/busybox:1
    envFrom:
    - configMapRef:
        name: common
`;

let root: string;
let client: LspClient;
const folder = (name: string) => ({ uri: pathToFileURL(join(root, name)).href, name });
const missing = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'object-missing').length;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'podwright-wsf-'));
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'common'));
  writeFileSync(join(root, 'app', 'pod.yaml'), POD);
  writeFileSync(join(root, 'common', 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\ndata:\n  A: b\n');
  client = await LspClient.start({ workspaceFolders: [join(root, 'app')], workspaceCapabilities: { workspaceFolders: true } });
  await client.logged('workspace indexed: 1 files');
});
after(async () => {
  assert.equal(await client.stop(), 0);
  rmSync(root, { recursive: true, force: true });
});

test('the server says it follows folder changes', () => {
  assert.deepEqual(client.initializeResult?.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
});

test("a folder added makes its objects known; removed, they are missing again", async () => {
  const uri = pathToFileURL(join(root, 'app', 'pod.yaml')).href;
  assert.equal(missing(await client.open(uri, POD)), 1);
  const found = client.diagnostics(uri, (p) => missing(p.diagnostics) === 0);
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder('common')], removed: [] } });
  await found;
  const gone = client.diagnostics(uri, (p) => missing(p.diagnostics) === 1);
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder('common')] } });
  await gone;
});
