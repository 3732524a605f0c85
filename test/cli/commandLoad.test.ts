// What each command loads before it works (cli/src/main.ts loads a command's module only when it
// runs): from out/, every module is a file and its cost shows; in the bundle, its init.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs main(argv) from out/ in a process of its own: what it printed and which of our folders it loaded. */
function loadsOf(argv: string[]): { out: string; loaded: string[] } {
  const script = `const { main } = require(${JSON.stringify(join(ROOT, 'out', 'cli', 'src', 'main.js'))});
    let out = '';
    main(${JSON.stringify(argv)}, { out: (s) => (out += s), err: (s) => (out += s) }).then(() => {
      const loaded = Object.keys(require.cache).map((f) => f.slice(${JSON.stringify(ROOT.length + 1)}));
      process.stdout.write(JSON.stringify({ out, loaded }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { out: string; loaded: string[] };
}

const under = (loaded: string[], folder: string) => loaded.filter((f) => f.startsWith(folder) || f.includes(`/${folder}`));

test('--version prints the package version without loading the analysis', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = loadsOf(['--version']);
  assert.equal(r.out, `${version}\n`);
  assert.deepEqual(under(r.loaded, 'out/analysis/'), []);
  assert.deepEqual(under(r.loaded, 'out/runtime/'), []);
});

test('a pod command does not load the analysis, and lint neither the runtime nor dockerode', () => {
  const stop = loadsOf(['stop', '--help']);
  assert.match(stop.out, /^usage: podwright stop/);
  assert.deepEqual(under(stop.loaded, 'out/analysis/'), []);
  const lint = loadsOf(['lint', '--help']);
  assert.match(lint.out, /^usage: podwright lint/);
  assert.deepEqual(under(lint.loaded, 'out/runtime/'), []);
  assert.deepEqual(under(lint.loaded, 'node_modules/dockerode/'), []);
});
