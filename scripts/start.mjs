// `npm start`: Podwright in VS Code in the browser (code-server, see environment.md), for trying it.
// Builds the extension, installs it into a profile under .cache/ as a .vsix would, starts code-server
// on 127.0.0.1 with the example workspace open, and prints the URL. Ctrl+C stops it.
//
//   PORT=8080 npm start          a fixed port (default: 8080 if free, else any free port)
// The page asks for a password generated at each start and printed with the URL.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, ensureCodeServer, freePort, ROOT, startCodeServer, writeUserSettings } from '../test/vscode/harness/codeServer.mjs';

const CACHE = join(ROOT, '.cache');
const PROFILE = join(CACHE, 'vscode-profile');
const WORKSPACE = join(CACHE, 'example-workspace');

function say(m) {
  console.log(`start: ${m}`);
}

async function portToUse() {
  if (process.env.PORT) return Number(process.env.PORT);
  // 8080 when nothing listens there: a URL people can remember.
  try {
    await fetch('http://127.0.0.1:8080/', { signal: AbortSignal.timeout(500) });
  } catch (e) {
    if (e?.cause?.code === 'ECONNREFUSED') return 8080;
  }
  return freePort();
}

/** Installs the built extension the way a .vsix install lays it out: <publisher>.<name>-<version>. */
function install(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const part of ['package.json', 'README.md', 'dist', 'schemas', 'snippets', 'docs']) {
    if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(target, part), { recursive: true });
  }
  return target;
}

async function main() {
  if (!existsSync(CODE_SERVER)) say('VS Code Server (code-server) is not installed yet: installing it with scripts/setup/vscode.sh');
  ensureCodeServer((m) => say(m));
  say('building the extension');
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--bundle-only'], { stdio: 'inherit' });
  if (b.status !== 0) throw new Error('the build failed');
  const extensionsDir = join(PROFILE, 'extensions');
  install(extensionsDir);
  // The example workspace is copied once, so fixing its port conflict does not change the repository.
  if (!existsSync(WORKSPACE)) cpSync(join(ROOT, 'test', 'workspace'), WORKSPACE, { recursive: true });
  // The example workspace lives inside this repository's .cache: do not offer to open the repository.
  writeUserSettings(join(PROFILE, 'user'), { 'workbench.startupEditor': 'readme', 'git.openRepositoryInParentFolders': 'never' });

  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (docker.status !== 0) say('note: the Docker engine is not answering; Run Pod needs it (see the README: sudo bash scripts/setup/docker.sh)');

  // A password only this terminal shows: anything on this machine can reach 127.0.0.1, and a VS Code
  // page runs commands. Workspace trust stays on: the example is trusted when the person says so.
  const password = randomBytes(18).toString('base64url');
  const server = await startCodeServer({ folder: WORKSPACE, userDataDir: join(PROFILE, 'user'), extensionsDir, port: await portToUse(), password, trust: false });
  const url = `${server.url}/?folder=${encodeURIComponent(WORKSPACE)}`;
  say(
    `Podwright is running in VS Code at\n\n    ${url}\n    password: ${password}\n\n` +
      `with the example workspace ${WORKSPACE} (Ctrl+C to stop).\n` +
      'VS Code asks whether you trust the workspace: it is a copy of test/workspace; trust it to run pods.',
  );
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const { code } = await server.exit;
  say(`code-server exited (${code}):\n${server.log().slice(-4000)}`);
  process.exit(1);
}

main().catch((e) => {
  console.error(`start: ${e.message}`);
  process.exit(1);
});
