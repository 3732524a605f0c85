// The CLI bundle's loader: a module run through vm.Script with V8's code cache (cli/src/codeCache.ts),
// and bin/podwright.js taking the bundle only when it is newer than out/.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheFileOf } from '../../cli/src/codeCache';

const ROOT = join(__dirname, '..', '..', '..');

/** Loads `file` in a process of its own (V8 would take a source it compiled already from memory). */
function loadElsewhere(file: string, writeCache = false): { answer: number; where: string; rejected: boolean } {
  const script = `const { loadWithCodeCache } = require(${JSON.stringify(join(ROOT, 'out', 'cli', 'src', 'codeCache.js'))});
    const m = loadWithCodeCache(${JSON.stringify(file)});
    if (${writeCache}) m.writeCache();
    process.stdout.write(JSON.stringify({ answer: m.exports.answer(), where: m.exports.where, rejected: m.rejected }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { answer: number; where: string; rejected: boolean };
}

test('a module loads with its code cache as it loads without, and a refused cache only costs time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-cache-'));
  try {
    const file = join(dir, 'm.js');
    writeFileSync(join(dir, 'dep.js'), 'module.exports = 40;\n');
    writeFileSync(file, "const dep = require('./dep');\nexports.answer = () => dep + 2;\nexports.where = __dirname;\n");
    assert.deepEqual(loadElsewhere(file, true), { answer: 42, where: dir, rejected: false }, 'no cache yet: nothing to refuse');
    assert.ok(existsSync(cacheFileOf(file)));
    assert.deepEqual(loadElsewhere(file), { answer: 42, where: dir, rejected: false }, 'V8 takes the cache it wrote for this source');
    writeFileSync(cacheFileOf(file), 'not a code cache');
    assert.deepEqual(loadElsewhere(file), { answer: 42, where: dir, rejected: true });
    writeFileSync(file, "exports.answer = () => 43;\nexports.where = __dirname;\n");
    loadElsewhere(file, true);
    writeFileSync(file, "exports.answer = () => 44;\nexports.where = __dirname;\n");
    assert.deepEqual(loadElsewhere(file), { answer: 44, where: dir, rejected: true }, 'a cache of other source is refused');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bin/podwright.js runs every command from dist/ only when the bundle is newer than out/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-bin-'));
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    mkdirSync(join(dir, 'out', 'cli', 'src'), { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'podwright.js'), join(dir, 'bin', 'podwright.js'));
    const say = (what: string) => `exports.main = async (argv) => { process.stdout.write('${what} ' + argv.join(' ')); return 0; };\n`;
    writeFileSync(join(dir, 'dist', 'cliLoad.js'), say('bundle'));
    writeFileSync(join(dir, 'out', 'cli', 'src', 'main.js'), say('out'));
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [join(dir, 'bin', 'podwright.js'), ...args], { encoding: 'utf8', env: { ...process.env, PODWRIGHT_NO_BUNDLE: '', ...env } }).stdout;
    const touch = (rel: string, secondsAgo: number) => {
      const t = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(join(dir, rel), t, t);
    };
    touch('out/cli/src/main.js', 60);
    touch('dist/cliLoad.js', 10);
    assert.equal(run(['lint', 'x.yaml']), 'bundle lint x.yaml', 'built after the compile');
    assert.equal(run(['stop', 'web']), 'bundle stop web', 'every command, not lint alone');
    assert.equal(run(['--version']), 'bundle --version');
    assert.equal(run(['stop', 'web'], { PODWRIGHT_NO_BUNDLE: '1' }), 'out stop web', 'PODWRIGHT_NO_BUNDLE=1: out/ whatever the dates');
    touch('dist/cliLoad.js', 120);
    assert.equal(run(['lint', 'x.yaml']), 'out lint x.yaml', 'compiled since: the bundle is older code');
    assert.equal(run(['ps']), 'out ps');
    rmSync(join(dir, 'out'), { recursive: true });
    assert.equal(run(['ps']), 'bundle ps', 'no out/ (installed): the bundle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
