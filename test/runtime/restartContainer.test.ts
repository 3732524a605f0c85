// Restart Container on the real engine: the container is stopped and its supervisor brings it back
// under the restart policy (one restart counted, the old run kept stopped for logs -p); a container
// that its policy would leave stopped is refused before anything is touched.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest, RuntimeError } from '../../runtime/src';
import { containerName } from '../../runtime/src/create';
import { cleanup, engine, FAST_BACKOFF, newRuntime, statusOf, uniqueName, waitStatus } from './helpers';

const pod = (name: string, policy: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${policy}
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: podwright-test/busybox:1
    command: [sh, -c, 'echo run; exec sleep 3600']
  - name: side
    image: podwright-test/busybox:1
    command: [sleep, '3600']
`;

function planned(t: TestContext, runtime: ReturnType<typeof newRuntime>, policy: string) {
  const { plans, problems } = planManifest(pod(uniqueName('pw-rc'), policy), 'restart.yaml');
  assert.deepEqual(problems, []);
  t.after(() => cleanup(runtime, plans));
  return plans[0];
}

test('Restart Container: one restart counted, the other container untouched, no second copy left running', async (t) => {
  const runtime = newRuntime();
  const plan = planned(t, runtime, 'Always');
  await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  const running = await waitStatus(runtime, plan.uid, 'both running', (s) => s.containers.every((c) => c.state === 'running'));
  const sideStarted = running.containers[1].startedAt;
  await runtime.restartContainer(running, 'web');
  const after = await waitStatus(runtime, plan.uid, 'web restarted and running', (s) => s.containers[0].restarts === 1 && s.containers[0].state === 'running', 30_000);
  assert.equal(after.containers[1].restarts, 0);
  assert.equal(after.containers[1].startedAt, sideStarted);
  // The engine holds one running web container; the previous run is kept, stopped.
  const docker = engine();
  const web = containerName(after, 'web');
  const list = await docker.listContainers({ all: true, filters: { name: [web] } });
  const states = list.map((c) => [c.Names[0].slice(1), c.State]).sort();
  assert.deepEqual(states, [[web, 'running'], [`${web}_prev`, 'exited']]);
  const lines: string[] = [];
  await runtime.logs(after, { container: 'web', previous: true }, (l) => lines.push(l.text));
  assert.deepEqual(lines, ['run\n']);
});

test('Restart Container is refused for an app container of a restartPolicy Never pod, and for a stopped one', async (t) => {
  const runtime = newRuntime();
  const plan = planned(t, runtime, 'Never');
  await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  const running = await waitStatus(runtime, plan.uid, 'both running', (s) => s.containers.every((c) => c.state === 'running'));
  await assert.rejects(runtime.restartContainer(running, 'web'), (e: unknown) => e instanceof RuntimeError && e.failure.code === 'CannotRestart' && /restartPolicy is Never/.test(e.message));
  const still = await statusOf(runtime, plan.uid);
  assert.equal(still?.containers[0].state, 'running');
  assert.equal(still?.containers[0].startedAt, running.containers[0].startedAt);
  const stopped = { ...running, containers: running.containers.map((c) => (c.name === 'side' ? { ...c, state: 'terminated' as const } : c)) };
  await assert.rejects(runtime.restartContainer(stopped, 'side'), (e: unknown) => e instanceof RuntimeError && e.failure.code === 'ContainerNotRunning');
});
