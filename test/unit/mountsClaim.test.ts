// The controller manager looks at the engine's claims only for a pod that mounts one: which specs do.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { mountsClaim } from '../../runtime/src/workloads/claims';

test('a persistentVolumeClaim volume mounts a claim; other volumes and no volumes do not', () => {
  assert.equal(mountsClaim({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] }), true);
  assert.equal(mountsClaim({ volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'data', persistentVolumeClaim: { claimName: 'c' } }] }), true);
  assert.equal(mountsClaim({ volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] }), false);
  assert.equal(mountsClaim({ containers: [] }), false);
  // A spec as written by hand: volumes that are not a list, or items that are not maps, mount nothing.
  assert.equal(mountsClaim({ volumes: 'data' }), false);
  assert.equal(mountsClaim({ volumes: [null, 'persistentVolumeClaim'] }), false);
});
