// Restart policy on the real engine: kubelet back-off (shortened for the test) with the
// CrashLoopBackOff reason and restart counts; a Job with a native sidecar completes; OOM kills;
// a failing init container fails the pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engine, execIn, FAST_BACKOFF, newRuntime, objectsLeft, planFixture, waitStatus } from './helpers';
import { containerName, infraName } from '../../runtime/src/create';

test('crash loop: restarts with back-off, CrashLoopBackOff while waiting, counts restarts', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'crash-loop.yaml', 'pw-crash');
  const backoffs: number[] = [];
  const result = await runtime.run(plan, {
    supervise: 'inProcess',
    backoff: FAST_BACKOFF,
    settleMs: 500,
    onEvent: (e) => e.reason === 'BackOff' && backoffs.push(Date.now()),
  });
  // The first crash is restarted at once; the second waits: run reports the crash loop.
  assert.equal(result.outcome, 'CrashLoopBackOff', result.message);
  assert.match(result.message, /container 'crasher' is in CrashLoopBackOff \(last exit code 3\)/);
  const waiting = await waitStatus(runtime, plan.uid, 'CrashLoopBackOff', (s) => s.status === 'CrashLoopBackOff');
  assert.equal(waiting.phase, 'Running');
  assert.equal(waiting.ready, '0/1');
  const c = waiting.containers[0];
  assert.equal(c.state, 'waiting');
  assert.equal(c.reason, 'CrashLoopBackOff');
  assert.equal(c.lastExitCode, 3);
  assert.ok(c.restarts >= 1);
  // Restarts go on, with growing delays: 1 s, then 2 s between BackOff events at least.
  const later = await waitStatus(runtime, plan.uid, '3 restarts', (s) => s.restarts >= 3, 20_000);
  assert.ok(later.restarts >= 3);
  assert.ok(backoffs.length >= 2);
  const gaps = backoffs.slice(1).map((x, i) => x - backoffs[i]);
  assert.ok(gaps[0] >= 900, `first back-off gap ${gaps[0]} ms`);
  if (gaps.length > 1) assert.ok(gaps[1] >= 1800, `second back-off gap ${gaps[1]} ms`);
  await runtime.stop(plan.uid);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test("events follow the kubelet's steps: each container's Pulled, Created, Started at its turn, and again at each restart", async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'init-then-crash.yaml', 'pw-steps');
  await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  const later = await waitStatus(runtime, plan.uid, '2 restarts', (s) => s.restarts >= 2, 20_000);
  const steps = runtime
    .events(plan.uid)
    .filter((e) => ['Pulled', 'Created', 'Started'].includes(e.reason))
    .map((e) => `${e.reason} ${e.container}`);
  const turn = (c: string) => [`Pulled ${c}`, `Created ${c}`, `Started ${c}`];
  // The app is created with the pod (its creation is most of the start), but not said to be
  // Created while the init container runs, as it was before.
  assert.deepEqual(steps.slice(0, 9), [...turn('setup'), ...turn('app'), ...turn('app')]);
  assert.ok(steps.filter((x) => x === 'Created app').length >= later.restarts, steps.join(', '));
  const present = runtime.events(plan.uid).find((e) => e.reason === 'Pulled' && e.container === 'app');
  assert.equal(present?.message, 'Container image "podwright-test/busybox:1" already present on machine');
});

test('a container that exits right after it started is a crash, not Running (the settle window)', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'crash-after-start.yaml', 'pw-flaky');
  const result = await runtime.run(plan, { supervise: 'none', backoff: FAST_BACKOFF, settleMs: 500 });
  assert.equal(result.outcome, 'CrashLoopBackOff', result.message);
  assert.match(result.message, /container 'flaky' is in CrashLoopBackOff \(last exit code 2\)/);
});

test('a Job with a native sidecar completes: Succeeded, sidecar stopped', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'job-with-sidecar.yaml', 'pw-job');
  const result = await runtime.run(plan, { supervise: 'inProcess' });
  assert.ok(result.outcome === 'Running' || result.outcome === 'Succeeded', result.message);
  const done = await waitStatus(runtime, plan.uid, 'Succeeded with the sidecar stopped', (s) => s.phase === 'Succeeded' && s.containers[0].state === 'terminated');
  assert.equal(done.status, 'Completed');
  assert.deepEqual(
    done.containers.map((c) => [c.name, c.role, c.state, c.reason, c.exitCode]),
    [
      ['proxy', 'sidecar', 'terminated', 'Completed', 0],
      ['job', 'app', 'terminated', 'Completed', 0],
    ],
  );
  const events = runtime.events(plan.uid).map((e) => `${e.reason} ${e.container ?? ''}`.trim());
  assert.ok(events.includes('Killing proxy'), events.join(', '));
});

test('OOM kill: the container is terminated with reason OOMKilled, the pod fails', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'oom.yaml', 'pw-oom');
  const result = await runtime.run(plan, { supervise: 'inProcess' });
  assert.ok(['Running', 'Failed'].includes(result.outcome), result.message);
  const failed = await waitStatus(runtime, plan.uid, 'Failed, the container terminated', (s) => s.phase === 'Failed' && s.containers[0].state === 'terminated');
  assert.equal(failed.status, 'OOMKilled');
  assert.equal(failed.containers[0].reason, 'OOMKilled');
  assert.equal(failed.containers[0].exitCode, 137);
});

test('a failing init container fails the pod under restartPolicy Never: Init:Error, app never started', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'init-fails.yaml', 'pw-initfail');
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Failed', result.message);
  const s = result.status;
  assert.ok(s);
  assert.equal(s.phase, 'Failed');
  assert.equal(s.status, 'Init:Error');
  assert.deepEqual(
    s.containers.map((c) => [c.name, c.state, c.reason, c.exitCode ?? null]),
    [
      ['first', 'terminated', 'Completed', 0],
      ['second', 'terminated', 'Error', 7],
      ['app', 'waiting', 'PodInitializing', null],
    ],
  );
});

test('an init container failing under restartPolicy Always: Init:CrashLoopBackOff, retried, the app never starts', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'init-crash-loop.yaml', 'pw-initloop');
  const result = await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  assert.equal(result.outcome, 'CrashLoopBackOff', result.message);
  const s = await waitStatus(runtime, plan.uid, 'Init:CrashLoopBackOff with 2 restarts', (x) => x.status === 'Init:CrashLoopBackOff' && x.containers[0].restarts >= 2, 15_000);
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containers.map((c) => [c.name, c.state, c.reason]), [
    ['setup', 'waiting', 'CrashLoopBackOff'],
    ['app', 'waiting', 'PodInitializing'],
  ]);
});

test('a native sidecar restarts under restartPolicy Never, and the Job still completes', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'flaky-sidecar-job.yaml', 'pw-flaky');
  await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  const done = await waitStatus(runtime, plan.uid, 'Succeeded', (x) => x.phase === 'Succeeded' && x.containers[0].state !== 'running', 20_000);
  assert.ok(done.containers[0].restarts >= 1, `sidecar restarts: ${done.containers[0].restarts}`);
  assert.deepEqual([done.containers[1].state, done.containers[1].reason, done.containers[1].restarts], ['terminated', 'Completed', 0]);
});

test('the infra container dies (as on an engine restart): the sandbox is started again and the apps rejoin it', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'localhost-and-emptydir.yaml', 'pw-sandbox');
  const result = await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  assert.equal(result.outcome, 'Running', result.message);
  // An engine restart stops every container: the sandbox, the sidecar and the apps.
  await Promise.all([infraName(plan), ...['side', 'web', 'client'].map((c) => containerName(plan, c))].map((n) => engine().getContainer(n).kill()));
  const back = await waitStatus(runtime, plan.uid, 'the pod running again', (s) => s.containers.every((c) => c.restarts >= 1) && s.containers.filter((c) => c.role !== 'init').every((c) => c.state === 'running'), 20_000);
  assert.equal(back.phase, 'Running');
  assert.equal(back.status, 'Running');
  // The init container ran again in the new sandbox, before the others.
  // (A member whose first new attempt raced the sandbox's restart counts two attempts.)
  assert.deepEqual(back.containers.map((c) => [c.name, c.state, c.restarts >= 1]), [
    ['init', 'terminated', true],
    ['side', 'running', true],
    ['web', 'running', true],
    ['client', 'running', true],
  ]);
  assert.ok(runtime.events(plan.uid).some((e) => e.reason === 'SandboxChanged'));
  const page = await execIn(runtime, plan, 'client', ['wget', '-qO-', 'http://localhost:8080/index.html']);
  assert.equal(page.out, 'written-by-init\n', 'localhost works again in the new sandbox');
});

test('activeDeadlineSeconds: the pod is stopped and fails with reason DeadlineExceeded', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'deadline.yaml', 'pw-deadline');
  const started = Date.now();
  const result = await runtime.run(plan, { supervise: 'inProcess' });
  assert.equal(result.outcome, 'Running', result.message);
  const failed = await waitStatus(runtime, plan.uid, 'Failed, the container stopped', (s) => s.phase === 'Failed' && s.containers[0].state === 'terminated', 15_000);
  assert.ok(Date.now() - started >= 4000, 'not before the deadline');
  assert.deepEqual([failed.containers[0].state, failed.containers[0].reason], ['terminated', 'Completed']);
  assert.ok(runtime.events(plan.uid).some((e) => e.reason === 'DeadlineExceeded'));
});

test('a deadline that passes while the pod starts: run says so, not only the STATUS column', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'deadline-init.yaml', 'pw-deadline-init');
  const result = await runtime.run(plan, { supervise: 'inProcess' });
  assert.equal(result.outcome, 'Failed', result.message);
  assert.equal(result.status?.reason, 'DeadlineExceeded');
  assert.match(result.message, /^pod 'pw-deadline-init-[0-9a-f]+' failed \([^;)]+; DeadlineExceeded: activeDeadlineSeconds passed\)$/);
});

test('a command that does not exist: RunContainerError, retried with back-off', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'bad-command.yaml', 'pw-badcmd');
  const result = await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  assert.equal(result.outcome, 'CrashLoopBackOff', result.message);
  assert.match(result.message, /container 'app' is in RunContainerError: .*\/no\/such\/binary/);
  const s = await waitStatus(runtime, plan.uid, '2 attempts more', (x) => x.restarts >= 2, 15_000);
  assert.deepEqual([s.status, s.containers[0].state, s.containers[0].reason], ['RunContainerError', 'waiting', 'RunContainerError']);
  const failures = runtime.events(plan.uid).filter((e) => e.reason === 'Failed').map((e) => Date.parse(e.time));
  assert.ok(failures.length >= 3 && failures[2] - failures[1] >= 900, `retried with back-off: ${failures.map((f) => f - failures[0]).join(', ')} ms`);
});
