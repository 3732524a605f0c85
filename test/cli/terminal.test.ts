// Nothing from a manifest, a file name or a container reaches the terminal as a control sequence
// (CVE-2021-25743's class, which kubectl fixed by escaping): `podwright lint` as a shell runs it,
// on the main thread and in the worker that lints a big folder; the machine formats keep the data.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../cli/src/main';
import { escapeTerminal } from '../../cli/src/terminal';

const bin = join(__dirname, '..', '..', '..', 'bin', 'podwright.js');
const ESC = '\x1b';
/** A file name that retitles the terminal window (OSC 0, ended by BEL). */
const EVIL_NAME = `x${ESC}]0;owned\x07.yaml`;

/** A pod whose unknown field clears the screen and whose container name hides the line behind CR. */
const evilPod = (i: number) => `apiVersion: v1
kind: Pod
metadata:
  name: evil-${i}
spec:
  containers:
    - name: app
      image: registry.example/app:1
      "bad\\e[2Jkey": 1
      "hide\\rNo problems": 2
`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'podwright-terminal-'));
  mkdirSync(join(dir, 'small'));
  writeFileSync(join(dir, 'small', EVIL_NAME), evilPod(0));
  // A file that cannot be read: its name goes to stderr.
  symlinkSync(join(dir, 'nowhere'), join(dir, 'small', `gone${ESC}[2J.yaml`));
  // Over 2 MB of YAML: one worker lints it all and writes the output itself (lintFinish.ts).
  mkdirSync(join(dir, 'big'));
  for (let f = 0; f < 25; f++) writeFileSync(join(dir, 'big', f === 7 ? EVIL_NAME : `f${f}.yaml`), Array.from({ length: 300 }, (_, i) => evilPod(f * 300 + i)).join('---\n'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'big', `gone${ESC}[2J.yaml`));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('escapeTerminal writes every control character visibly, keeps tab and newline, and is idempotent', () => {
  assert.equal(escapeTerminal(`a${ESC}[31mb\rc\x07d\x7fe\u009bf\tg\nh`), 'a^[[31mb\\rc^Gd^?e\\x9bf\tg\nh');
  assert.equal(escapeTerminal('\x00\x1f'), '^@^_');
  const once = escapeTerminal(`${ESC}]0;t\x07`);
  assert.equal(escapeTerminal(once), once);
  assert.equal(escapeTerminal('plain ünïcode ✓'), 'plain ünïcode ✓');
});

function lint(args: string[]) {
  return spawnSync(process.execPath, [bin, 'lint', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

for (const folder of ['small', 'big']) {
  test(`lint ${folder === 'big' ? 'in the worker' : 'on the main thread'}: file names, paths and messages escaped; JSON keeps the data`, () => {
    const r = lint([join(dir, folder)]);
    assert.equal(r.status, 2, 'an unreadable file is a usage error');
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(r.stdout), `no control character on stdout: ${JSON.stringify(r.stdout.slice(0, 300))}`);
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(r.stderr), `none on stderr: ${JSON.stringify(r.stderr)}`);
    assert.match(r.stdout, /x\^\[\]0;owned\^G\.yaml:9:7: error schema-unknown-field spec\.containers\[0\]\.bad\^\[\[2Jkey: Unknown field 'bad\^\[\[2Jkey' in Container\./);
    assert.match(r.stdout, /spec\.containers\[0\]\.hide\\rNo problems: Unknown field 'hide\\rNo problems'/);
    assert.match(r.stderr, /gone\^\[\[2J\.yaml/);

    const json = lint(['--format', 'json', join(dir, folder)]);
    const problems = (JSON.parse(json.stdout) as { problems: { file: string; path: string }[] }).problems;
    assert.ok(problems.some((p) => p.file.endsWith(EVIL_NAME) && p.path === `spec.containers[0].bad${ESC}[2Jkey`), 'JSON has the names as they are');
  });
}

test("lint's own colours stay colours on a terminal; the manifest's sequences do not", async () => {
  let out = '';
  const code = await main(['lint', join(dir, 'small', EVIL_NAME)], {
    out: (t) => (out += t),
    err: () => undefined,
    readStdin: async () => '',
    isTTY: true,
    cwd: dir,
  });
  assert.equal(code, 1);
  const sequences = out.match(/\x1b\[[0-9;]*[A-Za-z]/g) ?? [];
  assert.ok(sequences.length >= 2);
  assert.deepEqual([...new Set(sequences)].sort(), ['\x1b[0m', '\x1b[31m', '\x1b[36m'], 'only the colours of error and info, and their reset');
  assert.match(out, /bad\^\[\[2Jkey/);
});
