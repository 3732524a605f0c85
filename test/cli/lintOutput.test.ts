// `podwright lint`'s output as a user's shell gets it: whole and identical whichever thread writes it
// (the one worker that lints a big folder writes it itself), and a reader that leaves early (`| head`)
// ends the run quietly.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { workersOnly } from '../../cli/src/commands/lintPaths';
import { lintFile, type LintOptions } from '../../cli/src/commands/lintFiles';
import { finishLint, type FinishParams } from '../../cli/src/commands/lintFinish';
import type { OutputFormat } from '../../cli/src/commands/lintFormat';

const bin = join(__dirname, '..', '..', '..', 'bin', 'podwright.js');

/** A pod with five info-level findings (no runAsNonRoot; no resources, no readiness probe, twice). */
function pod(i: number, name = 'app'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
spec:
  containers:
    - name: ${name}
      image: registry.example/app:1.${i % 7}
      ports:
        - containerPort: 8080
    - name: metrics
      image: registry.example/metrics:0.${i % 3}
      ports:
        - containerPort: 9090
`;
}

let dir: string;
let big: string;
let files: string[];
let single: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'podwright-lint-output-'));
  // Over 2 MB of YAML: one worker thread lints it all and finishes the run (lint.ts, workersOnly).
  big = join(dir, 'big');
  mkdirSync(big);
  let n = 0;
  for (let f = 0; f < 30; f++) {
    const docs: string[] = [];
    for (let d = 0; d < 300; d++, n++) docs.push(pod(n, n === 4321 ? 'app_bad' : undefined));
    writeFileSync(join(big, `f${String(f).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  files = readdirSync(big).map((f) => join(big, f));
  // One file of 600 KB: linted on the main thread, its output far more than a pipe holds.
  single = join(dir, 'single.yaml');
  writeFileSync(single, Array.from({ length: 1500 }, (_, i) => pod(i)).join('---\n'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function expected(format: OutputFormat) {
  const options: LintOptions = { kubernetesVersion: '1.35', severities: {}, quiet: false, format, colour: false, workspace: true };
  const finish: FinishParams = {
    fileCount: files.length,
    workspace: true,
    across: { severities: {}, complete: true, quiet: false, format, colour: false },
    kubernetesVersion: '1.35',
  };
  return finishLint(files.map((f) => lintFile(f, options)), finish);
}

test('a big folder linted by one worker: the output on stdout is whole and the one this thread would write', () => {
  const sizes = files.map((f) => statSync(f).size);
  assert.ok(workersOnly(files, sizes, 1), 'the folder is big enough for the worker to finish the run');
  for (const format of ['json', 'text'] as const) {
    const r = spawnSync(process.execPath, [bin, 'lint', '--format', format, big], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
    const want = expected(format);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1, 'the one invalid container name is an error');
    assert.equal(want.status, 1);
    assert.equal(r.stdout.length, want.out.length, format);
    assert.ok(r.stdout === want.out, `${format}: the same bytes`);
  }
  const problems = JSON.parse(expected('json').out).problems as { rule: string; path: string; line: number }[];
  assert.equal(problems.length, 9000 * 5 + 1);
  const bad = problems.filter((p) => p.rule === 'invalid-name');
  // File f14, its document 121, of 15 lines each.
  assert.deepEqual(bad.map((p) => [p.path, p.line]), [['spec.containers[0].name', 121 * 15 + 7]]);
});

/** Runs lint with stdout read until its first bytes, then closed, as `| head -c 1` does. */
function readerLeaves(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'lint', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('a reader that leaves early ends the run quietly, with its status, whichever thread writes', async () => {
  // Only info-level findings: the status is 0. A crash on EPIPE would say 1 and print a stack.
  const onMain = await readerLeaves(['--format', 'json', single]);
  assert.deepEqual(onMain, { code: 0, stderr: '' });
  const bigInfos = join(dir, 'big-infos');
  mkdirSync(bigInfos);
  for (let f = 0; f < 30; f++) writeFileSync(join(bigInfos, `f${f}.yaml`), Array.from({ length: 300 }, (_, d) => pod(f * 300 + d)).join('---\n'));
  const inWorker = await readerLeaves(['--format', 'json', bigInfos]);
  assert.deepEqual(inWorker, { code: 0, stderr: '' });
});
