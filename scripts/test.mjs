// Runs every test file under out/test (compiled from test/) with Node's own test runner.
// `npm test -- lsp runtime` runs only the files whose path contains one of the words.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
let status = 0;
if (files.length > 0) {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
  status = r.status ?? 1;
}
if (withVscode) {
  const v = spawnSync(process.execPath, [vscodeHarness], { stdio: 'inherit', cwd: root });
  console.log(`tests inside VS Code: ${v.status === 0 ? 'pass' : 'FAIL'}`);
  if (v.status !== 0) status = status || 1;
}
process.exit(status);
