// Throughput and cold start of `podwright lint`, measured as a user runs it: a child process, wall
// clock from spawn to exit (start-up included), on every core of the machine.
//
//   npm run bench lint                         this checkout
//   node scripts/bench/lint.mjs --root DIR     another checkout (built)
//   node scripts/bench/lint.mjs --against DIR  this checkout and another, runs interleaved: on a
//                                              busy machine the load drifts less between the two
//
// The workload is the one of issue 9: 5,000 Pod documents in 50 files, linted as `podwright lint`
// decides (threads by the amount of YAML), and with --jobs 2 (the main thread and one worker) when
// the checkout has the option. The one-core line (taskset -c 0, where it exists) shows the work per
// document apart from the use of cores.
//
// Peer: kubeconform (schema only) claims about 7,500 documents a second on its own hardware. Its
// binary cannot be fetched here (no network beyond npm and Debian, neither ships it), so its figure
// is the published claim, and the ratio below is against that claim; the table says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { lintSamplePod as pod } from '../lintSample.mjs';

const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin', 'podwright.js');
const againstArg = process.argv.indexOf('--against');
const against = againstArg > 0 ? join(resolve(process.argv[againstArg + 1]), 'bin', 'podwright.js') : undefined;
const PAIRED_RUNS = 9;
const FILES = 50;
const DOCS_PER_FILE = 100;
const RUNS = 5;
const COLD_RUNS = 15;
const WIDE_FILES = 2000;
const KUBECONFORM_CLAIM = 7500;
const TARGET_DOCS_PER_SECOND = 8000;
const TARGET_COLD_MS = 350;


function service(i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector:
    app: web-${i}
  ports:
    - port: 80
      targetPort: http
`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/**
 * CPU seconds (user + system) of the children waited for so far, from /proc (Linux), else undefined:
 * on a machine other work loads, the CPU a run takes varies less than its wall clock.
 */
function childCpu() {
  try {
    // Fields after the command's `(name)`: cutime and cstime are the 14th and 15th (1-based 16, 17).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / CLOCK_TICKS;
  } catch {
    return undefined; // no /proc: the table leaves the CPU column out
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

function run(args, oneCore = false, program = bin) {
  const pinned = oneCore && hasTaskset;
  const cmd = pinned ? 'taskset' : process.execPath;
  const full = pinned ? ['-c', '0', process.execPath, program, ...args] : [program, ...args];
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = childCpu();
  if (r.status !== 0 && r.status !== 1) throw new Error(`podwright lint exited ${r.status}: ${r.stderr}`);
  return { ms, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0, r };
}

/** `, CPU 1.23 s` from runs' median CPU, or nothing when it is not known. */
function cpuNote(runs) {
  const cpus = runs.map((x) => x.cpu);
  return cpus.every((c) => c !== undefined) ? `, CPU ${median(cpus).toFixed(2)} s` : '';
}

const dir = mkdtempSync(join(tmpdir(), 'podwright-bench-'));
try {
  mkdirSync(join(dir, 'many'));
  let n = 0;
  for (let f = 0; f < FILES; f++) {
    const docs = [];
    for (let d = 0; d < DOCS_PER_FILE; d++, n++) docs.push(pod(n));
    writeFileSync(join(dir, 'many', `m${String(f).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  writeFileSync(join(dir, 'small.yaml'), pod(0));
  mkdirSync(join(dir, 'wide'));
  for (let f = 0; f < WIDE_FILES; f++) writeFileSync(join(dir, 'wide', `w${String(f).padStart(5, '0')}.yaml`), `${pod(f)}---\n${service(f)}`);

  // Sanity: the generated manifests must be clean, or the bench would time error reporting.
  const check = run(['lint', '--format', 'json', join(dir, 'small.yaml')]);
  const found = JSON.parse(check.r.stdout).problems.filter((p) => p.severity !== 'info');
  if (found.length) console.log('note: generated pod has problems:', found.map((p) => p.rule).join(', '));

  const many = ['lint', '--format', 'json', join(dir, 'many')];
  run(many); // warm the file cache
  const manyRuns = [];
  for (let i = 0; i < RUNS; i++) manyRuns.push(run(many));
  const times = manyRuns.map((x) => x.ms);
  const throughput = Math.round((n / median(times)) * 1000);
  // Another checkout may not know --jobs (it then exits 2 with a usage error): that line is left out.
  const hasJobs = spawnSync(process.execPath, [bin, 'lint', '--jobs', '2', join(dir, 'small.yaml')]).status !== 2;
  const twoRuns = [];
  if (hasJobs && cpus().length > 1) for (let i = 0; i < RUNS; i++) twoRuns.push(run(['lint', '--jobs', '2', '--format', 'json', join(dir, 'many')]));
  const twoTimes = twoRuns.map((x) => x.ms);
  const two = twoTimes.length ? Math.round((n / median(twoTimes)) * 1000) : undefined;
  const oneCoreTimes = [];
  if (hasTaskset) for (let i = 0; i < 3; i++) oneCoreTimes.push(run(many, true).ms);
  const oneCore = hasTaskset ? Math.round((n / median(oneCoreTimes)) * 1000) : undefined;

  const coldRuns = [];
  for (let i = 0; i < COLD_RUNS; i++) coldRuns.push(run(['lint', join(dir, 'small.yaml')]));
  const coldMs = median(coldRuns.map((x) => x.ms));

  // A wide folder: many small files, each a Pod and the Service that selects it. The cross-file
  // checks compare every Service with the pod templates of its namespace; this line stays near the
  // per-document rate only while they are linear in the number of files.
  const wideRuns = [];
  for (let i = 0; i < 3; i++) wideRuns.push(run(['lint', '--format', 'json', join(dir, 'wide')]));
  const wide = Math.round((WIDE_FILES * 2 * 1000) / median(wideRuns.map((x) => x.ms)));

  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`machine: ${cpu}; ${cpus().length} cores; Node ${process.version}; ${root}`);
  console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}${twoTimes.length ? `; --jobs 2: ${twoTimes.map((t) => t.toFixed(0)).join(', ')}` : ''}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('');
  console.log('| measure | podwright | peer | ratio | target |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| lint throughput, ${n} pod documents in ${FILES} files, all cores (median of ${RUNS}, whole process${cpuNote(manyRuns)}) | ${throughput} docs/s | kubeconform ${KUBECONFORM_CLAIM} docs/s (published claim, its hardware; not runnable here) | ${(throughput / KUBECONFORM_CLAIM).toFixed(2)}× | ≥ ${TARGET_DOCS_PER_SECOND} docs/s |`,
  );
  if (two !== undefined) console.log(`| the same with --jobs 2 (median of ${RUNS}${cpuNote(twoRuns)}) | ${two} docs/s | — | ${(two / KUBECONFORM_CLAIM).toFixed(2)}× | — |`);
  if (oneCore !== undefined) console.log(`| the same on one core (taskset -c 0, median of 3) | ${oneCore} docs/s | — | — | — |`);
  console.log(`| cold start, lint one small file (median of ${COLD_RUNS}${cpuNote(coldRuns)}) | ${coldMs.toFixed(0)} ms | — | — | ≤ ${TARGET_COLD_MS} ms |`);
  console.log(`| a wide folder: ${WIDE_FILES} files of a Pod and its Service (median of 3${cpuNote(wideRuns)}) | ${wide} docs/s | — | — | — |`);
  if (against) {
    // Interleaved: this, the other, this, the other… each as it decides its threads.
    const pair = (args, runs) => {
      const mine = [];
      const theirs = [];
      const ratios = [];
      for (let i = 0; i < runs; i++) {
        mine.push(run(args));
        theirs.push(run(args, false, against));
        ratios.push(theirs[i].ms / mine[i].ms);
      }
      const ms = (xs) => median(xs.map((x) => x.ms));
      return { mine: ms(mine), theirs: ms(theirs), ratio: median(ratios), mineCpu: cpuNote(mine), theirsCpu: cpuNote(theirs) };
    };
    const t = pair(many, PAIRED_RUNS);
    const c = pair(['lint', join(dir, 'small.yaml')], COLD_RUNS);
    const w = pair(['lint', '--format', 'json', join(dir, 'wide')], 3);
    console.log(`\ninterleaved with ${dirname(dirname(against))} (${PAIRED_RUNS}, ${COLD_RUNS} and 3 pairs; ratio: median of the other's time over this one's)`);
    console.log('');
    console.log('| measure | this checkout | the other | speed-up |');
    console.log('|---|---|---|---|');
    console.log(`| lint throughput, ${n} pod documents in ${FILES} files | ${Math.round((n / t.mine) * 1000)} docs/s${t.mineCpu} | ${Math.round((n / t.theirs) * 1000)} docs/s${t.theirsCpu} | ${t.ratio.toFixed(2)}× |`);
    console.log(`| cold start, one small file | ${c.mine.toFixed(0)} ms${c.mineCpu} | ${c.theirs.toFixed(0)} ms${c.theirsCpu} | ${c.ratio.toFixed(2)}× |`);
    console.log(`| a wide folder, ${WIDE_FILES} files of a Pod and its Service | ${Math.round((WIDE_FILES * 2000) / w.mine)} docs/s${w.mineCpu} | ${Math.round((WIDE_FILES * 2000) / w.theirs)} docs/s${w.theirsCpu} | ${w.ratio.toFixed(2)}× |`);
  }
  const ok = throughput >= TARGET_DOCS_PER_SECOND && coldMs <= TARGET_COLD_MS;
  console.log(ok ? '\nlint targets met' : '\nlint targets NOT met');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
