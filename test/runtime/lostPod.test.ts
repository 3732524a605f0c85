// A pod whose engine stopped its containers (a crash or restart of the engine, a kill) while no
// supervisor was alive to bring it back: kubectl's answer for a pod on a node that stopped
// reporting is `Unknown`, and that is what it shows, whether or not a stop was asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL } from '../../runtime/src/labels';
import { engine, newRuntime, objectsLeft, planFixture, statusOf, waitStatus } from './helpers';

test('the engine killed every container of a pod nobody supervises: Unknown, not ContainerCreating or Terminating', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'sigterm-ignored.yaml', 'pw-lost');
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Running', result.message);
  // What an engine that goes down does to its containers, the infra container included.
  const containers = await engine().listContainers({ filters: { label: [`${LABEL.uid}=${plan.uid}`] } });
  await Promise.all(containers.map((c) => engine().getContainer(c.Id).kill()));

  const lost = await waitStatus(runtime, plan.uid, 'the pod to be Unknown', (s) => s.status === 'Unknown');
  assert.equal(lost.phase, 'Unknown');
  assert.equal(lost.ready, '0/3');
  assert.deepEqual(
    lost.containers.map((c) => [c.name, c.state, c.exitCode]),
    [
      ['side-a', 'terminated', 137],
      ['side-b', 'terminated', 137],
      ['app', 'terminated', 137],
    ],
  );
  // A stop asked for by a process that is gone (the engine was away when it tried): still Unknown.
  writeFileSync(join(runtime.stateDir, `${plan.uid}.stop`), String(Date.now()));
  assert.equal((await statusOf(runtime, plan.uid))?.status, 'Unknown');
  await runtime.stop(plan.uid, { timeoutSeconds: 0 });
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});
