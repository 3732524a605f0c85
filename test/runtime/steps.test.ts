// Creating a pod runs independent steps together: a failure stops the others at their next check,
// and the whole ends only once every step has ended, so cleanup never races a creation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Steps } from '../../runtime/src/steps';

test('a failing step stops the others at their next check, and end() waits for all of them', async () => {
  const steps = new Steps(() => undefined);
  const done: string[] = [];
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  steps.run(async () => {
    throw new Error('no such image');
  });
  steps.run(async () => {
    await slow;
    done.push('slow step ended');
  });
  const checked = steps.run(async () => {
    await new Promise((r) => setImmediate(r));
    steps.check();
    done.push('not reached');
  });
  await assert.rejects(checked, /no such image/, 'the sibling failure is thrown at the check');
  const ended = steps.end().then(
    () => 'resolved',
    (e: Error) => e.message,
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(done, [], 'end() is still waiting for the slow step');
  release();
  assert.equal(await ended, 'no such image');
  assert.deepEqual(done, ['slow step ended']);
});

test('a stop asked for while creating is thrown by check() and by end()', async () => {
  let stopped = false;
  const steps = new Steps(() => {
    if (stopped) throw new Error('stopped while starting');
  });
  steps.run(async () => undefined);
  stopped = true;
  assert.throws(() => steps.check(), /stopped while starting/);
  await assert.rejects(steps.end(), /stopped while starting/);
});
