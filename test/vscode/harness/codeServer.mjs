// VS Code in the browser for the tests and for `npm start`: code-server 4.100.3 (VS Code 1.100.3 on
// Node 20, see docs/architecture.md, Testing) on 127.0.0.1, and Debian's Chromium driven headless by
// playwright-core. Every process started here is killed by `stop()`, also on errors.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
export const CODE_SERVER = join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Installs code-server and Chromium with scripts/setup/vscode.sh when either is missing. */
export function ensureCodeServer(log = (m) => console.error(m)) {
  if (existsSync(CODE_SERVER) && existsSync(CHROMIUM)) return CODE_SERVER;
  log('code-server or Chromium is missing: running scripts/setup/vscode.sh (as root; 1-2 minutes)');
  const r = spawnSync('sh', [join(ROOT, 'scripts', 'setup', 'vscode.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(CODE_SERVER)) throw new Error('scripts/setup/vscode.sh failed: see its output above');
  return CODE_SERVER;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Settings of a fresh profile: no welcome page, tips, telemetry or update checks. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.startupPrompt': 'never',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on 127.0.0.1 and a free port; resolves once it answers /healthz.
 * `trust: false` keeps workspace trust on (folders open untrusted), for the trust tests and
 * `npm start`. `password`: the page asks for it (npm start, which serves a person for hours); the
 * tests' servers live for a minute and take none, so that the harness can open the workbench directly.
 */
export async function startCodeServer({ folder, userDataDir, extensionsDir, env = {}, trust = true, port, password }) {
  const bin = ensureCodeServer();
  port ??= await freePort();
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const args = [
    '--auth', password ? 'password' : 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? ['--disable-workspace-trust'] : []),
    folder,
  ];
  let output = '';
  // Its own process group, so that stop() ends the extension host and pty host with it.
  // The password goes through the environment, never the command line (which `ps` shows to everyone).
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, ...(password ? { PASSWORD: password } : {}) } });
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => ((exited = true), resolve({ code, signal }))));

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exit;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before answering:\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid: child.pid, log: () => output, stop, exit };
}

/** The workbench URL that opens `folder` with an extension under development (and a test suite). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  // The remote extension host resolves the suite as a module path, without `.js`.
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath.replace(/\.js$/, ''))]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
