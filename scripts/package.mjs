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
import { cpSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  ];
  // The extension records when its bundle starts evaluating, to split activation time in the tests.
  const banner = (out) => (out === 'dist/extension.js' ? { banner: { js: 'globalThis.__podwrightLoadStart=performance.now();' } } : {});
  await Promise.all(entries.map(([entry, outfile]) => build({ ...common, ...banner(outfile), entryPoints: [entry], outfile })));
  mkdirSync(join(dist, 'media'), { recursive: true });
  cpSync(join(root, 'client', 'media'), join(dist, 'media'), { recursive: true });
  for (const [, out] of entries) console.log(`package: ${out} ${(statSync(join(root, out)).size / 1024).toFixed(0)} KB`);
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
