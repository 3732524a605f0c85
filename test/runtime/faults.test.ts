// Bad input and faults: each gives a clear message and leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRuntimeError, planManifest, PodRuntime } from '../../runtime/src';
import { failureText, planProblemText } from '../../cli/src/words';
import { failureWords } from '../../client/src/flows/words';
import { cleanup, fixture, newRuntime, objectsLeft, planFixture, uniqueName, waitFor, waitStatus } from './helpers';

test('imagePullPolicy Never with a missing image: ErrImageNeverPull, nothing created', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'missing-image.yaml', 'pw-never');
  const events: string[] = [];
  const result = await runtime.run(plan, { supervise: 'none', onEvent: (e) => events.push(e.reason) });
  assert.equal(result.outcome, 'Failed');
  assert.equal(result.message, `ErrImageNeverPull: container 'app': Container image "podwright-test/does-not-exist:1" is not present with pull policy of Never`);
  assert.deepEqual(events, ['ErrImageNeverPull']);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test('imagePullPolicy Always when no registry answers: ErrImagePull, ImagePullBackOff, then refused; nothing left', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'pull-always.yaml', 'pw-pull');
  const events: string[] = [];
  // A 3 s ImagePullBackOff leaves time to see it even on a busy machine.
  const running = runtime.run(plan, { supervise: 'none', pullBackoffMs: 3000, onEvent: (e) => events.push(e.reason) });
  // While it waits to pull again, the pod is visible as kubectl shows it.
  const waiting = await waitStatus(runtime, plan.uid, 'ImagePullBackOff', (s) => s.status === 'ImagePullBackOff');
  assert.equal(waiting.phase, 'Pending');
  assert.equal(waiting.containers[0].reason, 'ImagePullBackOff');
  const result = await running;
  assert.equal(result.outcome, 'Failed');
  assert.match(result.message, /^ErrImagePull: container 'app': failed to pull image "podwright-test\/busybox:1": .+/);
  assert.deepEqual(events, ['Pulling', 'Failed', 'BackOff', 'Pulling', 'Failed']);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test('an image already on the machine (IfNotPresent) is Pulled without a Pulling event, as the kubelet says it', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-present');
  const { plans } = planManifest(fixture('pull-always.yaml', name).replace('imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent\n      command: ["sleep", "600"]'), 'present.yaml');
  t.after(() => cleanup(runtime, plans));
  const events: string[] = [];
  const result = await runtime.run(plans[0], { supervise: 'none', onEvent: (e) => events.push(`${e.reason}: ${e.message}`) });
  assert.equal(result.outcome, 'Running', result.message);
  assert.deepEqual(events.slice(0, 3), ['Pulled: Container image "podwright-test/busybox:1" already present on machine', 'Created: Created container app', 'Started: Started container app']);
});

test('a manifest with errors is refused with file:line:col and the analysis messages', () => {
  const { plans, problems } = planManifest(fixture('errors.yaml', 'pw-errors'), 'errors.yaml');
  assert.deepEqual(plans, []);
  // Where the analysis anchors them: the item's first key for the missing image, the duplicate value for the name.
  assert.deepEqual(problems, [
    { code: 'invalid', rule: 'containers', where: 'errors.yaml:10:7', message: "containers[1] ('app') needs an image. [containers]" },
    { code: 'invalid', rule: 'containers', where: 'errors.yaml:10:13', message: "Container name 'app' is already used by containers[0]; names must be unique across init, regular and ephemeral containers. [containers]" },
  ]);
});

test('unsupported volumes and host access are refused before anything is created', () => {
  const { plans, problems } = planManifest(fixture('unsupported-volume.yaml', 'pw-unsupported'), 'unsupported-volume.yaml');
  assert.deepEqual(plans, []);
  assert.deepEqual(
    problems.map((p) => [p.code, p.where, p.message]),
    [
      ['host-access', 'spec.volumes[1].hostPath', "hostPath volume 'host' (/etc) reaches the host."],
      ['unsupported', 'spec.volumes[0].nfs', 'nfs volumes cannot run on the local engine; podwright supports emptyDir, hostPath, configMap, secret, downwardAPI, persistentVolumeClaim.'],
    ],
  );
  // The command line adds its flag; the extension asks before it runs instead.
  assert.equal(planProblemText(problems[0]), "spec.volumes[1].hostPath: hostPath volume 'host' (/etc) reaches the host. Run with --allow-host-access to allow it.");
  assert.deepEqual(planManifest(fixture('unsupported-volume.yaml', 'pw-unsupported'), 'x.yaml', { allowHostAccess: true }).problems.map((p) => p.code), ['unsupported']);
});

test('engine unreachable: the message says where and how to start it', async () => {
  const runtime = new PodRuntime({ dockerHost: 'unix:///tmp/podwright-no-engine.sock' });
  await assert.rejects(runtime.ping(), (e: unknown) => {
    assert.ok(isRuntimeError(e, 'EngineUnreachable'));
    assert.equal(e.failure.address, 'unix:///tmp/podwright-no-engine.sock');
    assert.equal(
      e.message,
      'Cannot reach the Docker engine at unix:///tmp/podwright-no-engine.sock: is it running? (start it with `sudo systemctl start docker` or `dockerd`)',
    );
    return true;
  });
});

test('stop while starting: the run ends Cancelled and nothing is left', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'slow-init.yaml', 'pw-cancel');
  const running = runtime.run(plan, { supervise: 'none' });
  // Another runtime on the same state folder stands for another process (the CLI's `stop`).
  const other = new PodRuntime({ stateDir: runtime.stateDir });
  await waitFor('the init container running', async () => ((await other.list()).find((p) => p.uid === plan.uid)?.status === 'Init:0/1' ? true : undefined));
  await other.stop(plan.uid, { timeoutSeconds: 0 });
  const result = await running;
  assert.equal(result.outcome, 'Cancelled');
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});

test('two pods with the same name: the second is refused, another namespace is fine, replace replaces', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-same');
  const text = fixture('crash-loop.yaml', name).replace('echo crashing; exit 3', 'sleep 60');
  const first = planManifest(text, 'a.yaml').plans[0];
  const second = planManifest(text, 'b.yaml').plans[0];
  const elsewhere = planManifest(text.replace(`name: ${name}`, `name: ${name}\n  namespace: other`), 'c.yaml').plans[0];
  const replacement = planManifest(text, 'd.yaml').plans[0];
  t.after(() => cleanup(runtime, [first, second, elsewhere, replacement]));
  assert.equal((await runtime.run(first, { supervise: 'none' })).outcome, 'Running');
  await assert.rejects(runtime.run(second, { supervise: 'none' }), (e: unknown) => {
    assert.ok(isRuntimeError(e, 'AlreadyExists'));
    assert.deepEqual(e.failure, { code: 'AlreadyExists', pod: { name, namespace: 'default' }, status: 'Running' });
    assert.equal(failureText(e.failure), `pod '${name}' already exists in namespace 'default' (Running); use --replace to start it anew, or \`podwright stop ${name}\`.`);
    assert.equal(failureWords(e.failure), `pod '${name}' already exists in namespace 'default' (Running): replace it, or stop it first.`);
    return true;
  });
  assert.equal((await runtime.run(elsewhere, { supervise: 'none' })).outcome, 'Running');
  assert.equal((await runtime.run(replacement, { supervise: 'none', replace: true })).outcome, 'Running');
  const pods = (await runtime.list()).filter((p) => p.name === name);
  assert.deepEqual(pods.map((p) => [p.namespace, p.uid]).sort(), [['default', replacement.uid], ['other', elsewhere.uid]].sort());
  assert.deepEqual(await objectsLeft(first.uid), { containers: 0, volumes: 0 });
});

test('a build without the supervisor script: the pod runs, and an event says restarts will not go on', async (t) => {
  const runtime = new PodRuntime({ stateDir: newRuntime().stateDir, supervisorEntry: '/nonexistent/supervisorMain.js' });
  const plan = planFixture(t, runtime, 'crash-loop.yaml', 'pw-nosup');
  plan.containers[0].command = ['sleep', '60'];
  const result = await runtime.run(plan, { supervise: 'background' });
  assert.equal(result.outcome, 'Running', result.message);
  const warning = runtime.events(plan.uid).find((e) => e.reason === 'NoSupervisor');
  assert.equal(warning?.message, 'cannot start the background supervisor: /nonexistent/supervisorMain.js is missing');
});
