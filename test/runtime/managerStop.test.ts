// Stopping a pod of a workload from another process (the editor's Restart Pod, `podwright delete
// pod/x`) while the background controller manager supervises it: the pod goes, the manager lives on
// and makes a new pod in its place. The manager supervises its pods inside its own process, so the
// pod's supervisor pid is the manager's: a stop must not signal it as it signals a pod's own
// background supervisor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PodRuntime } from '../../runtime/src';
import { isAlive } from '../../runtime/src/state';
import { newRuntime, objectsLeft, sleeperDeployment as deployment, uniqueName, waitFor } from './helpers';

test('a pod of a workload stopped from another process is replaced; the background manager lives on', { timeout: 90_000 }, async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-mstop');
  const managerPid = () => Number(readFileSync(join(runtime.stateDir, 'objects', 'manager.lock'), 'utf8'));
  let pid: number | undefined;
  t.after(async () => {
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
    // The manager would exit by itself a minute after its last workload; this test started it.
    if (pid && isAlive(pid)) process.kill(pid, 'SIGTERM');
    runtime.close();
  });
  // No manager in this process: apply starts one in the background, as for a person.
  await runtime.workloads.apply(deployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const pods = async () => (await runtime.list()).filter((p) => p.owner?.name === name);
  const [first] = await waitFor('its pod ready', async () => {
    const ps = await pods();
    return ps.length === 1 && ps[0].ready === '1/1' ? ps : undefined;
  }, 60_000);
  pid = managerPid();
  assert.ok(isAlive(pid), 'a background manager runs');

  // Another runtime on the same state folder stands for another process (the editor, the CLI).
  const other = new PodRuntime({ stateDir: runtime.stateDir });
  await other.stop(first.uid);
  other.close();
  assert.ok(isAlive(pid), 'the manager was not stopped with the pod');
  await waitFor('a new pod in its place', async () => {
    const ps = await pods();
    return ps.length === 1 && ps[0].uid !== first.uid && ps[0].ready === '1/1' ? ps : undefined;
  }, 60_000);
  assert.deepEqual(await objectsLeft(first.uid), { containers: 0, volumes: 0 });
});


test('a background manager whose state folder is removed exits, and does not make the folder again', { timeout: 90_000 }, async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-mgone');
  let pid: number | undefined;
  t.after(async () => {
    if (pid && isAlive(pid)) process.kill(pid, 'SIGTERM');
    runtime.close();
    rmSync(runtime.stateDir, { recursive: true, force: true });
  });
  await runtime.workloads.apply(deployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  await waitFor('its pod', async () => (await runtime.list()).find((p) => p.owner?.name === name), 60_000);
  pid = Number(readFileSync(join(runtime.stateDir, 'objects', 'manager.lock'), 'utf8'));
  assert.ok(isAlive(pid));
  await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
  rmSync(runtime.stateDir, { recursive: true, force: true });
  // Its idle check comes every 5 s; without this it would stay a minute, writing to the folder.
  await waitFor('the manager to exit', async () => (isAlive(pid!) ? undefined : true), 20_000, 200);
  assert.equal(existsSync(join(runtime.stateDir, 'objects', 'cluster-id')), false);
});

test('a manager stopped during a pass supervises nothing after it returns; a closed runtime starts no supervisor', { timeout: 120_000 }, async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-mrace');
  const first = runtime.controllerManager({ tickMs: 60_000 });
  t.after(async () => {
    await first.stop();
    // A manager in this process serves the delete: otherwise delete starts one in the background.
    const cleaner = runtime.controllerManager({ tickMs: 60_000 });
    await cleaner.start();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
    await cleaner.stop();
  });
  assert.equal(await first.start(), true);
  await runtime.workloads.apply(deployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  const [pod] = await waitFor('its pod ready', async () => {
    const ps = (await runtime.list()).filter((p) => p.owner?.name === name);
    return ps.length === 1 && ps[0].ready === '1/1' ? ps : undefined;
  }, 60_000);
  // Its supervisor goes with the manager; the pod runs on unsupervised.
  await first.stop();
  const supervisors = (r: PodRuntime) => (r as unknown as { supervisors: Map<string, unknown> }).supervisors.size;
  assert.equal(supervisors(runtime), 0);

  // A new manager's first pass would supervise the pod here. Stopped while that pass lists the
  // pods, it must leave no supervisor behind once stop() has returned: one would keep this process
  // alive (its probe timers) and hold the pod's lock.
  const other = new PodRuntime({ stateDir: runtime.stateDir });
  const manager = other.controllerManager({ tickMs: 60_000 });
  const list = other.list.bind(other);
  let stopped: Promise<void> | undefined;
  other.list = async (...args: Parameters<PodRuntime['list']>) => {
    stopped ??= manager.stop();
    return list(...args);
  };
  assert.equal(await manager.start(), true);
  await waitFor('the stop asked during a pass', async () => (stopped ? true : undefined));
  await stopped;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(supervisors(other), 0, 'no supervisor after stop()');
  const closed = new PodRuntime({ stateDir: runtime.stateDir });
  closed.close();
  assert.equal(await closed.superviseHere(pod.uid), false);
  assert.equal(supervisors(closed), 0);
});
