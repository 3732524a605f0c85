// Probes on the real engine: readiness sets READY (exec and tcpSocket), liveness failure restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest } from '../../runtime/src';
import { cleanup, execIn, FAST_BACKOFF, newRuntime, planFixture, uniqueName, waitStatus } from './helpers';

test('readiness probes set READY; a failing liveness probe restarts the container', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'probes.yaml', 'pw-probes');
  const result = await runtime.run(plan, { supervise: 'inProcess', backoff: FAST_BACKOFF });
  assert.equal(result.outcome, 'Running', result.message);
  const ready = (name: string) => (s: { containers: { name: string; ready: boolean }[] }) => !!s.containers.find((c) => c.name === name)?.ready;

  // tcpSocket: the server in 'late' listens after 2 s, then the probe passes.
  const late = await waitStatus(runtime, plan.uid, "'late' ready", ready('late'), 15_000);
  assert.equal(late.containers.find((c) => c.name === 'web')?.ready, false, "'web' is not ready before /tmp/ready exists");
  assert.equal(late.ready, '1/2');
  assert.equal(late.status, 'Running');

  // exec: readiness follows the file.
  await execIn(runtime, plan, 'web', ['touch', '/tmp/ready']);
  const both = await waitStatus(runtime, plan.uid, "'web' ready", ready('web'), 10_000);
  assert.equal(both.ready, '2/2');
  assert.equal(both.restarts, 0, 'a passing liveness probe restarts nothing');

  // httpGet liveness: removing the page fails it twice, the container is killed and restarted.
  await execIn(runtime, plan, 'web', ['rm', '/www/healthz']);
  const restarted = await waitStatus(runtime, plan.uid, "'web' restarted", (s) => (s.containers.find((c) => c.name === 'web')?.restarts ?? 0) >= 1, 20_000);
  const web = restarted.containers.find((c) => c.name === 'web');
  assert.equal(web?.restarts, 1);
  const events = runtime.events(plan.uid).filter((e) => e.container === 'web').map((e) => `${e.reason}: ${e.message}`);
  // The probe's own output, as the kubelet puts it in the event.
  assert.ok(events.includes('Unhealthy: Liveness probe failed: wget: server returned error: HTTP/1.1 404 Not Found'), events.join('\n'));
  assert.ok(events.includes('Killing: Container web failed liveness probe, will be restarted'), events.join('\n'));
  // A restart is a new container, as on Kubernetes: the writable layer (and /tmp/ready) is gone,
  // so the new run is running but not ready.
  const again = await waitStatus(runtime, plan.uid, "'web' running again", (s) => s.containers.find((c) => c.name === 'web')?.state === 'running', 10_000);
  assert.equal(again.phase, 'Running');
  assert.equal(again.containers.find((c) => c.name === 'web')?.ready, false);
  const file = await execIn(runtime, plan, 'web', ['test', '-f', '/tmp/ready']);
  assert.equal(file.code, 1);
});

test("a liveness probe's own terminationGracePeriodSeconds replaces the pod's for its kill", async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-probe-grace');
  // sleep as PID 1 ignores SIGTERM: the kill waits the whole grace period, 120 s for the pod, 1 s for the probe.
  const text = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 120
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sleep, '3600']
    livenessProbe:
      exec: {command: ['false']}
      periodSeconds: 1
      failureThreshold: 1
      terminationGracePeriodSeconds: 1
`;
  const { plans } = planManifest(text, 'p.yaml');
  t.after(() => cleanup(runtime, plans));
  assert.equal(plans[0].containers[0].livenessProbe?.terminationGracePeriodSeconds, 1);
  assert.equal((await runtime.run(plans[0], { supervise: 'inProcess', backoff: FAST_BACKOFF })).outcome, 'Running');
  const restarted = await waitStatus(runtime, plans[0].uid, 'the app restarted by its liveness probe', (s) => s.restarts >= 1, 20_000);
  assert.ok(restarted.restarts >= 1);
});
