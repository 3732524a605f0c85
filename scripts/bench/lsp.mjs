// Language server at typing speed: podwright-language-server against yaml-language-server 1.19
// (the Red Hat YAML server) given the Kubernetes 1.35 Pod schema from a local file.
//
// 1. Re-analysis after an edit: a 2,000-line file of 50 multi-container pods is open; one
//    containerPort is changed back and forth; the time from sending didChange to the diagnostics
//    arriving is measured, median of many edits after a warm-up. Debounce is 0 for both servers:
//    podwright through its `podwright.diagnostics.debounceMs` setting; yaml-language-server has
//    no setting for its fixed 200 ms validation delay, so it is started through a small wrapper
//    that sets `validationDelayMs` to 0 before the server starts.
// 2. Memory: resident size (VmRSS) of each server process with 200 such files open, once every
//    file's diagnostics have arrived.
// 3. What a person feels, each server with its own delay: podwright with its default debounce,
//    yaml-language-server with its fixed 200 ms. Felt latency of a single edit after a pause (from
//    the keystroke to the diagnostics of that text), and of typing bursts: ten characters typed at a
//    steady gap into an image tag, the time from the last keystroke to the diagnostics of the whole
//    word, and how many times diagnostics were published for the file during the burst.
//
//   npm run bench lsp
//   node scripts/bench/lsp.mjs --felt               only section 3 (about a minute)
//   node scripts/bench/lsp.mjs --felt --root DIR    the podwright of another checkout (built)
//
// yaml-language-server never reaches the network here: `yaml.schemaStore.enable` is false and the
// schema is mapped to the files with `yaml.schemas` from a file:// URI.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const here = new URL('../..', import.meta.url).pathname;
const rootArg = process.argv.indexOf('--root');
/** The checkout whose podwright is measured; yaml-language-server and the schema are this one's. */
const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : here;
const PODS = 50;
const EDITS = 40;
const WARMUP = 8;
const OPEN_FILES = 200;
const TYPED = '-alpine3.2';
const GAPS = [40, 60, 100, 150];
const BURSTS = 3;
const SINGLE_EDITS = 12;

function pod(i) {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
spec:
  volumes:
  - name: data
    emptyDir: {}
  - name: config
    configMap:
      name: cfg-${i}
  initContainers:
  - name: proxy
    image: registry.example.com/proxy:2.${i}
    restartPolicy: Always
    ports:
    - name: admin
      containerPort: 9901
  containers:
  - name: app
    image: registry.example.com/app:1.${i}
    ports:
    - name: http
      containerPort: 8080
    volumeMounts:
    - name: data
      mountPath: /data
    readinessProbe:
      httpGet:
        port: http
    resources:
      requests: {cpu: 100m, memory: 128Mi}
  - name: metrics
    image: registry.example.com/metrics:0.${i}
    ports:
    - name: metrics
      containerPort: 9090
    volumeMounts:
    - name: config
      mountPath: /etc/metrics
`;
}

const TEXT = Array.from({ length: PODS }, (_, i) => pod(i)).join('---\n');
const LINES = TEXT.split('\n');
// The edited line: pod 25's app containerPort.
const EDIT_LINE = LINES.findIndex((l, i) => l === '      containerPort: 8080' && i > LINES.indexOf('  name: web-25'));
const EDIT_CHAR = '      containerPort: 808'.length;
// The typed line: pod 30's app image, typed onto the end of its tag.
const TYPE_LINE = LINES.indexOf('    image: registry.example.com/app:1.30');
const TYPE_CHAR = LINES[TYPE_LINE].length;

function podSchemaFile(dir) {
  // A draft-07 schema whose root is the Pod, with every definition of the shipped 1.35 schema.
  const shipped = JSON.parse(readFileSync(join(here, 'schemas', 'kubernetes-1.35.json'), 'utf8'));
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $ref: '#/definitions/io.k8s.api.core.v1.Pod', definitions: shipped.definitions };
  const file = join(dir, 'pod-1.35.schema.json');
  writeFileSync(file, JSON.stringify(schema));
  return pathToFileURL(file).href;
}

function yamlLsWrapper(dir) {
  // yaml-language-server's validation delay is a fixed 200 ms field of its settings object; this
  // makes it 0 (for the bench only) and then starts the unmodified server.
  const file = join(dir, 'yaml-ls-no-delay.cjs');
  const ls = join(here, 'node_modules', 'yaml-language-server');
  writeFileSync(
    file,
    `const { SettingsState } = require(${JSON.stringify(join(ls, 'out/server/src/yamlSettings.js'))});
Object.defineProperty(SettingsState.prototype, 'validationDelayMs', { get() { return 0; }, set() {}, configurable: true });
require(${JSON.stringify(join(ls, 'bin/yaml-language-server'))});
`,
  );
  return file;
}

class Client {
  constructor(name, args, sections) {
    this.name = name;
    this.child = spawn(process.execPath, args, { cwd: here, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', () => undefined);
    this.conn = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.waiters = [];
    this.listeners = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const now = performance.now();
      for (const l of this.listeners) l(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && (w.version === undefined || p.version === w.version) && (!w.accept || w.accept(p)));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve({ at: now, p });
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => sections[i.section] ?? {}));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.listen();
    this.sections = sections;
  }
  async init() {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.sections });
  }
  next(uri, version, accept) {
    return new Promise((resolve) => this.waiters.push({ uri, version, accept, resolve }));
  }
  open(uri, text, version = 1) {
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }
  change(uri, version, line, character, length, newText) {
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + length } }, text: newText }],
    });
  }
  rss() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
  }
  async stop() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    setTimeout(() => this.child.kill(), 1000).unref();
    this.conn.dispose();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The server publishes with `version` (podwright) or without it (yaml-language-server): match either. */
async function editLatency(client, dir, versioned) {
  const uri = pathToFileURL(join(dir, `${client.name}-edit.yaml`)).href;
  const first = client.next(uri, versioned ? 1 : undefined);
  client.open(uri, TEXT);
  await first;
  const times = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const version = i + 2;
    const wait = client.next(uri, versioned ? version : undefined);
    const t0 = performance.now();
    client.change(uri, version, EDIT_LINE, EDIT_CHAR, 1, i % 2 ? '0' : '1');
    const { at } = await wait;
    if (i >= WARMUP) times.push(at - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

async function memory(client, dir, versioned) {
  const waits = [];
  for (let i = 0; i < OPEN_FILES; i++) {
    const uri = pathToFileURL(join(dir, `${client.name}-mem-${i}.yaml`)).href;
    waits.push(client.next(uri, versioned ? 1 : undefined));
    client.open(uri, TEXT.replaceAll('name: web-', `name: f${i}-web-`));
  }
  const t0 = performance.now();
  await Promise.all(waits);
  const seconds = (performance.now() - t0) / 1000;
  return { rss: client.rss(), seconds };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Felt latency with the server's own delay. `versioned`: podwright publishes with the version, so
 * the diagnostics of the final text are known; yaml-language-server does not, and its first publish
 * after the last keystroke is taken (its 200 ms delay is longer than any gap typed here, so that
 * publish is for the whole word).
 */
async function feltLatency(client, dir, versioned, label) {
  const uri = pathToFileURL(join(dir, `${client.name}-${label}-felt.yaml`)).href;
  const first = client.next(uri, versioned ? 1 : undefined);
  client.open(uri, TEXT);
  await first;
  let version = 1;
  const single = [];
  for (let i = 0; i < SINGLE_EDITS + 2; i++) {
    version++;
    const wait = client.next(uri, versioned ? version : undefined);
    const t0 = performance.now();
    client.change(uri, version, EDIT_LINE, EDIT_CHAR, 1, i % 2 ? '0' : '1');
    const { at } = await wait;
    if (i >= 2) single.push(at - t0);
    await sleep(300); // a pause: the next edit is a new one, not part of a burst
  }
  const bursts = [];
  for (const gap of GAPS) {
    const felt = [];
    const published = [];
    for (let b = 0; b < BURSTS; b++) {
      let count = 0;
      const counter = (p) => {
        if (p.uri === uri) count++;
      };
      client.listeners.push(counter);
      const last = version + TYPED.length;
      let lastSent = 0;
      const final = versioned ? client.next(uri, last) : undefined;
      for (let k = 0; k < TYPED.length; k++) {
        version++;
        client.change(uri, version, TYPE_LINE, TYPE_CHAR + k, 0, TYPED[k]);
        lastSent = performance.now();
        if (k < TYPED.length - 1) await sleep(gap);
      }
      const { at } = await (final ?? client.next(uri, undefined));
      felt.push(at - lastSent);
      await sleep(400); // nothing more is published for this burst
      client.listeners = client.listeners.filter((l) => l !== counter);
      published.push(count);
      // Back to the original tag, and its diagnostics, before the next burst.
      version++;
      const back = client.next(uri, versioned ? version : undefined);
      client.change(uri, version, TYPE_LINE, TYPE_CHAR, TYPED.length, '');
      await back;
      await sleep(300);
    }
    bursts.push({ gap, felt: median(felt), published: median(published) });
  }
  return { single: median(single), bursts };
}

/** Proves the server validates against the schema: an unknown field must be reported. */
async function schemaApplied(client, dir, versioned) {
  const uri = pathToFileURL(join(dir, `${client.name}-check.yaml`)).href;
  // yaml-language-server pulls its settings after didChangeConfiguration and re-validates open
  // documents when they arrive: wait for the diagnostics that show the schema at work.
  const found = (p) => p.diagnostics.some((d) => d.range.start.line === 21 && /imagePullPolice/.test(d.message));
  const wait = client.next(uri, undefined, found);
  client.open(uri, pod(0).replace('    image: registry.example.com/app:1.0\n', '    image: registry.example.com/app:1.0\n    imagePullPolice: Always\n'));
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`${client.name} did not report the unknown field within 30 s: is the schema applied?`)), 30000).unref());
  await Promise.race([wait, timeout]);
}

async function felt(name, args, sections, versioned, dir, label) {
  const client = new Client(name, args, sections);
  await client.init();
  await schemaApplied(client, dir, versioned);
  const result = await feltLatency(client, dir, versioned, label);
  await client.stop();
  return result;
}

async function run(name, args, sections, versioned, dir) {
  const edit = new Client(name, args, sections);
  await edit.init();
  await schemaApplied(edit, dir, versioned);
  const latency = await editLatency(edit, dir, versioned);
  await edit.stop();
  const mem = new Client(name, args, sections);
  await mem.init();
  await schemaApplied(mem, dir, versioned);
  const baseline = mem.rss();
  const m = await memory(mem, dir, versioned);
  await mem.stop();
  return { latency, baseline, ...m };
}

const dir = mkdtempSync(join(tmpdir(), 'podwright-lsp-bench-'));
try {
  const schemaUri = podSchemaFile(dir);
  const podwrightArgs = [join(root, 'bin', 'podwright-language-server.js'), '--stdio'];
  const yamlSections = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      schemas: { [schemaUri]: '*.yaml' },
    },
    http: {},
    '[yaml]': {},
    editor: {},
    files: {},
  };
  const mb = (b) => (b / (1024 * 1024)).toFixed(0);
  const ms = (x) => x.toFixed(1);
  // `--felt` measures only what a person feels (section 3), in about a minute and a half.
  if (!process.argv.includes('--felt')) {
    const podwright = await run('podwright', podwrightArgs, { podwright: { diagnostics: { debounceMs: 0 } } }, true, dir);
    const yamlls = await run('yamlls', [yamlLsWrapper(dir), '--stdio'], yamlSections, false, dir);
    console.log(`file: ${LINES.length} lines, ${PODS} pods with 3 containers each, ${(TEXT.length / 1024).toFixed(0)} KiB; edit: one containerPort, ${EDITS} edits after ${WARMUP} warm-up`);
    console.log('both servers checked to report an unknown field (imagePullPolice) against the 1.35 schema before timing');
    console.log('debounce 0 for both (yaml-language-server through a wrapper: it has no setting for its 200 ms delay)');
    console.log('');
    console.log('| measure                                  | podwright | yaml-language-server 1.19 | ratio |');
    console.log('|------------------------------------------|----------:|--------------------------:|------:|');
    console.log(`| didChange → diagnostics, median (ms)     | ${ms(podwright.latency.median).padStart(9)} | ${ms(yamlls.latency.median).padStart(25)} | ${(yamlls.latency.median / podwright.latency.median).toFixed(1).padStart(4)}× |`);
    console.log(`| didChange → diagnostics, min–max (ms)    | ${`${ms(podwright.latency.min)}–${ms(podwright.latency.max)}`.padStart(9)} | ${`${ms(yamlls.latency.min)}–${ms(yamlls.latency.max)}`.padStart(25)} |       |`);
    console.log(`| RSS at start (MiB)                       | ${mb(podwright.baseline).padStart(9)} | ${mb(yamlls.baseline).padStart(25)} |       |`);
    console.log(`| RSS with ${OPEN_FILES} files open (MiB)            | ${mb(podwright.rss).padStart(9)} | ${mb(yamlls.rss).padStart(25)} | ${(yamlls.rss / podwright.rss).toFixed(1).padStart(4)}× |`);
    console.log(`| time to diagnose ${OPEN_FILES} opened files (s)    | ${podwright.seconds.toFixed(1).padStart(9)} | ${yamlls.seconds.toFixed(1).padStart(25)} | ${(yamlls.seconds / podwright.seconds).toFixed(1).padStart(4)}× |`);
    const ratio = yamlls.latency.median / podwright.latency.median;
    console.log(`\nre-analysis target ≥ 5× faster: ${ratio >= 5 ? 'met' : 'NOT met'} (${ratio.toFixed(1)}×)`);
  }

  // No debounce setting: each server's default delay.
  const feltNew = await felt('podwright', podwrightArgs, { podwright: {} }, true, dir, 'default');
  const yamllsBin = join(here, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  const feltYamlls = await felt('yamlls', [yamllsBin, '--stdio'], yamlSections, false, dir, 'default');
  console.log(`\npodwright: ${root}`);
  console.log(`felt latency, each server with its own delay (single edit: median of ${SINGLE_EDITS}; typing '${TYPED}': ${TYPED.length} keystrokes at a steady gap, median of ${BURSTS} bursts)`);
  console.log('');
  console.log('| measure                                          | podwright, default debounce | yaml-language-server 1.19 (200 ms) |');
  console.log('|--------------------------------------------------|----------------------------:|-----------------------------------:|');
  console.log(`| single edit → diagnostics (ms)                   | ${ms(feltNew.single).padStart(27)} | ${ms(feltYamlls.single).padStart(34)} |`);
  feltNew.bursts.forEach((n, i) => {
    const y = feltYamlls.bursts[i];
    console.log(`| typing, ${String(n.gap).padStart(3)} ms gaps: last key → diagnostics (ms) | ${ms(n.felt).padStart(27)} | ${ms(y.felt).padStart(34)} |`);
    console.log(`| typing, ${String(n.gap).padStart(3)} ms gaps: publishes per burst        | ${String(n.published).padStart(27)} | ${String(y.published).padStart(34)} |`);
  });
  const ok = feltNew.single <= 100 && feltNew.bursts.every((b) => b.felt <= 100);
  console.log(`\nfelt latency target ≤ 100 ms at the default debounce: ${ok ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
