// kubectl's words as the workload commands read and print them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../cli/src/args';
import { age, kindOf, objectName, refsOf, table } from '../../cli/src/kube';

test('resource words: plural, singular, short names, groups and kinds', () => {
  for (const w of ['deployments', 'deployment', 'deploy', 'Deployment', 'deployment.apps', 'deployments.apps']) assert.equal(kindOf(w), 'Deployment', w);
  assert.equal(kindOf('sts'), 'StatefulSet');
  assert.equal(kindOf('pvc'), 'PersistentVolumeClaim');
  assert.equal(kindOf('cj'), 'CronJob');
  assert.equal(kindOf('po'), 'Pod');
  assert.equal(kindOf('deployment.batch'), undefined);
  assert.equal(kindOf('foo'), undefined);
  assert.equal(objectName('Deployment', 'web'), 'deployment.apps/web');
  assert.equal(objectName('CronJob', 'nightly'), 'cronjob.batch/nightly');
  assert.equal(objectName('ConfigMap', 'settings'), 'configmap/settings');
});

test('KIND/NAME and KIND NAME arguments, and what is refused', () => {
  assert.deepEqual(refsOf(['deploy/web', 'sts/db']), [{ kind: 'Deployment', name: 'web' }, { kind: 'StatefulSet', name: 'db' }]);
  assert.deepEqual(refsOf(['deployment', 'web', 'api']), [{ kind: 'Deployment', name: 'web' }, { kind: 'Deployment', name: 'api' }]);
  assert.throws(() => refsOf(['deploy/web', 'api']), UsageError);
  assert.throws(() => refsOf(['deploy']), /name the deployments/);
  assert.throws(() => refsOf(['job/x'], ['Deployment']), /jobs cannot be used here \(only deployments\)/);
  assert.throws(() => refsOf(['widgets/x']), /the server doesn't have a resource type "widgets"/);
  assert.throws(() => refsOf(['deploy/']), /expected KIND\/NAME/);
});

test('tables as kubectl pads them, and AGE', () => {
  assert.equal(table([['NAME', 'READY'], ['web', '3/3'], ['a-long-name', '0/1']]), 'NAME          READY\nweb           3/3\na-long-name   0/1\n');
  const now = Date.parse('2026-01-01T01:00:00Z');
  assert.equal(age('2026-01-01T00:59:15Z', now), '45s');
  assert.equal(age('2026-01-01T00:55:58Z', now), '4m2s');
  assert.equal(age('2025-12-29T01:00:00Z', now), '3d');
  assert.equal(age(undefined, now), '<unknown>');
});
