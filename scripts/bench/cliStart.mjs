// Start-up of the `podwright` commands and of the background processes they spawn, measured as a
// user meets it: a child process, wall clock from spawn to exit, and its CPU (user+sys, every
// thread) read by a preloaded probe as the process exits.
//
//   npm run bench cliStart                           this checkout
//   node scripts/bench/cliStart.mjs --against DIR    this checkout and another (built), interleaved
//   BENCH_CASES=stop,lint ...                        only those cases
//   ... --engine                                     also `run F` then `stop NAME` of a busybox
//                                                    pod on the engine (10 rounds)
//
// The background processes (a pod's supervisor, the controller manager) are timed to their first
// turn of the event loop: everything loaded and the synchronous start done, the first engine call
// sent and not answered.
// They start from the file the checkout's CLI would spawn: the CLI bundle's loaders when the bundle
// is fresh, else out/runtime/src. Peer: the other checkout (no other CLI runs pods this way).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? resolve(process.argv[i + 1]) : undefined;
};
const root = new URL('../..', import.meta.url).pathname;
const against = arg('--against');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const ENGINE_ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 10);
const tmp = mkdtempSync(join(tmpdir(), 'podwright-clistart-'));
const cpuFile = join(tmp, 'cpu');
const probe = join(tmp, 'probe.cjs');
// The probe: CPU of the whole process (worker threads included) as it exits; with BENCH_EXIT_AT_START
// it ends the process at its first turn of the event loop (the background processes would run on).
writeFileSync(
  probe,
  `const { appendFileSync } = require('node:fs');
const write = () => { const c = process.cpuUsage(); appendFileSync(${JSON.stringify(cpuFile)}, (c.user + c.system) / 1000 + '\\n'); };
process.on('exit', write);
if (process.env.BENCH_EXIT_AT_START === '1') setImmediate(() => process.exit(0));
`,
);
writeFileSync(
  join(tmp, 'pod.yaml'),
  `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: registry.example/app:1
      ports:
        - containerPort: 8080
`,
);

function fresh(dir, loader, compiled) {
  try {
    return statSync(join(dir, 'dist', loader)).mtimeMs >= statSync(join(dir, 'out', ...compiled)).mtimeMs;
  } catch {
    return false;
  }
}

/** The script a checkout's CLI spawns for a background process (see the header). */
function backgroundEntry(dir, which) {
  return fresh(dir, 'cliLoad.js', ['cli', 'src', 'main.js']) && statExists(join(dir, 'dist', `${which}Load.js`))
    ? join(dir, 'dist', `${which}Load.js`)
    : join(dir, 'out', 'runtime', 'src', `${which}Main.js`);
}

function statExists(f) {
  try {
    statSync(f);
    return true;
  } catch {
    return false;
  }
}

const stateDir = mkdtempSync(join(tmp, 'state-'));
const allCases = [
  ['--version', (dir) => [join(dir, 'bin', 'podwright.js'), '--version']],
  ['ps (no pods)', (dir) => [join(dir, 'bin', 'podwright.js'), 'ps']],
  ['stop (no such pod)', (dir) => [join(dir, 'bin', 'podwright.js'), 'stop', 'no-such-pod-clistart']],
  ['lint (one pod)', (dir) => [join(dir, 'bin', 'podwright.js'), 'lint', join(tmp, 'pod.yaml')]],
  ['supervisor start', (dir) => [backgroundEntry(dir, 'supervisor'), supervisedRecord()], { BENCH_EXIT_AT_START: '1' }],
  ['manager start', (dir) => [backgroundEntry(dir, 'controller')], { BENCH_EXIT_AT_START: '1' }],
];
// BENCH_CASES=stop,lint: only the cases whose name contains one of the words.
const caseWords = process.env.BENCH_CASES?.split(',');
const cases = caseWords ? allCases.filter(([name]) => caseWords.some((w) => name.includes(w))) : allCases;

/**
 * The record of a pod nobody has, new for each run (a run leaves its lock): the supervisor goes as
 * far as a real one, dockerode loaded and its first engine call sent, before the probe ends it.
 */
let records = 0;
function supervisedRecord() {
  const uid = `bench-supervisor-${records++}`;
  writeFileSync(join(stateDir, `${uid}.json`), JSON.stringify({ uid, name: uid, namespace: 'default', containers: {}, events: [] }));
  return uid;
}

/** One run: wall ms from spawn to exit, CPU ms of the child. */
function once(args, env = {}) {
  rmSync(cpuFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', probe, ...args], { env: { ...process.env, PODWRIGHT_STATE_DIR: stateDir, ...env }, encoding: 'utf8' });
  const wall = performance.now() - t;
  if (r.error) throw r.error;
  const cpu = Number(readFileSync(cpuFile, 'utf8').trim().split('\n').pop());
  return { wall, cpu, status: r.status, out: r.stdout + r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => x.toFixed(0).padStart(6);

function table(title, rows) {
  console.log(`\n${title}`);
  const head = against ? `${'case'.padEnd(22)} ${'wall'.padStart(6)} ${'cpu'.padStart(6)}   ${'peer wall'.padStart(9)} ${'peer cpu'.padStart(8)}   ratio wall  ratio cpu` : `${'case'.padEnd(22)} ${'wall'.padStart(6)} ${'cpu'.padStart(6)}`;
  console.log(head);
  for (const [name, me, peer] of rows) {
    const line = `${name.padEnd(22)} ${fmt(median(me.wall))} ${fmt(median(me.cpu))}`;
    console.log(peer ? `${line}   ${fmt(median(peer.wall)).padStart(9)} ${fmt(median(peer.cpu)).padStart(8)}   ${(median(me.wall) / median(peer.wall)).toFixed(2).padStart(9)}x ${(median(me.cpu) / median(peer.cpu)).toFixed(2).padStart(9)}x` : line);
  }
}

function startUp() {
  const results = cases.map(() => ({ me: { wall: [], cpu: [] }, peer: { wall: [], cpu: [] } }));
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach(([, argsOf, env], i) => {
      // Interleaved, and which goes first alternates: the load of a shared machine drifts.
      const order = against ? (round % 2 ? [[against, 'peer'], [root, 'me']] : [[root, 'me'], [against, 'peer']]) : [[root, 'me']];
      for (const [dir, who] of order) {
        const r = once(argsOf(dir), env);
        results[i][who].wall.push(r.wall);
        results[i][who].cpu.push(r.cpu);
      }
    });
  }
  table(`start-up, median of ${ROUNDS} (ms; load ${loadavg()[0].toFixed(1)})`, cases.map(([name], i) => [name, results[i].me, against ? results[i].peer : undefined]));
}

function engineRoundTrips() {
  const results = { run: { me: { wall: [], cpu: [] }, peer: { wall: [], cpu: [] } }, stop: { me: { wall: [], cpu: [] }, peer: { wall: [], cpu: [] } } };
  for (let round = 0; round < ENGINE_ROUNDS; round++) {
    const order = against ? (round % 2 ? [[against, 'peer'], [root, 'me']] : [[root, 'me'], [against, 'peer']]) : [[root, 'me']];
    for (const [dir, who] of order) {
      const name = `clistart-${process.pid}-${who}-${round}`;
      const file = join(tmp, `${name}.yaml`);
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
      command: ["sleep", "3600"]
`,
      );
      const bin = join(dir, 'bin', 'podwright.js');
      const run = once([bin, 'run', file]);
      const stop = once([bin, 'stop', name]);
      if (run.status !== 0 || stop.status !== 0) {
        once([bin, 'stop', '--force', name]); // whatever is left of it
        throw new Error(`run or stop failed: ${run.out}${stop.out}`);
      }
      for (const [what, r] of [['run', run], ['stop', stop]]) {
        results[what][who].wall.push(r.wall);
        results[what][who].cpu.push(r.cpu);
      }
    }
  }
  // The default namespace's network stays with its cluster (this bench's state folder): it goes
  // with the folder, or every run would hold one of the engine's 30 or so address pools.
  const networks = execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=io.podwright.network.state-dir=${stateDir}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (networks.length) execFileSync('docker', ['network', 'rm', ...networks]);
  table(`run F / stop NAME of a busybox pod, median of ${ENGINE_ROUNDS} (ms; CPU of the CLI process only)`, [
    ['run', results.run.me, against ? results.run.peer : undefined],
    ['stop', results.stop.me, against ? results.stop.peer : undefined],
  ]);
}

try {
  console.log(`this checkout: ${root}${against ? `\npeer: ${against}` : ''}`);
  startUp();
  if (process.argv.includes('--engine')) engineRoundTrips();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
