// What an apply keeps of the fields a command set (commandFields.ts): kubectl apply's three-way merge
// for the fields no apply ever set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPath, keepCommandFields, PAUSED, REPLICAS, RESTARTED_AT } from '../../runtime/src/workloads/commandFields';
import type { StoredObject } from '../../runtime/src/workloads/records';

const live = (body: Record<string, unknown>, setByCommand?: string[][]) => ({ body, ...(setByCommand ? { setByCommand } : {}) }) as unknown as StoredObject;

test('a field a command set and the manifest leaves out is kept; one the manifest sets is the manifest\'s again', () => {
  const liveBody = { spec: { replicas: 5, paused: true, template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-01T00:00:00Z', note: 'x' } }, spec: { containers: [] } } } };
  const manifest = { spec: { replicas: 2, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c' }] } } } };
  const { body, kept } = keepCommandFields(manifest, live(liveBody, [[...REPLICAS], [...PAUSED], [...RESTARTED_AT]]));
  assert.deepEqual(body, {
    spec: {
      replicas: 2,
      paused: true,
      template: { metadata: { labels: { app: 'a' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-01T00:00:00Z' } }, spec: { containers: [{ name: 'c' }] } },
    },
  });
  assert.deepEqual(kept, [[...PAUSED], [...RESTARTED_AT]]);
  // The manifest it was given is not changed.
  assert.equal((manifest.spec as Record<string, unknown>).paused, undefined);
});

test('a field no command set follows the manifest, removal included', () => {
  const { body, kept } = keepCommandFields({ spec: { replicas: 1 } }, live({ spec: { replicas: 1, paused: true } }));
  assert.deepEqual([body, kept], [{ spec: { replicas: 1 } }, []]);
  assert.deepEqual(keepCommandFields({ spec: {} }, undefined), { body: { spec: {} }, kept: [] });
});

test('addPath adds a path once', () => {
  assert.deepEqual(addPath(addPath(undefined, PAUSED), PAUSED), [['spec', 'paused']]);
  assert.deepEqual(addPath([['spec', 'paused']], REPLICAS), [['spec', 'paused'], ['spec', 'replicas']]);
});
