// A running controller manager sees an object the moment it is applied, from the engine's volume
// events, not at its next slow tick: the tick here is ten minutes, so only the event can start the
// pass that makes the pod within the wait below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_BACKOFF, newRuntime, sleeperDeployment as deployment, uniqueName, waitFor } from './helpers';

test('a Deployment applied while the manager runs gets its pod without waiting for the tick', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 600_000 });
  const name = uniqueName('pw-wake');
  t.after(async () => {
    await manager.stop();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  // The first pass (at start) is over: from here only an event or the ten-minute tick starts one.
  await manager.nextPass();
  await runtime.workloads.apply(deployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const pod = await waitFor('the Deployment\'s pod', async () => (await runtime.list()).find((p) => p.owner?.name === name), 60_000);
  assert.match(pod.name, new RegExp(`^${name}-[a-z0-9]+-[a-z0-9]{5}$`));
});

test('a steady stream of changes in the state folder does not hold back the pass that makes the pods', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 600_000 });
  const name = uniqueName('pw-busy');
  // Another writer in the folder (as each starting pod's supervisor is) every 20 ms, shorter than the
  // pass's 100 ms wait: a wait that restarts with every change would never end, and no pod would come.
  const noise = join(runtime.stateDir, `${name}.log`);
  let n = 0;
  const writer = setInterval(() => writeFileSync(noise, String(n++)), 20);
  t.after(async () => {
    clearInterval(writer);
    rmSync(noise, { force: true });
    await manager.stop();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  await manager.nextPass();
  await runtime.workloads.apply(deployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  await waitFor('the Deployment\'s pod while the folder keeps changing', async () => (await runtime.list()).find((p) => p.owner?.name === name), 60_000);
});

test('a pass that listed the pods before a creation ended counts that pod as pending: no replica is made twice', { timeout: 180_000 }, async (t) => {
  const runtime = newRuntime();
  // Each listing arrives 800 ms after it was taken (as a slow engine's would, or a pass that also
  // syncs Services), and a writer keeps passes coming back to back: some pass then lists before
  // the pods' creations end and reaches the controller after. A manager that forgot a pending pod
  // when its creation ended would see it neither listed nor pending there, and make another.
  const list = runtime.list.bind(runtime);
  runtime.list = async (selector) => {
    const pods = await list(selector);
    await new Promise((r) => setTimeout(r, 800));
    return pods;
  };
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 600_000 });
  const name = uniqueName('pw-once');
  const noise = join(runtime.stateDir, `${name}.log`);
  let n = 0;
  const writer = setInterval(() => writeFileSync(noise, String(n++)), 50);
  t.after(async () => {
    clearInterval(writer);
    rmSync(noise, { force: true });
    await manager.stop();
    runtime.list = list;
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  });
  assert.equal(await manager.start(), true);
  await runtime.workloads.apply(deployment(name).replace('replicas: 1', 'replicas: 3'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const seen = new Set<string>();
  await waitFor('three Running pods', async () => {
    const pods = (await list()).filter((p) => p.owner?.name === name);
    for (const p of pods) seen.add(p.name);
    return pods.length === 3 && pods.every((p) => p.phase === 'Running') ? pods : undefined;
  }, 90_000, 100);
  // A few more passes: an extra pod would be made, then deleted as one too many.
  for (let i = 0; i < 3; i++) await manager.nextPass();
  for (const p of (await list()).filter((x) => x.owner?.name === name)) seen.add(p.name);
  const { status } = await runtime.workloads.get({ kind: 'Deployment', name, namespace: 'default' });
  assert.deepEqual(status?.events.filter((e) => e.reason === 'SuccessfulCreate').length, 3);
  assert.equal(seen.size, 3, `pods seen: ${[...seen].join(', ')}`);
});
