// Runs every test file under out/test (compiled from test/) with Node's own test runner.
// `npm test -- lsp runtime` runs only the files whose path contains one of the words.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  // The spec reporter for people, and TAP into a file for the counts.
  const dir = mkdtempSync(join(tmpdir(), 'podwright-test-'));
  const tap = join(dir, 'results.tap');
  const r = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { stdio: 'inherit', cwd: root },
  );
  status = r.status ?? 1;
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  passed += Number(/^# pass (\d+)$/m.exec(text)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)$/m.exec(text)?.[1] ?? (status ? 1 : 0));
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
    child.on('close', (code) => resolve({ code, all }));
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
