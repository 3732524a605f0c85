// Bundles the extension with esbuild into dist/ and, unless --bundle-only, packs a .vsix with vsce.
//
//   node scripts/package.mjs --bundle-only   dist/ only (part of `npm run build`, so `npm ci` leaves
//                                            a loadable extension: package.json `main` is dist/)
//   node scripts/package.mjs                 dist/ minified + podwright-<version>.vsix, checked
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
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

async function bundle() {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const common = {
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
  const entries = [
    ['client/src/extension/extension.ts', 'dist/extension.js'],
    ['client/src/extension/languageClient.ts', 'dist/client.js'],
    // The analysis' pods-of-a-manifest module alone: the CodeLens needs it, not the rules.
    ['analysis/src/manifest.ts', 'dist/manifest.js'],
    ['client/src/extension/runtimeBridge.ts', 'dist/runtime.js'],
    // The runtime hands each pod to a detached supervisor, `supervisorMain.js` next to its own code.
    ['runtime/src/supervisorMain.ts', 'dist/supervisorMain.js'],
    // The controller manager's background process, next to the runtime as well.
    ['runtime/src/controllerMain.ts', 'dist/controllerMain.js'],
    ['server/src/main.ts', 'dist/server.js'],
    // The server's worker threads (analysis; hover, completion, symbols), started beside server.js.
    ['server/src/workerMain.ts', 'dist/workerMain.js'],
    // `podwright lint` in one file, and the loader that gives it its code cache (written below).
    ['cli/src/lintBundle.ts', 'dist/lint.js'],
    ['cli/src/lintLoad.ts', 'dist/lintLoad.js'],
  ];
  // The extension records when its bundle starts evaluating, to split activation time in the tests.
  const banner = (out) => (out === 'dist/extension.js' ? { banner: { js: 'globalThis.__podwrightLoadStart=performance.now();' } } : {});
  await Promise.all(entries.map(([entry, outfile]) => build({ ...common, ...banner(outfile), entryPoints: [entry], outfile })));
  mkdirSync(join(dist, 'media'), { recursive: true });
  cpSync(join(root, 'client', 'media'), join(dist, 'media'), { recursive: true });
  for (const [, out] of entries) console.log(`package: ${out} ${(statSync(join(root, out)).size / 1024).toFixed(0)} KB`);
  lintCodeCache();
}

/** What the training lint reads: pods as the lint bench writes them, a Deployment, a Service, mistakes. */
const TRAINING_POD = (i) => `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  initContainers:
    - name: migrate
      image: registry.example/app:1.${i % 7}
      command: ["sh", "-c", "echo migrate"]
    - name: proxy
      image: registry.example/proxy:2.1
      restartPolicy: Always
      ports:
        - containerPort: 15001
          name: proxy
  containers:
    - name: app
      image: registry.example/app:1.${i % 7}
      ports:
        - containerPort: 8080
          name: http
      env:
        - name: MODE
          value: production
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
      resources:
        requests:
          cpu: 100m
          memory: 64Mi
        limits:
          memory: 128Mi
      volumeMounts:
        - name: cache
          mountPath: /cache
    - name: metrics
      image: registry.example/metrics:0.${i % 3}
      ports:
        - containerPort: 9090
  volumes:
    - name: cache
      emptyDir: {}
`;
const TRAINING_MANIFEST = [
  ...Array.from({ length: 60 }, (_, i) => TRAINING_POD(i)),
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

/**
 * dist/lint.js.cache: V8's code of the functions a training lint compiles (the
 * loader's cachedData, cli/src/codeCache.ts), so that each thread of `podwright lint` skips parsing
 * and compiling them. Made by the Node that builds; another Node refuses it and compiles as usual.
 */
function lintCodeCache() {
  rmSync(join(root, 'dist', 'lint.js.cache'), { force: true });
  const dir = mkdtempSync(join(tmpdir(), 'podwright-cache-'));
  try {
    writeFileSync(join(dir, 'a.yaml'), TRAINING_MANIFEST);
    writeFileSync(join(dir, 'b.yaml'), TRAINING_MANIFEST);
    // bin/podwright.js takes the bundle just made (it is newer than out/).
    const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', dir], {
      env: { ...process.env, PODWRIGHT_WRITE_CODE_CACHE: '1', PODWRIGHT_NO_BUNDLE: '' },
      encoding: 'utf8',
    });
    if (r.status !== 1) throw new Error(`the training lint for the code cache exited ${r.status}: ${r.stderr}`);
    console.log(`package: dist/lint.js.cache ${(statSync(join(root, 'dist', 'lint.js.cache')).size / 1024).toFixed(0)} KB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
