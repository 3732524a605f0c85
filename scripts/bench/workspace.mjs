// The workspace through the real language server: a generated 500-file application folder (100
// apps × Deployment, Service, ConfigMap, Secret, PersistentVolumeClaim, each in its own file).
//
// 1. Index: from `initialize` (with the folder as workspace folder) to the server's "workspace
//    indexed" log line; its peer is `podwright lint FOLDER` (every file fully analysed, one process),
//    for scale: indexing only parses and summarises.
// 2. Re-analysis after an edit in another file: app-0's deployment.yaml and configmap.yaml are open;
//    the key the deployment reads is renamed and restored in configmap.yaml, and the time from
//    didChange to the deployment's re-published diagnostics (with or without config-key-missing) is
//    measured, median of many edits. Its peer: an edit of the deployment itself, to its own
//    diagnostics (the single-file path). Debounce 0 for both (`podwright.diagnostics.debounceMs`).
// 3. Memory: resident size of the server once indexed (its worker threads included).
//
//   npm run bench workspace
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const root = new URL('../..', import.meta.url).pathname;
const APPS = 100;
const EDITS = 30;
const WARMUP = 6;

const files = (i) => ({
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:1.${i}
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: GREETING
          valueFrom:
            configMapKeyRef: {name: web-${i}, key: GREETING}
        - name: PASSWORD
          valueFrom:
            secretKeyRef: {name: web-${i}, key: password}
        volumeMounts: [{name: data, mountPath: /data}]
        resources: {requests: {cpu: 100m, memory: 64Mi}}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-${i}}
`,
  'service.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: web-${i}}\nspec:\n  selector: {app: web-${i}}\n  ports:\n  - port: 80\n    targetPort: http\n`,
  'configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-${i}}\ndata:\n  GREETING: hello\n  COLOR: blue\n`,
  'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: web-${i}}\nstringData:\n  password: s3cret\n`,
  'pvc.yaml': `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: web-${i}}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n`,
});

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'podwright-bench-ws-'));
for (let i = 0; i < APPS; i++) {
  mkdirSync(join(dir, `app-${i}`));
  for (const [name, text] of Object.entries(files(i))) writeFileSync(join(dir, `app-${i}`, name), text);
}
const uri = (p) => pathToFileURL(join(dir, p)).href;

// 1. The peer: podwright lint of the whole folder.
let t0 = performance.now();
const lint = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', '--quiet', dir], { encoding: 'utf8' });
const lintMs = performance.now() - t0;
if (lint.status === 2) throw new Error(`podwright lint failed: ${lint.stderr}`);

const child = spawn(process.execPath, [join(root, 'bin', 'podwright-language-server.js'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let indexed;
const indexedAt = new Promise((res) => (indexed = res));
conn.onNotification('window/logMessage', (p) => {
  if (p.message.includes('workspace indexed')) indexed(performance.now());
});
const waiters = [];
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  for (const w of waiters.splice(0)) if (!w(p)) waiters.push(w);
});
conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ diagnostics: { debounceMs: 0 } })));
conn.onRequest('client/registerCapability', () => null);
conn.listen();
t0 = performance.now();
await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
  capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
});
await conn.sendNotification('initialized', {});
const indexMs = (await indexedAt) - t0;
const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const published = (u, accept) => new Promise((res) => waiters.push((p) => p.uri === u && accept(p) && (res(p), true)));
const hasMissing = (p) => p.diagnostics.some((d) => d.code === 'config-key-missing');
const deployment = readFileSync(join(dir, 'app-0', 'deployment.yaml'), 'utf8');
const configmap = readFileSync(join(dir, 'app-0', 'configmap.yaml'), 'utf8');
const open = (p, text) => conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(p), languageId: 'yaml', version: 1, text } });
const first = published(uri('app-0/deployment.yaml'), () => true);
await open('app-0/deployment.yaml', deployment);
await first;
await open('app-0/configmap.yaml', configmap);

async function edits(file, texts, target, accept) {
  const times = [];
  let version = 1;
  for (let n = 0; n < WARMUP + EDITS; n++) {
    const text = texts[n % 2];
    const v = ++version;
    const wait = published(uri(target), (p) => accept(p, n % 2, v));
    const start = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version: v }, contentChanges: [{ text }] });
    await wait;
    if (n >= WARMUP) times.push(performance.now() - start);
  }
  return median(times);
}

// 2. An edit of the ConfigMap re-publishes the deployment; an edit of the deployment, itself.
const crossMs = await edits('app-0/configmap.yaml', [configmap.replace('GREETING', 'GREETNG'), configmap], 'app-0/deployment.yaml', (p, odd) => hasMissing(p) === (odd === 0));
const selfMs = await edits('app-0/deployment.yaml', [deployment.replace('8080', '8081'), deployment], 'app-0/deployment.yaml', (p, _odd, v) => p.version === v);

await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
rmSync(dir, { recursive: true, force: true });

const row = (what, ours, peer, peerName) => console.log(`${what.padEnd(44)} ${ours.toFixed(1).padStart(9)} ms   ${peerName.padEnd(30)} ${peer.toFixed(1).padStart(9)} ms   ratio ${(ours / peer).toFixed(2)}`);
console.log(`workspace: ${APPS * 5} files in ${APPS} folders, ${EDITS} edits after ${WARMUP} warm-up, debounce 0`);
row('index the folder (initialize → indexed)', indexMs, lintMs, 'podwright lint FOLDER');
row('edit configmap.yaml → deployment re-published', crossMs, selfMs, 'edit deployment.yaml → itself');
console.log(`server resident memory once indexed: ${rssMb.toFixed(0)} MB`);
