// Termination as the kubelet does it: one terminationGracePeriodSeconds for the whole pod. App
// containers first, then native sidecars in reverse order within what is left, SIGKILL when the
// budget is spent. The order and the times are read from the engine's own events and FinishedAt,
// never from sleeps in the test.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { PodPlan, PodRuntime } from '../../runtime/src';
import { LABEL } from '../../runtime/src/labels';
import { engine, newRuntime, objectsLeft, planFixture, statusOf, waitFor } from './helpers';

interface Signal {
  container: string;
  action: 'kill' | 'die';
  /** Engine time, ms. */
  at: number;
  signal?: number;
  exitCode?: number;
}

/** Follows the engine's kill and die events of one pod until `close()`. */
async function recordSignals(uid: string): Promise<{ seen: Signal[]; close(): void }> {
  const stream = (await engine().getEvents({ filters: { type: ['container'], event: ['kill', 'die'], label: [`${LABEL.uid}=${uid}`] } })) as NodeJS.ReadableStream & { destroy(): void };
  const seen: Signal[] = [];
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const e = JSON.parse(line) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } };
      const a = e.Actor.Attributes;
      if (!a[LABEL.container]) continue; // the infra container
      seen.push({
        container: a[LABEL.container],
        action: e.Action as Signal['action'],
        at: e.timeNano / 1e6,
        signal: a.signal !== undefined ? Number(a.signal) : undefined,
        exitCode: a.exitCode !== undefined ? Number(a.exitCode) : undefined,
      });
    }
  });
  return { seen, close: () => stream.destroy() };
}

/** Runs the SIGTERM-ignoring fixture to Running and follows its kill and die events. */
async function runRecorded(t: TestContext, base: string): Promise<{ runtime: PodRuntime; plan: PodPlan; signals: { seen: Signal[] } }> {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'sigterm-ignored.yaml', base);
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Running', result.message);
  const signals = await recordSignals(plan.uid);
  t.after(() => signals.close());
  return { runtime, plan, signals };
}

test('stop spends one grace period: apps, then sidecars in reverse order within what is left, SIGKILL at the end', async (t) => {
  const { runtime, plan, signals } = await runRecorded(t, 'pw-term');
  await runtime.stop(plan.uid);
  const died = (c: string) => signals.seen.find((s) => s.container === c && s.action === 'die');
  await waitFor('the die events of the three containers', async () => (['app', 'side-a', 'side-b'].every(died) ? true : undefined), 5000);
  const first = Math.min(...signals.seen.map((s) => s.at));
  const at = (c: string) => (died(c)?.at ?? NaN) - first;
  const sigterm = (c: string) => signals.seen.find((s) => s.container === c && s.action === 'kill' && s.signal === 15);

  // The app ignores SIGTERM: it has the whole budget, then SIGKILL (exit 137).
  assert.ok(sigterm('app'), 'the app got SIGTERM first');
  assert.equal(died('app')?.exitCode, 137);
  assert.ok(at('app') >= 2900, `the app was given the 3 s grace period (died at ${at('app')} ms)`);
  // The sidecars outlive the app, the later-defined one stopping first, and the budget is spent:
  // they are killed at once, not given 3 s more each.
  assert.ok(at('app') <= at('side-b') && at('side-b') <= at('side-a'), `order app, side-b, side-a (${at('app')}, ${at('side-b')}, ${at('side-a')} ms)`);
  assert.equal(died('side-b')?.exitCode, 137);
  assert.ok(at('side-a') <= 3000 + 1500, `every container ended within the 3 s budget and the engine's overhead (the last at ${at('side-a')} ms)`);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test('a completed pod stops its sidecars within one grace period, not one each', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'sigterm-ignored-job.yaml', 'pw-term-job');
  // The settle window, as `run --wait` has it: a job container that runs `true` may be seen running
  // for a moment, and without it the run returned Running and left the pod to no supervisor.
  const result = await runtime.run(plan, { supervise: 'none', settleMs: 2000 });
  assert.equal(result.outcome, 'Succeeded', result.message);
  const status = await statusOf(runtime, plan.uid);
  assert.ok(status);
  const finished = (c: string) => Date.parse(status.containers.find((x) => x.name === c)?.finishedAt ?? '');
  const after = (c: string) => finished(c) - finished('job');
  // Reverse order: side-b is stopped first and has the budget (it ignores SIGTERM); side-a is
  // killed once the budget is spent.
  assert.ok(after('side-b') >= 2900, `side-b was given the grace period (ended ${after('side-b')} ms after the job)`);
  assert.ok(after('side-b') <= after('side-a'), `side-b before side-a (${after('side-b')}, ${after('side-a')} ms)`);
  assert.ok(after('side-a') <= 3000 + 1500, `both sidecars ended within one 3 s budget and the overhead (side-a ${after('side-a')} ms after the job)`);
  assert.deepEqual(
    status.containers.map((c) => [c.name, c.state, c.exitCode]),
    [
      ['side-a', 'terminated', 137],
      ['side-b', 'terminated', 137],
      ['job', 'terminated', 0],
    ],
  );
});

test('a forced stop during a graceful one: whichever returns first, nothing of the pod is left when it does', async (t) => {
  const { runtime, plan, signals } = await runRecorded(t, 'pw-term-force');
  const graceful = runtime.stop(plan.uid);
  await waitFor('SIGTERM to the app', async () => (signals.seen.some((s) => s.container === 'app' && s.signal === 15) ? true : undefined), 5000, 20);
  // Force Stop in VS Code: a second stop of the same pod with no grace while the first one waits.
  const forced = runtime.stop(plan.uid, { timeoutSeconds: 0 });
  const leftWhenFirstReturned = await Promise.race([graceful, forced]).then(() => objectsLeft(plan.uid));
  await Promise.all([graceful, forced]);
  assert.deepEqual(leftWhenFirstReturned, { containers: 0, volumes: 0 });
});
