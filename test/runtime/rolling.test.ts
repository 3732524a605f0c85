// The Deployment controller's arithmetic against upstream's own examples and invariants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fenceposts, newReplicaSetTarget, oldReplicaSetTargets } from '../../runtime/src/workloads/rolling';

test('maxSurge rounds up, maxUnavailable down, 25 % by default; both 0 makes maxUnavailable 1', () => {
  assert.deepEqual(fenceposts(undefined, undefined, 10), { surge: 3, unavailable: 2 });
  assert.deepEqual(fenceposts(undefined, undefined, 3), { surge: 1, unavailable: 0 });
  assert.deepEqual(fenceposts(undefined, undefined, 1), { surge: 1, unavailable: 0 });
  assert.deepEqual(fenceposts(0, 0, 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(fenceposts('0%', '0%', 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(fenceposts(2, '50%', 5), { surge: 2, unavailable: 2 });
});

test('a rolling update of 3 replicas with the defaults never has fewer than 3 available', () => {
  // Simulate: each step scales as the controller would; new pods become available one step later.
  const desired = 3;
  const { surge, unavailable } = fenceposts(undefined, undefined, desired);
  let oldRs = { replicas: 3, available: 3, created: 0 };
  let newRs = { replicas: 0, available: 0, created: 1 };
  const availability: number[] = [];
  for (let step = 0; step < 10 && !(newRs.available === 3 && oldRs.replicas === 0); step++) {
    const all = [oldRs, newRs];
    const newTarget = newReplicaSetTarget(desired, surge, all, newRs);
    newRs = { ...newRs, replicas: newTarget };
    const [oldTarget] = oldReplicaSetTargets(desired, unavailable, [oldRs, newRs], newRs, [oldRs]);
    oldRs = { ...oldRs, replicas: oldTarget, available: Math.min(oldRs.available, oldTarget) };
    availability.push(oldRs.available + newRs.available);
    // The new pods the last step created are available by the next.
    newRs = { ...newRs, available: newRs.replicas };
  }
  assert.deepEqual([oldRs.replicas, newRs.replicas, newRs.available], [0, 3, 3]);
  assert.ok(availability.every((n) => n >= desired - unavailable), availability.join(','));
  // One pod at a time (maxSurge 1, maxUnavailable 0): add a new one, wait for it, remove an old one.
  assert.ok(availability.length <= 7, `finished in ${availability.length} steps`);
});

test('old replica sets lose their unavailable pods first, oldest first, and never below the minimum', () => {
  // 4 desired, maxUnavailable 1: 3 must stay available. Old RS has 4 replicas of which 2 are not ready.
  const old = { replicas: 4, available: 2, created: 0 };
  const cur = { replicas: 1, available: 1, created: 1 };
  const [t] = oldReplicaSetTargets(4, 1, [old, cur], cur, [old]);
  // Budget 5 - 3 - 0 = 2: the two unready pods go; available is then 3, the minimum: no more.
  assert.equal(t, 2);
  // A new RS whose pods are not yet available holds back the old ones.
  const slow = { replicas: 2, available: 0, created: 1 };
  assert.deepEqual(oldReplicaSetTargets(4, 1, [{ replicas: 4, available: 4, created: 0 }, slow], slow, [{ replicas: 4, available: 4, created: 0 }]), [3]);
});

test('the new replica set grows only within replicas + maxSurge', () => {
  assert.equal(newReplicaSetTarget(10, 3, [{ replicas: 10, available: 10, created: 0 }, { replicas: 0, available: 0, created: 1 }], { replicas: 0, available: 0, created: 1 }), 3);
  assert.equal(newReplicaSetTarget(10, 3, [{ replicas: 9, available: 9, created: 0 }, { replicas: 4, available: 0, created: 1 }], { replicas: 4, available: 0, created: 1 }), 4);
  assert.equal(newReplicaSetTarget(3, 1, [{ replicas: 0, available: 0, created: 0 }, { replicas: 5, available: 5, created: 1 }], { replicas: 5, available: 5, created: 1 }), 3);
});
