// Runs every test file under out/test (compiled from test/) with Node's own test runner.
// `npm test -- lsp runtime` runs only the files whose path contains one of the words.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'out', 'test'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
// The tests inside real VS Code (scripts/test-vscode.mjs) run after the others, with no filter or
// with the word `vscode`; PODWRIGHT_SKIP_VSCODE=1 leaves them out.
const vscodeHarness = join(root, 'scripts', 'test-vscode.mjs');
const withVscode =
  existsSync(vscodeHarness) && process.env.PODWRIGHT_SKIP_VSCODE !== '1' && (filters.length === 0 || filters.includes('vscode'));
if (files.length === 0 && !withVscode) {
  console.error('no test files found under out/test (did the build run?)');
  process.exit(1);
}
// One closing line counts every test, both runners together: `tests: N passed, M failed`.
let status = 0;
let passed = 0;
let failed = 0;
if (files.length > 0) {
  // The spec reporter for people, and TAP (on the runner's stderr) for the counts.
  const dir = mkdtempSync(join(tmpdir(), 'podwright-test-'));
  const { code, tap: text } = await runFiles(files, dir);
  status = code ?? 1;
  // The runner's closing summary is the last of these lines.
  const count = (word) => [...text.matchAll(new RegExp(`^# ${word} (\\d+)$`, 'gm'))].pop()?.[1];
  passed += Number(count('pass') ?? 0);
  failed += Number(count('fail') ?? (status ? 1 : 0));
  rmSync(dir, { recursive: true, force: true });
}
if (withVscode) {
  // The suites inside VS Code report as mocha does ("N passing", "N failing"); their output is
  // passed through as it comes and counted.
  const output = await new Promise((resolve) => {
    let all = '';
    const child = spawn(process.execPath, [vscodeHarness], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      all += d;
    });
    // Each suite has its own timeout; this bounds the whole (a browser or server that will not
    // close), so that CI ends with a failure rather than at its time limit.
    const limitMs = Number(process.env.PODWRIGHT_VSCODE_LIMIT_MS ?? 30 * 60_000);
    const limit = setTimeout(() => {
      console.log(`test-vscode: still running after ${limitMs / 60_000} min; ended as failed`);
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code, all });
    });
  });
  const vPassed = [...output.all.matchAll(/(\d+) passing/g)].reduce((n, m) => n + Number(m[1]), 0);
  const vFailed = [...output.all.matchAll(/(\d+) failing/g)].reduce((n, m) => n + Number(m[1]), 0);
  passed += vPassed;
  failed += vFailed || (output.code === 0 ? 0 : 1);
  console.log(`tests inside VS Code: ${output.code === 0 ? 'pass' : 'FAIL'} (${vPassed} passed, ${vFailed} failed)`);
  if (output.code !== 0) status = status || 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(status);

/**
 * Node's runner over the files, with a watchdog: a run that prints nothing for 8 minutes
 * (PODWRIGHT_TEST_STALL_MS) is stuck
 * (every test has its own timeout, but a hook or a handle left open has none). The watchdog then
 * prints what is still running — the processes, each stuck test file's pending handles and stack
 * from a Node diagnostic report, whether the engine answers — and ends those files, so that the run
 * finishes with a failure that says where it stuck instead of running into CI's time limit.
 */
function runFiles(files, dir) {
  const stallMs = Number(process.env.PODWRIGHT_TEST_STALL_MS ?? 8 * 60_000);
  const reports = join(dir, 'reports');
  mkdirSync(reports);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      // --test-force-exit: a file whose tests are over ends even if something it started still holds
      // the event loop. It exits before a file destination is flushed, so TAP goes to stderr.
      ['--test', '--test-force-exit', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', '--test-reporter-destination=stderr', ...files],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Each test file's process writes a diagnostic report (handles, stack) when sent SIGUSR2.
        env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --report-on-signal --report-signal=SIGUSR2 --report-directory=${reports}`.trim() },
      },
    );
    let last = Date.now();
    child.stdout.on('data', (d) => {
      last = Date.now();
      process.stdout.write(d);
    });
    let tap = '';
    let partial = '';
    child.stderr.on('data', (d) => {
      last = Date.now();
      tap += d;
      // Whatever is not TAP (the runner's own complaints) is shown, line by line as it completes.
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const l of lines) if (!isTap(l)) process.stderr.write(`${l}\n`);
    });
    const timer = setInterval(() => {
      if (Date.now() - last < stallMs) return;
      last = Date.now();
      stuck(child.pid, stallMs, reports);
    }, 10_000);
    child.on('close', (code) => {
      clearInterval(timer);
      if (!isTap(partial)) process.stderr.write(`${partial}\n`);
      resolve({ code, tap });
    });
  });
}

/** A line of the TAP stream (empty lines included), as opposed to something the runner itself said. */
function isTap(line) {
  return /^(TAP version|#|\s|ok |not ok |1\.\.|$)/.test(line);
}

function sh(file, args) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}(${file} ${args.join(' ')}: ${e.message.split('\n')[0]})\n`;
  }
}

function stuck(runnerPid, stallMs, reports) {
  const say = (text) => process.stdout.write(`test watchdog: ${text}\n`);
  say(`no output for ${Math.round(stallMs / 1000)} s; what is running:`);
  process.stdout.write(sh('ps', ['-eo', 'pid,ppid,etimes,stat,args', '--forest']));
  say('the engine:');
  process.stdout.write(sh('docker', ['ps', '-a', '--filter', 'label=io.podwright.cluster', '--format', '{{.Names}}\t{{.Status}}\t{{.CreatedAt}}']));
  // The test files under way: the runner's children.
  const table = sh('ps', ['-eo', 'pid=,ppid=,args=']).split('\n').map((l) => l.trim().split(/\s+/));
  const fileProcs = table.filter((c) => c[1] === String(runnerPid) && c.some((a) => a.endsWith('.test.js')));
  for (const [pid, , ...args] of fileProcs) {
    const before = new Set(readdirSync(reports));
    try {
      process.kill(Number(pid), 'SIGUSR2');
    } catch {}
    execFileSync('sleep', ['2']);
    const made = readdirSync(reports).filter((f) => !before.has(f));
    say(`${args.find((a) => a.endsWith('.test.js'))} (pid ${pid}) is stuck; its report:`);
    for (const f of made) {
      try {
        const report = JSON.parse(readFileSync(join(reports, f), 'utf8'));
        process.stdout.write(`  stack: ${JSON.stringify(report.javascriptStack?.stack ?? [])}\n`);
        for (const h of report.libuv ?? []) if (h.is_active && h.is_referenced && h.type !== 'async' && h.type !== 'signal') process.stdout.write(`  handle: ${JSON.stringify(h)}\n`);
      } catch (e) {
        say(`unreadable report ${f}: ${e.message}`);
      }
    }
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {}
  }
}
