// The bounded wait for a removal someone else is making (remove.ts): at its bound the engine's wait
// request is aborted, not left open. An open request keeps the process alive: `podwright delete`
// had done its work and never exited when the engine missed the end of a removal it was asked about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitRemoved } from '../../runtime/src/remove';
import { engine, uniqueName } from './helpers';

/** The engine requests this process has open on a path containing `part`. */
const openRequests = (part: string) =>
  (process as unknown as { _getActiveHandles(): { _httpMessage?: { path?: string } }[] })._getActiveHandles().filter((h) => h._httpMessage?.path?.includes(part));

test('a wait for a removal that does not come ends at its bound and leaves no request open', { timeout: 60_000 }, async (t) => {
  const docker = engine();
  const container = await docker.createContainer({ name: uniqueName('pw-waitrm'), Image: 'podwright-test/busybox:1', Cmd: ['sleep', '60'], Labels: { 'io.podwright.test': 'waitRemoved' } });
  t.after(() => container.remove({ force: true }));
  await container.start();
  // Nobody removes it: the engine would answer this wait only when it is gone.
  await waitRemoved(container, 300);
  // The aborted socket closes on the next turns of the loop.
  for (let i = 0; i < 20 && openRequests(`/containers/${container.id}/wait`).length; i++) await new Promise((r) => setTimeout(r, 25));
  assert.deepEqual(openRequests(`/containers/${container.id}/wait`).length, 0);
  assert.equal((await container.inspect()).State.Running, true);
});

test('a wait for a removal that comes returns once the container is gone', { timeout: 60_000 }, async () => {
  const docker = engine();
  const container = await docker.createContainer({ name: uniqueName('pw-waitrm'), Image: 'podwright-test/busybox:1', Cmd: ['sleep', '60'], Labels: { 'io.podwright.test': 'waitRemoved' } });
  await container.start();
  const waiting = waitRemoved(container, 30_000);
  await container.remove({ force: true });
  await waiting;
  await assert.rejects(container.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
});
