// Debug containers on the real engine (`kubectl debug --target`): the debug container sees the
// target container's processes, and only with --target; it is listed under the pod without
// changing the pod's status, and goes with the pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planManifest } from '../../runtime/src';
import { LABEL } from '../../runtime/src/labels';
import { cliHarness } from './cliHarness';
import { cleanup, engine, newRuntime, uniqueName } from './helpers';

const manifest = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["sleep", "3601"]
`;

test("a debug container with --target sees the target's processes; without, it does not; it goes with the pod", async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-debug');
  const { plans } = planManifest(manifest(name), '/m/pod.yaml');
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans[0], { supervise: 'inProcess' });
  assert.equal(result.outcome, 'Running', result.message);

  const ps = async (target?: string) => {
    let out = '';
    const session = await runtime.debug(await runtime.pod({ name }), { target, command: ['ps'], onOutput: (b) => (out += b.toString('utf8')) });
    assert.match(session.container, /^debugger-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(await session.exit, 0, out);
    return { out, container: session.container };
  };
  const targeted = await ps('app');
  assert.match(targeted.out, /sleep 3601/, 'the target container\'s process is visible');
  const sandbox = await ps();
  assert.doesNotMatch(sandbox.out, /sleep 3601/, 'without --target, the app has a process namespace of its own');

  const pod = await runtime.pod({ name });
  assert.equal(pod.phase, 'Running');
  assert.equal(pod.ready, '1/1');
  assert.deepEqual(pod.containers.map((c) => c.name), ['app'], 'not one of the pod\'s own containers');
  assert.deepEqual(
    pod.ephemeralContainers?.map((c) => [c.name, c.target, c.state]),
    [
      [targeted.container, 'app', 'terminated'],
      [sandbox.container, undefined, 'terminated'],
    ],
    'in the order they were added',
  );

  await runtime.stop(plans[0].uid, { timeoutSeconds: 0 });
  const left = await engine().listContainers({ all: true, filters: { label: [`${LABEL.uid}=${plans[0].uid}`] } });
  assert.deepEqual(left.map((c) => c.Names), [], 'removed with the pod');
});

test('podwright debug POD --target C -- ps: the command line', async (t) => {
  const cli = cliHarness('podwright-debug');
  const name = uniqueName('pw-debug-cli');
  writeFileSync(join(cli.work, 'pod.yaml'), manifest(name));
  t.after(async () => {
    await cli(['stop', name, '--timeout', '0']);
  });
  const run = await cli(['run', 'pod.yaml']);
  assert.equal(run.code, 0, run.err);
  const debug = await cli(['debug', name, '--target', 'app', '--', 'ps']);
  assert.equal(debug.code, 0, debug.err);
  assert.match(debug.out, /sleep 3601/);
  assert.match(debug.err, new RegExp(`^Debug container debugger-\\w{5} in pod ${name}, sharing the processes of app\\.\\n$`));
  const ps = JSON.parse((await cli(['ps', '--format', 'json'])).out) as { pods: { name: string; containers: unknown[]; ephemeralContainers?: { name: string; target: string | null; state: string; exitCode: number | null }[] }[] };
  const listed = ps.pods.find((p) => p.name === name);
  assert.equal(listed?.containers.length, 1);
  assert.deepEqual(listed?.ephemeralContainers?.map((c) => [c.name.replace(/\w{5}$/, 'xxxxx'), c.target, c.state, c.exitCode]), [['debugger-xxxxx', 'app', 'terminated', 0]]);
  const missing = await cli(['debug', name, '--target', 'nope', '--', 'ps']);
  assert.equal(missing.code, 1, missing.err);
  assert.match(missing.err, /nope/);
});
