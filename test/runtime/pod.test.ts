// A multi-container pod on the real engine: start order, localhost between containers, a shared
// emptyDir, env from the downward API with $(VAR) expansion, and nothing left after stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execIn, newRuntime, objectsLeft, planFixture, statusOf } from './helpers';

test('init, sidecar and two app containers: order, localhost, emptyDir, env; stop leaves nothing', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'localhost-and-emptydir.yaml', 'pw-pod');
  const events: string[] = [];
  const result = await runtime.run(plan, { supervise: 'none', onEvent: (e) => events.push(`${e.reason} ${e.container ?? ''}`.trim()) });
  assert.equal(result.outcome, 'Running', result.message);

  // Kubernetes order: the init container completed before the sidecar started, the sidecar before the apps.
  const started = events.filter((e) => e.startsWith('Started'));
  assert.deepEqual(started.slice(0, 2), ['Started init', 'Started side']);
  assert.deepEqual(started.slice(2).sort(), ['Started client', 'Started web']);
  const early = await statusOf(runtime, plan.uid);
  assert.ok(early);
  const at = (name: string, key: 'startedAt' | 'finishedAt') => Date.parse(early.containers.find((c) => c.name === name)?.[key] ?? '');
  // The engine's own clock: the init container finished before the sidecar started, and the sidecar before the apps.
  assert.ok(at('init', 'finishedAt') <= at('side', 'startedAt'), 'init finished before the sidecar started');
  assert.ok(at('side', 'startedAt') <= at('web', 'startedAt') && at('side', 'startedAt') <= at('client', 'startedAt'), 'sidecar started before the apps');

  // localhost reaches the other container; the page was written by the init container into the emptyDir.
  const page = await execIn(runtime, plan, 'client', ['wget', '-qO-', 'http://localhost:8080/index.html']);
  assert.equal(page.code, 0);
  assert.equal(page.out, 'written-by-init\n');

  // An emptyDir is world-writable, as the kubelet makes it: the client runs as nobody and writes.
  const write = await execIn(runtime, plan, 'client', ['sh', '-c', 'id -u && touch /shared/by-nobody && ls -ld /shared']);
  assert.equal(write.code, 0, write.out);
  assert.match(write.out, /^65534\ndrwxrwxrwx /);

  const env = await execIn(runtime, plan, 'client', ['sh', '-c', 'echo "$POD_NAME|$GREETING|$POD_IP"']);
  const [podName, greeting, podIP] = env.out.trim().split('|');
  assert.equal(podName, plan.name);
  assert.equal(greeting, `hello ${plan.name} $(POD_NAME) $(UNDEFINED)`);
  assert.match(podIP, /^\d+\.\d+\.\d+\.\d+$/);
  const hostname = await execIn(runtime, plan, 'web', ['hostname']);
  assert.equal(hostname.out.trim(), plan.name);

  const status = await statusOf(runtime, plan.uid);
  assert.ok(status);
  assert.equal(status.phase, 'Running');
  assert.equal(status.status, 'Running');
  assert.equal(status.ready, '3/3');
  assert.deepEqual(
    status.containers.map((c) => [c.name, c.role, c.state, c.reason ?? null]),
    [
      ['init', 'init', 'terminated', 'Completed'],
      ['side', 'sidecar', 'running', null],
      ['web', 'app', 'running', null],
      ['client', 'app', 'running', null],
    ],
  );

  const before = await objectsLeft(plan.uid);
  assert.deepEqual(before, { containers: 5, volumes: 1 });
  await runtime.stop(plan.uid);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});
