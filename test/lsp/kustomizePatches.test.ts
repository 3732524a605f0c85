// kustomize patches in the editor: partial objects that the workspace's kustomization names get no
// diagnostics (they are checked once built); the same text outside the patch list is checked, and a
// kustomization that stops naming a patch brings its diagnostics back.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from './harness';

const PARTIAL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
`;
const KUSTOMIZATION = 'resources:\n- ../base\npatches:\n- path: replicas.yaml\n';

let dir: string;
let client: LspClient;
const uri = (name: string) => pathToFileURL(join(dir, 'overlay', name)).href;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podwright-kustomize-'));
  mkdirSync(join(dir, 'overlay'));
  writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), KUSTOMIZATION);
  writeFileSync(join(dir, 'overlay', 'replicas.yaml'), PARTIAL);
  writeFileSync(join(dir, 'overlay', 'extra.yaml'), PARTIAL);
  client = await LspClient.start({ workspaceFolders: [dir] });
  await client.logged('workspace indexed: 2 files with Kubernetes objects, 1 other YAML files left out');
});
after(async () => {
  assert.equal(await client.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

test('a patch the kustomization names gets no diagnostics; the same text elsewhere is checked; unnamed, it is checked again', async () => {
  client.openQuietly(uri('replicas.yaml'), PARTIAL);
  const extra = await client.open(uri('extra.yaml'), PARTIAL);
  assert.deepEqual(extra.map((d) => [d.code, (d.data as { path: string }).path]), [['schema-required', 'spec.selector'], ['schema-required', 'spec.template']]);
  // The server handles notifications in order: extra.yaml's answer means replicas.yaml was dealt with.
  assert.deepEqual(client.published.filter((p) => p.uri === uri('replicas.yaml')), []);

  const back = client.diagnostics(uri('replicas.yaml'), (p) => p.diagnostics.length > 0);
  writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), 'resources:\n- ../base\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('kustomization.yaml'), type: 2 }] });
  assert.deepEqual((await back).diagnostics.map((d) => d.code), ['schema-required', 'schema-required']);
});
