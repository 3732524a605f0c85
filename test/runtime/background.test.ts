// The detached supervisor processes: they leave no files behind when a pod is stopped (even right
// after it started), they talk to the engine the pod was started on, and `adopt` sweeps what
// processes that died left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PodRuntime } from '../../runtime/src';
import { DEFAULT_ENGINE } from '../../runtime/src/engine';
import { isAlive } from '../../runtime/src/state';
import { FAST_BACKOFF, newRuntime, objectsLeft, planFixture, statusOf, waitFor } from './helpers';

/** The supervisor processes of these pods (`node …/supervisorMain.js <uid>`), found in /proc. */
function supervisorsOf(uids: string[]): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('supervisorMain.js')) && uids.includes(argv[argv.length - 2] ?? '') && isAlive(Number(p))) pids.push(Number(p));
    } catch {
      // The process ended while it was being read.
    }
  }
  return pids;
}

const filesOf = (runtime: PodRuntime, uids: string[]) => readdirSync(runtime.stateDir).filter((f) => uids.some((u) => f.startsWith(u)));

test('a stop right after run leaves no supervisor files: no lock, no state, no log', async (t) => {
  const runtime = newRuntime();
  const plans = [0, 1, 2].map((i) => planFixture(t, runtime, 'crash-loop.yaml', `pw-bg-${i}`));
  for (const plan of plans) {
    // The supervisor process is still starting when stop comes: it must end without a trace.
    await runtime.run(plan, { supervise: 'background', backoff: FAST_BACKOFF });
    await runtime.stop(plan.uid, { timeoutSeconds: 0 });
  }
  const uids = plans.map((p) => p.uid);
  await waitFor('the supervisor processes to end', async () => (supervisorsOf(uids).length === 0 ? true : undefined), 10_000);
  assert.deepEqual(filesOf(runtime, uids), []);
});

test('the background supervisor uses the engine the pod was started on, whatever DOCKER_HOST says', async (t) => {
  const saved = process.env.DOCKER_HOST;
  // What a VS Code window started from a shell with another engine in its environment sees; the
  // pod runs on the engine of the podwright.docker.host setting.
  process.env.DOCKER_HOST = 'unix:///tmp/podwright-no-engine-here.sock';
  t.after(() => (saved === undefined ? delete process.env.DOCKER_HOST : (process.env.DOCKER_HOST = saved)));
  const runtime = new PodRuntime({ dockerHost: DEFAULT_ENGINE, stateDir: newRuntime().stateDir });
  const plan = planFixture(t, runtime, 'crash-loop.yaml', 'pw-bg-engine');
  // The settle window (as the CLI's) sees the crash even when a first look finds it still running.
  const result = await runtime.run(plan, { supervise: 'background', backoff: FAST_BACKOFF, settleMs: 500 });
  assert.equal(result.outcome, 'CrashLoopBackOff', result.message);
  const seen = (await statusOf(runtime, plan.uid))?.restarts ?? 0;
  // Only the background process restarts the container once run has returned.
  await waitFor('restarts by the background supervisor', async () => (((await statusOf(runtime, plan.uid))?.restarts ?? 0) > seen ? true : undefined), 15_000, 250);
  assert.deepEqual(supervisorsOf([plan.uid]).length, 1);
  await runtime.stop(plan.uid, { timeoutSeconds: 0 });
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test('adopt sweeps the files of pods that are gone once no live process holds them', async () => {
  const runtime = newRuntime();
  // A process that has exited: its pid is dead.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
  const gone = '00000000-0000-4000-8000-00000000dead';
  const held = '00000000-0000-4000-8000-0000000alive';
  const old = new Date(Date.now() - 120_000);
  for (const [uid, holder] of [
    [gone, dead],
    [held, process.pid],
  ] as const) {
    for (const ext of ['lock', 'stop', 'log']) {
      const f = join(runtime.stateDir, `${uid}.${ext}`);
      writeFileSync(f, ext === 'lock' ? String(holder) : '');
      utimesSync(f, old, old);
    }
  }
  await runtime.adopt();
  assert.deepEqual(filesOf(runtime, [gone]), [], 'a lock whose holder died goes with the other files');
  assert.deepEqual(filesOf(runtime, [held]).sort(), [`${held}.lock`, `${held}.log`, `${held}.stop`], 'a lock a live process holds stays');
});
