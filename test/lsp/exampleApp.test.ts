// The example application (test/workspace/app) as the editor sees it: no problem across its files,
// and the Service's named targetPort leads to the container port in web.yaml.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Location } from 'vscode-languageserver-protocol';
import { LspClient, positionAt, ROOT } from './harness';

const APP = join(ROOT, 'test', 'workspace', 'app');
const uri = (name: string) => pathToFileURL(join(APP, name)).href;
const text = (name: string) => readFileSync(join(APP, name), 'utf8');
let client: LspClient;

before(async () => {
  client = await LspClient.start({ workspaceFolders: [APP] });
  await client.logged('workspace indexed: 5 files with Kubernetes objects, 0 other YAML files left out');
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

test('every file of the example is clean, the cross-file checks included', async () => {
  for (const name of ['web.yaml', 'db.yaml', 'job.yaml']) assert.deepEqual(await client.open(uri(name), text(name)), [], name);
});

test("Go to Definition on the Service's targetPort opens the web container's port; its references come back", async () => {
  const service = text('service.yaml');
  const web = text('web.yaml');
  client.openQuietly(uri('service.yaml'), service);
  const at = service.indexOf('targetPort: http') + 'targetPort: '.length;
  const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('service.yaml') }, position: positionAt(service, at) });
  const port = web.indexOf('name: http') + 'name: '.length;
  assert.deepEqual(defs, [{ uri: uri('web.yaml'), range: { start: positionAt(web, port), end: positionAt(web, port + 4) } }]);
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uri('web.yaml') }, position: positionAt(web, port + 1), context: { includeDeclaration: false } });
  assert.deepEqual(refs, [{ uri: uri('service.yaml'), range: { start: positionAt(service, at), end: positionAt(service, at + 4) } }]);
  // The StatefulSet's serviceName leads to its headless Service.
  const db = text('db.yaml');
  const sn = db.indexOf('serviceName: db') + 'serviceName: '.length;
  const svc = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri('db.yaml') }, position: positionAt(db, sn) });
  const name = db.indexOf('name: db') + 'name: '.length;
  assert.deepEqual(svc, [{ uri: uri('db.yaml'), range: { start: positionAt(db, name), end: positionAt(db, name + 2) } }]);
});
