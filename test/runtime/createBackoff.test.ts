// The wait between an owner's failed pod creations (createBackoff.ts): 1 s doubling to a minute, over
// at once for a new generation of the owner or after a creation that worked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBackoff } from '../../runtime/src/workloads/createBackoff';
import type { StoredObject } from '../../runtime/src/workloads/records';

const owner = (generation: number) => ({ metadata: { uid: 'u1', generation } }) as unknown as StoredObject;

test('failures double the wait up to a minute; a new generation or a success ends it', () => {
  const b = new CreateBackoff();
  const t0 = 1_000_000;
  assert.equal(b.waitUntil(owner(1), t0), undefined);
  assert.equal(b.failed(owner(1), t0), t0 + 1000);
  assert.equal(b.waitUntil(owner(1), t0 + 999), t0 + 1000);
  assert.equal(b.waitUntil(owner(1), t0 + 1000), undefined);
  assert.equal(b.failed(owner(1), t0 + 1000), t0 + 3000);
  let until = 0;
  for (let i = 0; i < 10; i++) until = b.failed(owner(1), t0);
  assert.equal(until, t0 + 60_000);
  // The object applied again with a change: its first try goes now, and a failure starts from 1 s.
  assert.equal(b.waitUntil(owner(2), t0 + 5), undefined);
  assert.equal(b.failed(owner(2), t0), t0 + 1000);
  b.succeeded(owner(2));
  assert.equal(b.waitUntil(owner(2), t0), undefined);
  assert.equal(b.failed(owner(2), t0), t0 + 1000);
});
