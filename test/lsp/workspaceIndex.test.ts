// Keeping the workspace current: only the dependents of an edit are re-published (and none is
// re-analysed), a deleted file's objects go, a kustomization's resources outside the folder count.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Location } from 'vscode-languageserver-protocol';
import { LspClient, positionAt } from './harness';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  MODE: fast
`;
const POD = (name: string, config: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: podwright-test/busybox:1
    envFrom:
    - configMapRef:
        name: ${config}
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef: {name: ${config}, key: MODE}
`;

let root: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(root, name)).href;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'podwright-wsi-'));
  mkdirSync(join(root, 'app', 'nested'), { recursive: true });
  mkdirSync(join(root, 'base'));
  mkdirSync(join(root, 'app', 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(root, 'app', 'configmap.yaml'), CONFIG);
  writeFileSync(join(root, 'app', 'nested', 'pod.yaml'), POD('reader', 'app-config'));
  writeFileSync(join(root, 'app', 'other.yaml'), POD('other', 'other-config'));
  writeFileSync(join(root, 'app', 'node_modules', 'x', 'cm.yaml'), CONFIG.replace('app-config', 'other-config'));
  // Outside the workspace folder, named by the kustomization.
  writeFileSync(join(root, 'base', 'shared.yaml'), CONFIG.replace('app-config', 'shared-config'));
  writeFileSync(join(root, 'app', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- configmap.yaml\n- ../base/shared.yaml\n');
  client = await LspClient.start({ workspaceFolders: [join(root, 'app')], env: { PODWRIGHT_TRACE: '1' } });
  await client.logged('workspace indexed: 5 files with Kubernetes objects, 0 other');
});
after(async () => {
  assert.equal(await client.stop(), 0);
  rmSync(root, { recursive: true, force: true });
});

test('node_modules is not indexed: a reference to what only it defines is missing', async () => {
  const ds = await client.open(uri('app/other.yaml'), POD('other', 'other-config'));
  const missing = ds.filter((d) => d.code === 'object-missing');
  assert.deepEqual(
    missing.map((d) => [d.range.start.line, (d.data as { path: string }).path]),
    [
      [10, 'spec.containers[0].envFrom[0].configMapRef.name'],
      [14, 'spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
    ],
  );
  assert.equal(missing[0].message, "No file of the workspace defines ConfigMap 'other-config' in namespace 'default': the pod will not start unless it exists in the cluster.");
});

test('an edit of the ConfigMap re-publishes the pod that reads it, from its cached analysis, and no other', async () => {
  const pod = POD('reader', 'app-config');
  const first = await client.open(uri('app/nested/pod.yaml'), pod);
  assert.deepEqual(first.filter((d) => d.code === 'config-key-missing' || d.code === 'object-missing'), []);
  const before = client.published.length;
  const logsBefore = client.logs.length;
  const broken = client.diagnostics(uri('app/nested/pod.yaml'), (p) => p.diagnostics.some((d) => d.code === 'config-key-missing'));
  client.openQuietly(uri('app/configmap.yaml'), CONFIG);
  client.replace(uri('app/configmap.yaml'), 2, CONFIG.replace('MODE', 'SPEED'));
  const d = (await broken).diagnostics.find((x) => x.code === 'config-key-missing');
  assert.equal(d?.message, "ConfigMap 'app-config' in configmap.yaml has no key 'MODE': the pod will not start. It has 'SPEED'.");
  // The pod was not analysed again (its own problems are cached), and other.yaml was not re-published.
  assert.deepEqual(client.logs.slice(logsBefore).filter((l) => l.includes('pod.yaml') && l.includes('started')), []);
  assert.deepEqual(client.published.slice(before).filter((p) => p.uri === uri('app/other.yaml')), []);
  const fixed = client.diagnostics(uri('app/nested/pod.yaml'), (p) => !p.diagnostics.some((x) => x.code === 'config-key-missing'));
  client.replace(uri('app/configmap.yaml'), 3, CONFIG);
  await fixed;
  client.close(uri('app/configmap.yaml'));
});

test("a kustomization's resource outside the folder is part of the workspace", async () => {
  const pod = POD('shared-reader', 'shared-config');
  const ds = await client.open(uri('app/shared.yaml'), pod);
  assert.deepEqual(ds.filter((d) => d.code === 'object-missing'), []);
  const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('app/shared.yaml') }, position: positionAt(pod, pod.indexOf('key: MODE') + 6) });
  assert.deepEqual(defs, [{ uri: uri('base/shared.yaml'), range: { start: { line: 5, character: 2 }, end: { line: 5, character: 6 } } }]);
});

test('a deleted file takes its objects with it', async () => {
  const missing = client.diagnostics(uri('app/nested/pod.yaml'), (p) => p.diagnostics.filter((d) => d.code === 'object-missing').length === 2);
  unlinkSync(join(root, 'app', 'configmap.yaml'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('app/configmap.yaml'), type: 3 }] });
  const ds = (await missing).diagnostics.filter((d) => d.code === 'object-missing');
  assert.deepEqual(ds.map((d) => d.range.start.line), [10, 14]);
});
