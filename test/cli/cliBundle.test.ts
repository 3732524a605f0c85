// The CLI as bin/podwright.js runs it after `npm run build`: dist/cli.js through its loader and code
// cache, and the background processes started on dist/supervisorLoad.js. The bundle is built here
// from the sources just compiled (`scripts/package.mjs --cli-to`), into a folder of its own with no
// out/, so bin/podwright.js takes it; the same command through out/ must say the same. The folder is
// inside this checkout (under out/), so the bundle finds the package's schemas and rule pages as
// dist/ does.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NETWORK_LABEL } from '../../runtime/src/network';
import { engine, uniqueName } from '../runtime/helpers';

const ROOT = join(__dirname, '..', '..', '..');
let built: string;
let work: string;

before(() => {
  built = mkdtempSync(join(ROOT, 'out', 'clibundle-'));
  work = mkdtempSync(join(tmpdir(), 'podwright-clibundle-work-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--cli-to', join(built, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  mkdirSync(join(built, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'podwright.js'), join(built, 'bin', 'podwright.js'));
});

after(() => {
  rmSync(built, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `podwright ARGS` through the bundle (the built folder) or through out/ (this checkout, no bundle). */
function podwright(through: 'bundle' | 'out', args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const bin = through === 'bundle' ? join(built, 'bin', 'podwright.js') : join(ROOT, 'bin', 'podwright.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, PODWRIGHT_NO_BUNDLE: through === 'out' ? '1' : '', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const BAD_POD = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: registry.example/app:1
      imagePullPolicy: Sometimes
      ports:
        - containerPort: 70000
`;

test('the bundle loads with its code cache, and its background loaders with theirs', () => {
  const r = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(join(built, 'dist', 'cliLoad.js'))}).cacheRejected()))`], { encoding: 'utf8' });
  assert.equal(r.stdout, 'false', r.stderr);
  // A supervisor given a pod nobody has loads, finds nothing to do and exits quietly.
  const state = mkdtempSync(join(tmpdir(), 'podwright-clibundle-state-'));
  try {
    const s = spawnSync(process.execPath, [join(built, 'dist', 'supervisorLoad.js'), 'no-such-uid'], { encoding: 'utf8', env: { ...process.env, PODWRIGHT_STATE_DIR: state } });
    assert.deepEqual({ status: s.status, err: s.stderr }, { status: 0, err: '' });
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('a command through the bundle says what it says through out/', async () => {
  const dir = join(work, 'manifests');
  mkdirSync(dir);
  for (let i = 0; i < 4; i++) writeFileSync(join(dir, `pod-${i}.yaml`), BAD_POD(`Bad_${i}`));
  const state = mkdtempSync(join(tmpdir(), 'podwright-clibundle-state-'));
  try {
    const cases: [string[], NodeJS.ProcessEnv?][] = [
      [[]],
      [['--help']],
      [['--version']],
      [['run', '--help']],
      [['frobnicate']],
      [['lint', join(dir, 'pod-0.yaml')]],
      // Two threads: a worker thread started on the bundle's loader lints half the files.
      [['lint', '--jobs', '2', '--format', 'json', dir]],
      // The runtime and dockerode, loaded from the bundle; engine down or not, both say the same.
      [['stop', uniqueName('no-such-pod')], { PODWRIGHT_STATE_DIR: state }],
    ];
    for (const [args, env] of cases) {
      const bundled = await podwright('bundle', args, env);
      const compiled = await podwright('out', args, env);
      assert.deepEqual(bundled, compiled, `podwright ${args.join(' ')}`);
    }
    // Not an empty agreement: lint found the mistakes, through both.
    const lint = await podwright('bundle', ['lint', join(dir, 'pod-0.yaml')]);
    assert.equal(lint.code, 1);
    assert.match(lint.out, /pod-0\.yaml:4:9: error invalid-name metadata\.name/);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('a pod run through the bundle is supervised from dist/supervisorLoad.js: its container is restarted', { timeout: 90_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'podwright-clibundle-state-'));
  const name = uniqueName('clibundle');
  const env = { PODWRIGHT_STATE_DIR: state, PODWRIGHT_BACKOFF_MS: '200,400' };
  t.after(async () => {
    await podwright('bundle', ['stop', '--force', name], env);
    // The default namespace's network stays with its cluster, this state folder: it goes with it
    // (the engine has address pools for about 30 networks).
    const networks = await engine().listNetworks({ filters: { label: [`${NETWORK_LABEL.stateDir}=${state}`] } });
    for (const n of networks) await engine().getNetwork(n.Id).remove();
    rmSync(state, { recursive: true, force: true });
  });
  const file = join(work, `${name}.yaml`);
  // Runs a second, then exits 0: Running when `run` returns, restarted by the supervisor after.
  writeFileSync(
    file,
    `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: podwright-test/busybox:1
      imagePullPolicy: Never
      command: ["sleep", "1"]
`,
  );
  const run = await podwright('bundle', ['run', file], env);
  assert.equal(run.code, 0, run.out + run.err);
  // The pod's record, the one file of this state folder's pods.
  const records = readdirSync(state).filter((f) => f.endsWith('.json'));
  assert.equal(records.length, 1, records.join(', '));
  const record = JSON.parse(readFileSync(join(state, records[0]), 'utf8')) as { supervisorPid?: number };
  assert.ok(record.supervisorPid, 'the run recorded its supervisor');
  assert.match(readFileSync(`/proc/${record.supervisorPid}/cmdline`, 'utf8'), /dist\/supervisorLoad\.js\0/);
  const deadline = Date.now() + 30_000;
  let restarts = 0;
  while (restarts < 1 && Date.now() < deadline) {
    const ps = JSON.parse((await podwright('bundle', ['ps', '--format', 'json'], env)).out) as { pods: { name: string; restarts: number }[] };
    restarts = ps.pods.find((p) => p.name === name)?.restarts ?? 0;
  }
  assert.ok(restarts >= 1, 'the supervisor restarted the container within 30 s');
  const stop = await podwright('bundle', ['stop', name], env);
  assert.equal(stop.code, 0, stop.out + stop.err);
});
