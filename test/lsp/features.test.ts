// Hover, completion and document symbols over the protocol, against the real server process.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, LspClient, positionAt, slice } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
  - name: data
    emptyDir: {}
  - name: config
    configMap:
      name: app-config
  initContainers:
  - name: migrate
    image: busybox:1.36
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
    - name: metrics
      containerPort: 9090
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: debug
  MODE: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other-config
data:
  COLOR: blue
`;

let opened = 0;
/** Opens `text` with the cursor where `‸` is, and asks for completion there. */
async function complete(textWithCursor: string, podFile = true): Promise<{ text: string; items: CompletionItem[] }> {
  const offset = textWithCursor.indexOf('‸');
  assert.ok(offset >= 0, 'no cursor in the text');
  const text = textWithCursor.replace('‸', '');
  const uri = fileUri(`completion-${++opened}.yaml`);
  if (podFile) await client.open(uri, text);
  else client.openQuietly(uri, text); // no diagnostics are published for it to wait for
  const answer = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
    textDocument: { uri },
    position: positionAt(text, offset),
  });
  const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
  return { text, items };
}

function labels(items: CompletionItem[]): string[] {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

/** The text after choosing an item. */
function choose(text: string, item: CompletionItem): string {
  const edit = item.textEdit;
  assert.ok(edit && 'range' in edit, `item ${item.label} has no textEdit`);
  return applyEdits(text, [edit]);
}

test('hover shows the schema description and type of the field, with the Kubernetes version', async () => {
  const uri = fileUri('hover.yaml');
  await client.open(uri, POD);
  const at = POD.indexOf('containerPort: 8080') + 3;
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(POD, at) });
  assert.ok(h);
  const value = (h.contents as MarkupContent).value;
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  assert.equal(h.range && slice(POD, h.range), 'containerPort');
  assert.match(value, /^\*\*containerPort\*\* `integer` · Pod `spec\.containers\[0\]\.ports\[0\]\.containerPort` · Kubernetes 1\.35\n\nNumber of port to expose on the pod's IP address\./);
  const onEnum = await client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: positionAt(POD, POD.indexOf('restartPolicy: Always') + 20),
  });
  assert.equal(onEnum?.range && slice(POD, onEnum.range), 'Always');
  assert.match((onEnum?.contents as MarkupContent).value, /^\*\*restartPolicy\*\* `string` · Pod `spec\.initContainers\[1\]\.restartPolicy`.*\n\nAllowed: `Always`/);
  const nothing = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(POD, POD.indexOf('---') + 1) });
  assert.equal(nothing, null);
});

test('hover writes a map key in brackets, as the API server does: metadata.labels[app]', async () => {
  const text = POD.replace('  name: web\n', '  name: web\n  labels:\n    app: web\n');
  const uri = fileUri('hover-map-key.yaml');
  await client.open(uri, text);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('app: web') + 1) });
  assert.match((h?.contents as MarkupContent).value, /^\*\*app\*\* `string` · Pod `metadata\.labels\[app\]` · Kubernetes 1\.35/);
});

test('completion while typing a key (`    ima`) offers the container keys not yet written', async () => {
  const { text, items } = await complete(POD.replace('    image: nginx:1.27\n', '    ima‸\n'));
  const names = labels(items);
  assert.ok(names.includes('image') && names.includes('imagePullPolicy'), names.join());
  assert.ok(!names.includes('name') && !names.includes('ports'), 'keys already present are left out');
  const image = items.find((i) => i.label === 'image');
  assert.ok(image);
  assert.equal(choose(text, image), POD.replace('    image: nginx:1.27\n', '    image: \n'));
  const ports = await complete(POD.replace('    image: nginx:1.27\n    ports:\n', '    image: nginx:1.27\n    env‸\n    ports:\n'));
  const env = ports.items.find((i) => i.label === 'env');
  assert.ok(env);
  assert.equal(choose(ports.text, env).split('\n').slice(19, 22).join('\n'), '    image: nginx:1.27\n    env:\n      - ');
});

test('completion in a new list item being typed (`  - na`) offers the item\'s keys, required first', async () => {
  const { text, items } = await complete(POD.replace('  containers:\n', '  containers:\n  - na‸\n'));
  const sorted = labels(items);
  assert.equal(sorted[0], 'name');
  assert.ok(sorted.includes('image') && sorted.includes('volumeMounts'));
  const name = items.find((i) => i.label === 'name');
  assert.ok(name);
  assert.ok(choose(text, name).includes('  containers:\n  - name: \n  - name: app\n'));
});

test('key completion puts required keys first', async () => {
  const { items } = await complete('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  ‸\n');
  const sorted = labels(items);
  assert.equal(sorted[0], 'containers');
  assert.equal(items.find((i) => i.label === 'containers')?.detail, '[]Container (required)');
  const selector = items.find((i) => i.label === 'nodeSelector');
  assert.equal(selector?.detail, 'map[string]string');
  assert.deepEqual(selector?.textEdit && 'range' in selector.textEdit ? selector.textEdit.newText : undefined, 'nodeSelector:\n    ');
  assert.ok(sorted.indexOf('volumes') > 0);
});

test('completion offers enum values: restartPolicy, imagePullPolicy, protocol', async () => {
  const restart = await complete(POD.replace('    restartPolicy: Always', '    restartPolicy: ‸'));
  assert.deepEqual(labels(restart.items), ['Always', 'OnFailure', 'Never']);
  const pull = await complete(POD.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    imagePullPolicy: If‸\n'));
  assert.deepEqual(labels(pull.items), ['Always', 'Never', 'IfNotPresent']);
  const chosen = pull.items.find((i) => i.label === 'IfNotPresent');
  assert.ok(chosen);
  assert.ok(choose(pull.text, chosen).includes('    imagePullPolicy: IfNotPresent\n'));
  const protocol = await complete(POD.replace('      containerPort: 9090\n', '      containerPort: 9090\n      protocol: ‸\n'));
  assert.deepEqual(labels(protocol.items), ['TCP', 'UDP', 'SCTP']);
});

test('completion offers the pod volumes for a volumeMount name', async () => {
  const { text, items } = await complete(POD.replace('    ports:\n', '    volumeMounts:\n    - name: ‸\n    ports:\n'));
  assert.deepEqual(labels(items), ['data', 'config']);
  const chosen = items.find((i) => i.label === 'config');
  assert.ok(chosen);
  assert.ok(choose(text, chosen).includes('    - name: config\n'));
});

test('completion offers the container port names, then numbers, for a probe port', async () => {
  const { items } = await complete(POD.replace('    ports:\n', '    readinessProbe:\n      httpGet:\n        port: ‸\n    ports:\n'));
  assert.deepEqual(labels(items), ['http', 'metrics', '8080', '9090']);
});

test('completion offers ConfigMaps defined in the file, and the keys of the one referenced', async () => {
  const names = await complete(
    POD.replace('    ports:\n', '    env:\n    - name: LEVEL\n      valueFrom:\n        configMapKeyRef:\n          name: ‸\n    ports:\n'),
  );
  assert.deepEqual(labels(names.items), ['app-config', 'other-config']);
  const keys = await complete(
    POD.replace('    ports:\n', '    env:\n    - name: LEVEL\n      valueFrom:\n        configMapKeyRef:\n          name: app-config\n          key: ‸\n    ports:\n'),
  );
  assert.deepEqual(labels(keys.items), ['LOG_LEVEL', 'MODE']);
  const volume = await complete(POD.replace('      name: app-config\n', '      name: ‸\n'));
  assert.deepEqual(labels(volume.items), ['app-config', 'other-config']);
});

test('a new file (with the modeline) completes the top-level keys, pod kinds first, and the apiVersion of its kind', async () => {
  const start = await complete('# podwright: enable\n‸');
  assert.deepEqual(labels(start.items), ['apiVersion', 'kind', 'metadata', 'spec']);
  const kinds = await complete('# podwright: enable\napiVersion: v1\nkind: ‸\n');
  assert.deepEqual(labels(kinds.items).slice(0, 9), ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate']);
  assert.ok(labels(kinds.items).includes('ConfigMap'));
  const api = await complete('# podwright: enable\napiVersion: ‸\nkind: Deployment\n');
  assert.deepEqual(labels(api.items), ['apps/v1']);
});

test('no completion in a YAML file that is not a pod manifest', async () => {
  const { items } = await complete('name: ci\non: push\njobs:\n  build:\n    runs-on: ‸\n', false);
  assert.deepEqual(items, []);
});

test('document symbols: pods with their init, sidecar and app containers', async () => {
  const uri = fileUri('symbols.yaml');
  await client.open(uri, POD);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const shape = symbols.map((s) => ({ name: s.name, detail: s.detail, children: s.children?.map((c) => `${c.name}:${c.detail}`) }));
  assert.deepEqual(shape, [
    { name: 'Pod/web', detail: 'v1', children: ['migrate:init', 'proxy:sidecar', 'app:app'] },
    { name: 'ConfigMap/app-config', detail: 'v1', children: undefined },
    { name: 'ConfigMap/other-config', detail: 'v1', children: undefined },
  ]);
  const pod = symbols[0];
  assert.equal(slice(POD, pod.selectionRange), 'web');
  assert.equal(slice(POD, pod.range), POD.slice(0, POD.indexOf('---')));
  const proxy = pod.children?.[1];
  assert.ok(proxy);
  assert.equal(slice(POD, proxy.range), 'name: proxy\n    image: envoy:1.30\n    restartPolicy: Always\n');
  assert.equal(slice(POD, proxy.selectionRange), 'proxy');
});
