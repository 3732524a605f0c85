// Bundles the extension with esbuild into dist/ and, unless --bundle-only, packs a .vsix with vsce.
//
//   node scripts/package.mjs --bundle-only   dist/ only (part of `npm run build`, so `npm ci` leaves
//                                            a loadable extension: package.json `main` is dist/)
//   node scripts/package.mjs                 dist/ minified + podwright-<version>.vsix, checked
//   node scripts/package.mjs --cli-to DIR    the CLI's files alone, into DIR (for a test)
//
// Separate bundles, so activation loads only what it needs:
//   dist/extension.js  activation, commands, tree glue, CodeLens (imports `vscode`)
//   dist/client.js     vscode-languageclient and its wiring, loaded right after activation returns
//   dist/manifest.js   the pods of a manifest (analysis/src/manifest.ts and the `yaml` parser), for
//                      the CodeLens and the commands
//   dist/runtime.js    the pod runtime and dockerode, required the first time the Pods view or a Run
//                      command needs the engine
//   dist/server.js     the language server, started as its own Node process
//   dist/workerMain.js the language server's worker threads, where documents are parsed and analysed
//   dist/supervisorMain.js  the detached process that keeps a pod's restarts and probes going
//   dist/controllerMain.js  the controller manager's background process
// and the CLI's, which the .vsix leaves out (.vscodeignore):
//   dist/cli.js        every `podwright` command, run by bin/podwright.js through dist/cliLoad.js with
//                      its V8 code cache, cli.js.cache (and validators-1.35.js.cache, the code cache
//                      of the schema validators lint loads from schemas/)
//   dist/supervisorLoad.js, dist/controllerLoad.js  what the CLI starts its background processes on:
//                      the two bundles above with caches of their own (supervisorMain.js.cache, …)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintSamplePod } from './lintSample.mjs';

const root = new URL('..', import.meta.url).pathname;
const bundleOnly = process.argv.includes('--bundle-only');
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
const VSIX_ALLOWED = /^(extension\/(dist|schemas|snippets|docs)\/|extension\/(package\.json|readme\.md|README\.md|LICENSE(\.txt)?|changelog\.md|CHANGELOG\.md)$|\[Content_Types\]\.xml$|extension\.vsixmanifest$)/;

// dockerode loads ssh2, gRPC and tar-fs at the top of its modules, for ssh:// engines, BuildKit
// sessions and build contexts that the runtime never uses: the bundles get the runtime's stand-ins
// for them instead, as runtime/src/dockerode.ts gives them to the unbundled code.
const unusedModules = {
  name: 'unused-modules',
  setup(b) {
    // Only where dockerode and docker-modem ask for them: another package keeps the real module.
    b.onResolve({ filter: /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|uuid|tar-fs|@balena\/dockerignore)$/ }, (args) =>
      /node_modules[\\/](dockerode|docker-modem)[\\/]/.test(args.importer) ? { path: args.path, namespace: 'unused-module' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'unused-module' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(join(root, 'runtime', 'src', 'unusedModules.ts'))}).UNUSED_MODULES[${JSON.stringify(args.path)}];`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/** The CLI's files: bin/podwright.js runs them (below the extension's, in `entries`). */
const CLI_ENTRIES = [
  // Every command in one file and the loader that gives it its code cache (written below).
  ['cli/src/cliBundle.ts', 'cli.js'],
  ['cli/src/cliLoad.ts', 'cliLoad.js'],
  // The loaders the CLI's background processes start on: the two bundles of the runtime's background
  // processes (the extension's too) with code caches of their own.
  ['cli/src/supervisorLoad.ts', 'supervisorLoad.js'],
  ['cli/src/controllerLoad.ts', 'controllerLoad.js'],
];
const BACKGROUND_ENTRIES = [
  // The runtime hands each pod to a detached supervisor, `supervisorMain.js` next to its own code.
  ['runtime/src/supervisorMain.ts', 'supervisorMain.js'],
  // The controller manager's background process, next to the runtime as well.
  ['runtime/src/controllerMain.ts', 'controllerMain.js'],
];

function esbuildOptions() {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: bundleOnly ? 'linked' : false,
    logLevel: 'warning',
    absWorkingDir: root,
    // ssh2 (via dockerode) tries optional native add-ons inside try/catch and falls back to JS.
    external: ['vscode', 'cpu-features', '*.node'],
    plugins: [unusedModules],
  };
}

async function bundle() {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const common = esbuildOptions();
  const entries = [
    ['client/src/extension/extension.ts', 'extension.js'],
    ['client/src/extension/languageClient.ts', 'client.js'],
    // The analysis' pods-of-a-manifest module alone: the CodeLens needs it, not the rules.
    ['analysis/src/manifest.ts', 'manifest.js'],
    ['client/src/extension/runtimeBridge.ts', 'runtime.js'],
    ...BACKGROUND_ENTRIES,
    ['server/src/main.ts', 'server.js'],
    // The server's worker threads (analysis; hover, completion, symbols), started beside server.js.
    ['server/src/workerMain.ts', 'workerMain.js'],
    ...CLI_ENTRIES,
  ];
  // The extension records when its bundle starts evaluating, to split activation time in the tests.
  const banner = (out) => (out === 'extension.js' ? { banner: { js: 'globalThis.__podwrightLoadStart=performance.now();' } } : {});
  await Promise.all(entries.map(([entry, out]) => build({ ...common, ...banner(out), ...cachedLoad(out), entryPoints: [entry], outfile: join(dist, out) })));
  mkdirSync(join(dist, 'media'), { recursive: true });
  cpSync(join(root, 'client', 'media'), join(dist, 'media'), { recursive: true });
  for (const [, out] of entries) console.log(`package: dist/${out} ${(statSync(join(dist, out)).size / 1024).toFixed(0)} KB`);
  codeCaches(dist);
}

/**
 * `--cli-to DIR`: the CLI's files alone, with their caches, in DIR (test/cli/cliBundle.test.ts runs
 * a bundle built from the sources just compiled, without touching this checkout's dist/).
 */
async function cliOnly(dist) {
  const common = esbuildOptions();
  const entries = [...BACKGROUND_ENTRIES, ...CLI_ENTRIES];
  await Promise.all(entries.map(([entry, out]) => build({ ...common, ...cachedLoad(out), entryPoints: [entry], outfile: join(dist, out) })));
  codeCaches(dist);
}

/**
 * The bundles cli/src/codeCache.ts loads from a code cache: each import() becomes a require (only
 * Node's own modules are imported so, runtime/src/images.ts), since a function taken from V8's cache
 * has lost the loader of import() (Node 20: "A dynamic import callback was not specified").
 */
const CACHED_BUNDLES = new Set(['cli.js', 'supervisorMain.js', 'controllerMain.js']);
function cachedLoad(out) {
  return CACHED_BUNDLES.has(out) ? { supported: { 'dynamic-import': false } } : {};
}

function codeCaches(dist) {
  cliCodeCache(dist);
  backgroundCodeCaches(dist);
}

/** What the training lint (cliCodeCache) reads: the lint bench's pods (lintSample.mjs), a Deployment, a Service, mistakes. */
const TRAINING_MANIFEST = [
  ...Array.from({ length: 60 }, (_, i) => lintSamplePod(i)),
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: registry.example/api:1
          envFrom:
            - configMapRef:
                name: api-config
`,
  `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: http
`,
  `apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers:
    - name: app
      image: nginx
      imagePullPolicy: Sometimes
      ports:
        - containerPort: 70000
      resources:
        limits:
          cpu: lots
      volumeMounts:
        - name: missing
          mountPath: relative
`,
].join('---\n');

/** The engine the training runs are given: a socket that does not exist, in their own folder. */
function noEngine(dir) {
  return `unix://${join(dir, 'no-engine.sock')}`;
}

/**
 * dist/cli.js.cache: V8's code of the functions that one process running a few commands compiles
 * (cliLoad.ts writes it as the process exits), so that every command, and each thread of lint, skips
 * parsing and compiling them. `lint` reads the training manifest; `ps` and `stop` (of a pod nobody
 * has, in a state folder of their own) load the runtime and dockerode as every pod command does,
 * and ask an engine that is not there (noEngine): the build neither needs nor touches the Docker
 * engine, and its cache does not depend on one. Caching the handling of the engine's answers too
 * made no difference above the noise (stop and ps, 25 runs each). Made by the Node that builds;
 * another Node refuses it and compiles as usual.
 */
function cliCodeCache(dist) {
  const cache = join(dist, 'cli.js.cache');
  rmSync(cache, { force: true });
  const dir = mkdtempSync(join(tmpdir(), 'podwright-cache-'));
  try {
    mkdirSync(join(dir, 'lint'));
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'lint', 'a.yaml'), TRAINING_MANIFEST);
    writeFileSync(join(dir, 'lint', 'b.yaml'), TRAINING_MANIFEST);
    const runs = [['--help'], ['--version'], ['lint', join(dir, 'lint')], ['ps'], ['stop', `podwright-code-cache-training-${process.pid}`]];
    const script = `const { main } = require(${JSON.stringify(join(dist, 'cliLoad.js'))});
      (async () => { for (const argv of ${JSON.stringify(runs)}) await main(argv); })();`;
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, PODWRIGHT_WRITE_CODE_CACHE: '1', PODWRIGHT_STATE_DIR: join(dir, 'state'), DOCKER_HOST: noEngine(dir) },
      encoding: 'utf8',
    });
    if (r.status !== 0 || !existsSync(cache)) throw new Error(`the training run for dist/cli.js.cache exited ${r.status}: ${r.stderr}`);
    // The lint must have run: it finds the mistakes of the training manifest.
    if (!r.stdout.includes('Bad_Name')) throw new Error(`the training lint for dist/cli.js.cache did not report: ${r.stdout}${r.stderr}`);
    console.log(`package: dist/cli.js.cache ${(statSync(cache).size / 1024).toFixed(0)} KB`);
    // The same run wrote the cache of the schema validators its lint loaded (cli/src/validatorsCache.ts).
    const validators = join(dist, 'validators-1.35.js.cache');
    if (!existsSync(validators)) throw new Error('the training run for dist/cli.js.cache wrote no dist/validators-1.35.js.cache');
    console.log(`package: dist/validators-1.35.js.cache ${(statSync(validators).size / 1024).toFixed(0)} KB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * dist/supervisorMain.js.cache and dist/controllerMain.js.cache, for the CLI's loaders of those
 * bundles (backgroundLoad.ts): each writes its cache once the process's synchronous start is done
 * and exits before the engine could answer. The supervisor is given the record of a pod nobody has
 * in a state folder of its own, so that it goes as far as a real one before its first engine call
 * (dockerode loaded and the client made): with no record it would stop before loading dockerode.
 */
function backgroundCodeCaches(dist) {
  for (const [loader, bundle] of [['supervisorLoad.js', 'supervisorMain.js'], ['controllerLoad.js', 'controllerMain.js']]) {
    const cache = join(dist, `${bundle}.cache`);
    rmSync(cache, { force: true });
    const dir = mkdtempSync(join(tmpdir(), 'podwright-cache-'));
    const uid = 'code-cache-training';
    writeFileSync(join(dir, `${uid}.json`), JSON.stringify({ uid, name: uid, namespace: 'default', containers: {}, events: [] }));
    try {
      const r = spawnSync(process.execPath, [join(dist, loader), uid], {
        env: { ...process.env, PODWRIGHT_WRITE_CODE_CACHE: '1', PODWRIGHT_STATE_DIR: dir, DOCKER_HOST: noEngine(dir) },
        encoding: 'utf8',
      });
      if (r.status !== 0 || !existsSync(cache)) throw new Error(`the training run for dist/${bundle}.cache exited ${r.status}: ${r.stderr}`);
      console.log(`package: dist/${bundle}.cache ${(statSync(cache).size / 1024).toFixed(0)} KB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function vsce(args) {
  const bin = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`vsce ${args[0]} failed (exit ${r.status})`);
  }
  return r.stdout;
}

async function main() {
  const cliTo = process.argv.indexOf('--cli-to');
  if (cliTo > 0) return cliOnly(resolve(process.argv[cliTo + 1]));
  await bundle();
  if (bundleOnly) return;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `podwright-${version}.vsix`);
  // Dependencies are bundled into dist/, so vsce must not add node_modules; no LICENSE file prompt.
  const listed = vsce(['ls', '--no-dependencies'])
    .split('\n')
    .filter(Boolean);
  const stray = listed.filter((f) => !VSIX_ALLOWED.test(`extension/${f}`));
  if (stray.length) throw new Error(`files outside dist/, schemas/, snippets/, docs/ would be packed:\n  ${stray.join('\n  ')}\n(see .vscodeignore)`);
  // The CLI's files stay out, every bundle of the extension goes in (.vscodeignore names them).
  const isCliFile = (f) => CLI_ENTRIES.some(([, out]) => f === `dist/${out}`) || f.endsWith('.cache');
  const packedCli = listed.filter(isCliFile);
  if (packedCli.length) throw new Error(`the CLI's files would be packed:\n  ${packedCli.join('\n  ')}\n(see .vscodeignore)`);
  const unpacked = readdirSync(join(root, 'dist'))
    .map((f) => `dist/${f}`)
    .filter((f) => f.endsWith('.js') && !isCliFile(f) && !listed.includes(f));
  if (unpacked.length) throw new Error(`bundles of the extension would be left out:\n  ${unpacked.join('\n  ')}\n(name them in .vscodeignore)`);
  // README links stay relative: docs/ is inside the package, where VS Code resolves them.
  vsce(['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out]);
  const size = statSync(out).size;
  console.log(`package: ${out} ${(size / 1024 / 1024).toFixed(2)} MB, ${listed.length} files`);
  if (size > MAX_VSIX_BYTES) throw new Error(`the .vsix is ${size} bytes, over the 3 MB budget`);
}

main().catch((e) => {
  console.error(`package: ${e.message}`);
  process.exit(1);
});
