// `podwright get pods -w` as a person leaves it running in a terminal: the header with the first
// pod, then a row each time a pod's row changes (never the same row twice), until Ctrl+C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { ROOT, sleeperPod, uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-watch');


test('get pods -w: a row per change of the watched pods, from Pending to Terminating; Ctrl+C ends it', { timeout: 120_000 }, async (t) => {
  const app = uniqueName('pw-watch');
  const name = `${app}-a`;
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  writeFileSync(join(podwright.work, 'pod.yaml'), sleeperPod(name, app));
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'podwright.js'), 'get', 'pods', '-w', '-l', `app=${app}`], {
    cwd: podwright.work,
    env: { ...process.env, PODWRIGHT_STATE_DIR: podwright.stateDir },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  t.after(() => child.kill('SIGKILL'));
  await waitFor('the watch waits', async () => (err.includes('waiting for pods') ? true : undefined), 20_000, 100);

  const run = await podwright(['run', 'pod.yaml']);
  assert.equal(run.code, 0, run.err);
  const row = (status: string) => new RegExp(`^${name}\\s+\\d/1\\s+${status}\\s+0\\s+\\d+s$`, 'm');
  await waitFor('a Running row', async () => (row('Running').test(out) ? true : undefined), 30_000, 100);
  await podwright(['stop', name]);
  await waitFor('a Terminating row', async () => (row('Terminating').test(out) ? true : undefined), 30_000, 100);

  child.kill('SIGINT');
  assert.equal(await exited, 0, err);
  const [header, ...rows] = out.trimEnd().split('\n');
  assert.match(header, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.ok(rows.length >= 2 && rows.every((r) => r.startsWith(`${name} `)), out);
  // Each row says something new: AGE aside, no row repeats the one before it.
  const shown = rows.map((r) => r.replace(/\s+\d+s$/, '').replace(/\s+/g, ' '));
  assert.ok(shown.every((r, i) => i === 0 || r !== shown[i - 1]), out);
  assert.ok(shown.indexOf(`${name} 1/1 Running 0`) < shown.findIndex((r) => r.includes('Terminating')), out);
});

test('get -w watches pods and prints tables', async () => {
  for (const args of [['deploy', '-w'], ['pods', '-w', '-o', 'json'], ['pods,deploy', '-w']]) {
    const r = await podwright(['get', ...args]);
    assert.equal(r.code, 2, args.join(' '));
  }
});
