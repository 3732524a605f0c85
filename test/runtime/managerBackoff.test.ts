// A pod the engine cannot make (here: its hostPort is taken on this machine) is said on its owner as
// a FailedCreate event with the engine's reason, and the owner's next tries wait 1 s, 2 s, 4 s …:
// before, the event was lost and the manager tried again at every pass, several times a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { FAST_BACKOFF, newRuntime, sleeperDeployment, uniqueName, waitFor } from './helpers';

// The sleeper Deployment with a hostPort on its container.
const deployment = (name: string, port: number) => `${sleeperDeployment(name)}        ports:\n        - {containerPort: 8080, hostPort: ${port}}\n`;

test('a pod the engine cannot make: FailedCreate on its owner, and the next tries back off', { timeout: 120_000 }, async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-failcreate');
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
    server.close();
  });
  assert.equal(await manager.start(), true);
  await runtime.workloads.apply(deployment(name, port), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const ref = { kind: 'Deployment', name, namespace: 'default' };
  const failed = await waitFor('a FailedCreate event', async () => {
    const { status } = await runtime.workloads.get(ref);
    return status?.events.find((e) => e.reason === 'FailedCreate');
  }, 60_000, 100);
  assert.equal(failed.type, 'Warning');
  // Named as the API server names a pod it refuses: by its generateName, the ReplicaSet's.
  assert.match(failed.message, new RegExp(`^Error creating: pods "${name}-[a-z0-9]+-": .*${port}`));
  const tries = async () => (await runtime.workloads.get(ref)).status?.events.filter((e) => e.reason === 'SuccessfulCreate').length ?? 0;
  const before = await tries();
  // The next 2.5 s hold at most the tries at +1 s and +3 s (+ one in flight); a manager with no
  // back-off makes one per pass, several a second.
  await new Promise((r) => setTimeout(r, 2500));
  const during = (await tries()) - before;
  assert.ok(during <= 2, `${during} tries in 2.5 s after the first failure`);
  // The same failure again is one event, not one per try.
  const { status } = await runtime.workloads.get(ref);
  assert.equal(status?.events.filter((e) => e.reason === 'FailedCreate').length, 1, JSON.stringify(status?.events, null, 1));
});
