import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fieldInfo, knownKinds } from '../../analysis/src/schema/lookup';

test('fieldInfo describes a list of objects by its items', () => {
  const info = fieldInfo('v1', 'Pod', ['spec', 'containers'], '1.35');
  assert.ok(info);
  assert.equal(info.type, '[]Container');
  assert.deepEqual(info.required, ['name']);
  const image = info.properties.find((p) => p.name === 'image');
  assert.equal(image?.type, 'string');
  assert.equal(image?.required, false);
  assert.match(image?.description ?? '', /Container image name/);
  assert.equal(info.properties.find((p) => p.name === 'ports')?.type, '[]ContainerPort');
});

test('fieldInfo follows list indexes, maps, quantities and int-or-string', () => {
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'resources', 'limits'], '1.35')?.type, 'map[string]quantity');
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'resources', 'limits', 'cpu'], '1.35')?.type, 'quantity');
  assert.equal(fieldInfo('v1', 'Pod', ['metadata', 'labels'], '1.35')?.type, 'map[string]string');
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'livenessProbe', 'httpGet', 'port'], '1.35')?.type, 'int-or-string');
  assert.equal(fieldInfo('v1', 'Pod', [], '1.35')?.type, 'Pod');
  const deploy = fieldInfo('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 0], '1.35');
  assert.equal(deploy?.type, 'Container');
});

test('fieldInfo lists enum values without the empty string defaulting accepts', () => {
  assert.deepEqual(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'ports', 0, 'protocol'], '1.35')?.enum, ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(fieldInfo('v1', 'Pod', ['spec', 'restartPolicy'], '1.35')?.enum, ['Always', 'OnFailure', 'Never']);
  assert.deepEqual(fieldInfo('v1', 'Pod', ['spec', 'initContainers', 0, 'restartPolicy'], '1.31')?.enum, ['Always']);
});

test('fieldInfo knows what each version has', () => {
  assert.ok(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'restartPolicyRules'], '1.35'));
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'restartPolicyRules'], '1.31'), null);
  // 1.32 uses the nearest older shipped schema, 1.31.
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'containers', 0, 'restartPolicyRules'], '1.32'), null);
});

test('fieldInfo is null for unknown kinds and paths', () => {
  assert.equal(fieldInfo('networking.k8s.io/v1', 'Ingress', [], '1.35'), null);
  assert.equal(fieldInfo('v1', 'Pod', ['spec', 'nosuchfield'], '1.35'), null);
});

test('knownKinds lists core, apps and batch kinds', () => {
  const kinds = knownKinds('1.35').map((k) => `${k.apiVersion} ${k.kind}`);
  for (const k of ['v1 Pod', 'v1 ConfigMap', 'v1 Service', 'apps/v1 Deployment', 'apps/v1 StatefulSet', 'batch/v1 CronJob']) {
    assert.ok(kinds.includes(k), k);
  }
  assert.ok(!kinds.some((k) => k.includes('Ingress') || k.includes('DeleteOptions')));
});
