// Runs the tests inside real VS Code (code-server in headless Chromium, see environment.md):
//   1. the extension-host suite (test/vscode/suite, mocha, the real `vscode` API), reported through
//      `codeAutomationExit` as VS Code's own browser integration tests are;
//   2. the UI test (test/vscode/ui), which uses the product as a person would and keeps screenshots
//      under test-results/.
// Each part gets its own code-server on a free port with a fresh profile and a temporary copy of its
// workspace; code-server and Chromium are always stopped. Exit 0 only when everything passed.
//
//   node scripts/test-vscode.mjs [--suite-only|--ui-only] [--grep TEXT] [--files NAME,...]
//   node scripts/test-vscode.mjs --desktop[=VERSION]   the same extension-host suite in VS Code
//       desktop through @vscode/test-electron: VERSION defaults to 1.100.3 (the oldest supported),
//       `stable` for the newest; VSCODE_EXECUTABLE points at an installed one instead of downloading
//       (the download needs update.code.visualstudio.com, unreachable on these machines).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, ROOT, startCodeServer, workbenchUrl, writeUserSettings } from '../test/vscode/harness/codeServer.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--suite-only') ? 'suite' : argv.includes('--ui-only') ? 'ui' : undefined;
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const filesAt = argv.indexOf('--files');
/** `--files pods,snippets`: only those suite files (test/vscode/suite/<name>.test.ts). */
const files = filesAt >= 0 ? argv[filesAt + 1] : undefined;
const desktopArg = argv.find((a) => a === '--desktop' || a.startsWith('--desktop='));
const desktopVersion = desktopArg ? (desktopArg.split('=')[1] ?? '1.100.3') : undefined;
const SUITE_TIMEOUT_MS = 8 * 60_000;
const OUT = join(ROOT, 'out', 'vscode-test');
const RESULTS = join(ROOT, 'test-results');

function step(message) {
  console.log(`test-vscode: ${message}`);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Type-checks the in-VS Code tests and bundles each suite file (vscode and mocha stay external). */
async function compile() {
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'test', 'vscode')]);
  rmSync(OUT, { recursive: true, force: true });
  const dir = join(ROOT, 'test', 'vscode', 'suite');
  const entries = readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await build({
    entryPoints: entries.map((f) => join(dir, f)),
    outdir: join(OUT, 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  // The extension itself: package.json `main` is dist/extension.js.
  run(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--bundle-only']);
}

function workspaceCopy(tmp, from) {
  const ws = join(tmp, 'workspace');
  cpSync(from, ws, { recursive: true });
  return ws;
}

/**
 * The extension-host suite. `untrusted`: workspace trust stays on, so the folder opens in Restricted
 * Mode, and its settings try to move the Docker host and the publish address.
 */
async function runSuite(tmp, { untrusted = false } = {}) {
  const folder = workspaceCopy(tmp, join(ROOT, 'test', 'vscode', 'fixtures'));
  if (untrusted) {
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(
      join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ 'podwright.docker.host': 'unix:///tmp/untrusted-docker.sock', 'podwright.ports.publishAddress': '0.0.0.0' }),
    );
  }
  const report = join(tmp, 'report.txt');
  writeUserSettings(join(tmp, 'user'));
  const server = await startCodeServer({
    folder,
    userDataDir: join(tmp, 'user'),
    extensionsDir: join(tmp, 'extensions'),
    trust: !untrusted,
    env: { PODWRIGHT_VSCODE_REPORT: report, PODWRIGHT_VSCODE_SCREENSHOTS: '1', ...(untrusted ? { PODWRIGHT_VSCODE_UNTRUSTED: '1' } : {}), ...(grep ? { PODWRIGHT_VSCODE_GREP: grep } : {}), ...(files ? { PODWRIGHT_VSCODE_FILES: files } : {}) },
  });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const console_ = [];
    page.on('console', (m) => console_.push(`[${m.type()}] ${m.text()}`));
    let exitCode;
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => {
        exitCode = code;
        resolve(code);
      });
    });
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath: ROOT, extensionTestsPath: join(OUT, 'suite', 'index.js') });
    step(`extension-host suite${untrusted ? ' (untrusted workspace)' : ''} in code-server at ${server.url}`);
    await page.goto(url);
    // A suite test asks for a screenshot by writing its name next to the report (helpers.screenshot);
    // the file is removed once the picture is in test-results/.
    const shotRequest = `${report}.screenshot`;
    let shooting = false;
    const shots = setInterval(() => {
      if (shooting || !existsSync(shotRequest)) return;
      const name = readFileSync(shotRequest, 'utf8').trim();
      mkdirSync(RESULTS, { recursive: true });
      shooting = true;
      void page
        .screenshot({ path: join(RESULTS, name) })
        .catch((e) => console.error(`test-vscode: screenshot ${name} failed: ${e.message}`))
        .finally(() => {
          rmSync(shotRequest, { force: true });
          step(`screenshot test-results/${name}`);
          shooting = false;
        });
    }, 200);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
    const outcome = await Promise.race([exited, timeout]).finally(() => clearInterval(shots));
    if (existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
    if (outcome === 'timeout') {
      mkdirSync(RESULTS, { recursive: true });
      const shot = `vscode-suite${untrusted ? '-untrusted' : ''}-timeout.png`;
      await page.screenshot({ path: join(RESULTS, shot) }).catch(() => undefined);
      console.error(`test-vscode: the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (screenshot test-results/${shot})`);
      console.error(`--- code-server log ---\n${server.log().slice(-8000)}\n--- browser console ---\n${console_.slice(-80).join('\n')}`);
      return false;
    }
    if (exitCode !== 0) {
      if (!existsSync(report)) console.error(`--- code-server log ---\n${server.log().slice(-8000)}\n--- browser console ---\n${console_.slice(-80).join('\n')}`);
      console.error(`test-vscode: extension-host suite${untrusted ? ' (untrusted)' : ''} FAILED (exit code ${exitCode})`);
      return false;
    }
    step(`extension-host suite${untrusted ? ' (untrusted workspace)' : ''} passed`);
    return true;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/** The suite in VS Code desktop (Electron), trusted then untrusted, as in code-server. */
async function runDesktop(tmp, version) {
  const { runTests } = await import('@vscode/test-electron');
  let ok = true;
  for (const untrusted of [false, true]) {
    const dir = join(tmp, untrusted ? 'desktop-untrusted' : 'desktop');
    const folder = workspaceCopy(dir, join(ROOT, 'test', 'vscode', 'fixtures'));
    if (untrusted) {
      mkdirSync(join(folder, '.vscode'), { recursive: true });
      writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'podwright.docker.host': 'unix:///tmp/untrusted-docker.sock', 'podwright.ports.publishAddress': '0.0.0.0' }));
    }
    writeUserSettings(join(dir, 'user'));
    const report = join(dir, 'report.txt');
    step(`extension-host suite${untrusted ? ' (untrusted workspace)' : ''} in VS Code desktop ${process.env.VSCODE_EXECUTABLE ?? version}`);
    try {
      await runTests({
        ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version }),
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: join(OUT, 'suite', 'index.js'),
        extensionTestsEnv: { PODWRIGHT_VSCODE_REPORT: report, ...(untrusted ? { PODWRIGHT_VSCODE_UNTRUSTED: '1' } : {}), ...(grep ? { PODWRIGHT_VSCODE_GREP: grep } : {}) },
        launchArgs: [folder, '--user-data-dir', join(dir, 'user'), '--extensions-dir', join(dir, 'extensions'), '--disable-extensions', ...(untrusted ? [] : ['--disable-workspace-trust'])],
      });
    } catch (e) {
      console.error(`test-vscode: VS Code desktop run failed: ${e.message ?? e}`);
      ok = false;
    }
    if (existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
  }
  return ok;
}

async function runUi(tmp) {
  const ui = join(ROOT, 'test', 'vscode', 'ui', 'ui.mjs');
  if (!existsSync(ui)) return true;
  const { runUiTest } = await import(ui);
  return runUiTest({ tmp, results: RESULTS, step });
}

/**
 * One run at a time on a machine: the UI test runs real pods with fixed names and host ports, and
 * two code-servers with Chromium on two cores make each other time out. Re-executes itself under
 * flock(1) (util-linux) when it is available.
 */
function serialise() {
  if (process.env.PODWRIGHT_VSCODE_LOCKED === '1') return;
  const probe = spawnSync('flock', ['--version'], { stdio: 'ignore' });
  if (probe.status !== 0) return;
  const r = spawnSync('flock', ['/tmp/podwright-test-vscode.lock', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PODWRIGHT_VSCODE_LOCKED: '1' },
  });
  process.exit(r.status ?? 1);
}

async function main() {
  serialise();
  const t0 = Date.now();
  await compile();
  const tmp = mkdtempSync(join(tmpdir(), 'podwright-vscode-'));
  let ok = true;
  try {
    if (desktopVersion) {
      ok = await runDesktop(tmp, desktopVersion);
    } else {
      if (only !== 'ui') ok = (await runSuite(join(tmp, 'suite'))) && ok;
      if (only !== 'ui') ok = (await runSuite(join(tmp, 'untrusted'), { untrusted: true })) && ok;
      if (only !== 'suite') ok = (await runUi(join(tmp, 'ui'))) && ok;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  finish(ok, t0);
}

function finish(ok, t0) {
  console.log(`test-vscode: ${ok ? 'PASS' : 'FAIL'} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`test-vscode: ${e.stack ?? e}`);
  process.exit(1);
});
