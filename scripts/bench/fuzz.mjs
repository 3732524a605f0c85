// Hostile documents (issue 9):
//
// 1. Each hostile input of test/lsp/fuzzInputs.ts (hostileInputs) analysed in a fresh process: the
//    time of `analyze` and the process' peak resident memory. With PODWRIGHT_BENCH_PEER=<checkout>
//    (another built checkout, such as main) the same inputs run there too, side by side.
// 2. The language server's fuzz (test/lsp/fuzzRun.ts): 10,000 generated, mutated and hostile
//    documents through the real server process (PODWRIGHT_FUZZ_DOCUMENTS for another number), every
//    request timed: the slowest answer, the slowest diagnostics and the server's peak memory.
//    Target: every request answered within 2 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const peer = process.env.PODWRIGHT_BENCH_PEER;
const TIMEOUT_MS = 120_000;

const { hostileInputs } = require(join(root, 'out', 'test', 'lsp', 'fuzzInputs.js'));
const { runFuzz } = require(join(root, 'out', 'test', 'lsp', 'fuzzRun.js'));

/** Analyses one file with the analysis of `checkout`, in a fresh process: { ms, rssMb, problems } or null on a timeout. */
function analyseIn(checkout, file) {
  const script = `
    const { analyze } = require(${JSON.stringify(join(checkout, 'out', 'analysis', 'src', 'index.js'))});
    process.removeAllListeners('warning');
    process.on('warning', () => undefined);
    const text = require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8');
    analyze('apiVersion: v1\\nkind: Pod\\nmetadata: {name: a}\\nspec: {containers: [{name: a, image: b}]}\\n');
    const t0 = performance.now();
    let problems = -1;
    try { problems = analyze(text).problems.length; } catch { problems = -1; }
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, problems }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 1 << 20 });
  const line = (r.stdout || '').trim().split('\n').pop();
  if (r.status !== 0 || !line) return { failed: r.signal ? `> ${TIMEOUT_MS / 1000} s` : `crashed (${(r.stderr || '').split('\n').find((l) => /Error|FATAL/.test(l)) ?? r.status})` };
  return JSON.parse(line);
}

const cell = (x) => (x.failed ? x.failed : `${x.ms.toFixed(0)} ms, ${x.rssMb.toFixed(0)} MB`);

const dir = mkdtempSync(join(tmpdir(), 'podwright-fuzz-bench-'));
try {
  console.log(`1. hostile inputs, analysed in a fresh process each (analyze() time, peak RSS of the process)${peer ? `; peer: ${peer}` : ''}\n`);
  console.log(`| input | size | problems | podwright |${peer ? ' peer | peer / podwright |' : ''}`);
  console.log(`|---|---:|---:|---:|${peer ? '---:|---:|' : ''}`);
  for (const [k, input] of hostileInputs().entries()) {
    const file = join(dir, `hostile-${k}.yaml`);
    writeFileSync(file, input.text);
    const ours = analyseIn(root, file);
    const size = input.text.length >= 1024 * 1024 ? `${(input.text.length / 1024 / 1024).toFixed(1)} MB` : `${(input.text.length / 1024).toFixed(0)} kB`;
    let row = `| ${input.name} | ${size} | ${ours.failed ? '' : ours.problems} | ${cell(ours)} |`;
    if (peer) {
      const theirs = analyseIn(peer, file);
      const ratio = !ours.failed && !theirs.failed ? `${(theirs.ms / Math.max(1, ours.ms)).toFixed(1)}×` : '';
      row += ` ${cell(theirs)}${theirs.failed ? '' : ` (${theirs.problems} problems)`} | ${ratio} |`;
    }
    console.log(row);
  }

  const documents = Number(process.env.PODWRIGHT_FUZZ_DOCUMENTS) || 10_000;
  console.log(`\n2. language server fuzz: ${documents.toLocaleString('en-US')} documents through the real server, 4 in flight, debounce 0\n`);
  const report = await runFuzz({ documents, progress: (m) => console.error(`  ${m}`) });
  const mb = (b) => (b / (1024 * 1024)).toFixed(0);
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| documents (and one 10 MB file) | ${report.documents.toLocaleString('en-US')} |`);
  console.log(`| requests answered | ${report.requests.toLocaleString('en-US')} |`);
  console.log(`| answer time: median, 99th, 99.9th percentile | ${report.answers.p50.toFixed(0)} ms, ${report.answers.p99.toFixed(0)} ms, ${report.answers.p999.toFixed(0)} ms |`);
  console.log(`| requests answered in more than 2 s | ${report.answers.over2s} |`);
  console.log(`| slowest answer | ${report.slowest.ms.toFixed(0)} ms (${report.slowest.what.replace('file:///fuzz/', '')}) |`);
  console.log(`| slowest diagnostics | ${report.slowestDiagnostics.ms.toFixed(0)} ms (${report.slowestDiagnostics.what.replace('file:///fuzz/', '')}) |`);
  console.log(`| peak RSS of the server (VmHWM) | ${mb(report.peakRss)} MiB |`);
  console.log(`| requests answered empty (document not readable in time) | ${report.emptyAnswers} |`);
  console.log(`| hovers and code actions answered without the problems (analysis not ready in time) | ${report.withoutProblems} |`);
  console.log(`| analyses stopped (deadline, memory, stale) | ${report.stopped} |`);
  console.log(`| wall time | ${report.seconds.toFixed(0)} s |`);
  if (report.caught.length) console.log(`\ncaught analysis failures:\n  ${report.caught.slice(0, 10).join('\n  ')}`);
  console.log(`\nevery request answered within 2 s: ${report.slowest.ms <= 2000 ? 'met' : 'NOT met'} (${report.slowest.ms.toFixed(0)} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
