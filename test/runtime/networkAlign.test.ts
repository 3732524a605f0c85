// A pod's network connection is left alone while nothing about its names changes: the engine adds
// the pod's hostname (and the container's short id) as aliases of its own when it starts a container,
// and a manager that took those for aliases to remove re-connected every new pod once, leaving it a
// moment without network just as it started (and at risk of another address).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAST_BACKOFF, engine, newRuntime, sleeperDeployment, uniqueName, waitFor } from './helpers';

test('a Running pod of a workload is never disconnected from its network when no Service names it', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const name = uniqueName('pw-align');
  const since = Math.floor(Date.now() / 1000) - 1;
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  await runtime.workloads.apply(sleeperDeployment(name).replace('replicas: 1', 'replicas: 2'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const pods = await waitFor('two Running pods', async () => {
    const ps = (await runtime.list()).filter((p) => p.owner?.name === name && p.phase === 'Running');
    return ps.length === 2 ? ps : undefined;
  }, 60_000);
  // Passes that see the pods Running (where a re-connection would happen).
  for (let i = 0; i < 3; i++) await manager.nextPass();
  const ids = new Set((await Promise.all(pods.map((p) => engine().listContainers({ filters: { label: [`io.podwright.uid=${p.uid}`, 'io.podwright.role=infra'] } })))).flat().map((c) => c.Id));
  assert.equal(ids.size, 2);
  const stream = await engine().getEvents({ since, until: Math.ceil(Date.now() / 1000) + 1, filters: { type: ['network'], event: ['disconnect'] } });
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  const disconnects = Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { Actor: { Attributes: { container?: string } } })
    .filter((e) => ids.has(e.Actor.Attributes.container ?? ''));
  assert.deepEqual(disconnects, []);
});
