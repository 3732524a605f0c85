// ConfigMaps, Secrets, PersistentVolumeClaims, Namespaces and ServiceAccounts: one intended rejection
// per manifest, each checked against the pkg/apis/core/validation/validation.go function named beside
// it, plus real-looking valid objects that must get no error.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { API_RULES } from '../../../../analysis/src/rules/api';
import { at, problemsOf, single } from './helpers';

const API_IDS = new Set(API_RULES.map((r) => r.id));

function object(kind: string, name: string, body: string): string {
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${body}`;
}

function pvc(spec: string, name = 'data'): string {
  return object('PersistentVolumeClaim', name, `spec:\n${spec}`);
}

const B64 = (s: string) => Buffer.from(s).toString('base64');

type Case = [string, string, string, string, string, RegExp, string?];

const REJECTED: Case[] = [
  ['ValidateConfigMap IsConfigMapKey', 'invalid-name', object('ConfigMap', 'app-config', 'data:\n  ../bad: x\n'), 'data[../bad]', '../bad', /ConfigMap key '..\/bad' is not a valid key/],
  ['ValidateConfigMap duplicate key', 'config-fields', object('ConfigMap', 'app-config', `data:\n  logo.png: x\nbinaryData:\n  logo.png: ${B64('png')}\n`), 'data[logo.png]', 'logo.png', /in both data and binaryData/],
  ['ValidateConfigMap size', 'config-fields', object('ConfigMap', 'big', `data:\n  blob: ${'x'.repeat(1024 * 1024 + 1)}\n`), 'data', 'data', /more than the limit of 1048576/],
  ['ValidateSecret tls', 'config-fields', object('Secret', 'web-tls', `type: kubernetes.io/tls\ndata:\n  tls.crt: ${B64('cert')}\n`), 'data[tls.key]', 'data', /needs the key tls.key/],
  ['ValidateSecret dockerconfigjson', 'config-fields', object('Secret', 'pull', 'type: kubernetes.io/dockerconfigjson\nstringData:\n  config.json: "{}"\n'), 'data[.dockerconfigjson]', 'stringData', /needs the key .dockerconfigjson/],
  ['ValidateSecret dockerconfigjson JSON', 'config-fields', object('Secret', 'pull', `type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${B64('{"auths":')}\n`), 'data[.dockerconfigjson]', B64('{"auths":'), /must be JSON/],
  ['ValidateSecret basic-auth', 'config-fields', object('Secret', 'creds', 'type: kubernetes.io/basic-auth\nstringData:\n  user: admin\n'), 'data[username]', 'stringData', /username or password/],
  ['ValidateSecret ssh-auth', 'config-fields', object('Secret', 'deploy-key', 'type: kubernetes.io/ssh-auth\nstringData:\n  ssh-privatekey: ""\n'), 'data[ssh-privatekey]', 'stringData', /non-empty ssh-privatekey/],
  ['ValidateSecret service-account-token', 'config-fields', object('Secret', 'token', 'type: kubernetes.io/service-account-token\n'), 'metadata.annotations[kubernetes.io/service-account.name]', 'kubernetes.io/service-account-token', /kubernetes.io\/service-account.name/],
  ['ValidatePersistentVolumeClaimSpec accessModes', 'pvc-fields', pvc('  resources:\n    requests:\n      storage: 1Gi\n'), 'spec.accessModes', 'spec', /accessModes is required/],
  ['ValidatePersistentVolumeClaimSpec ReadWriteOncePod', 'pvc-fields', pvc('  accessModes: [ReadWriteOncePod, ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n'), 'spec.accessModes', 'accessModes', /ReadWriteOncePod with other access modes/],
  ['ValidatePersistentVolumeClaimSpec storage', 'pvc-fields', pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    limits:\n      storage: 1Gi\n'), 'spec.resources[storage]', 'resources', /needs a storage request/],
  ['ValidatePositiveQuantityValue storage', 'pvc-fields', pvc('  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: "0"\n'), 'spec.resources[storage]', '"0"', /greater than zero/],
  ['validateDataSource apiGroup', 'pvc-fields', pvc('  accessModes: [ReadWriteOnce]\n  dataSource:\n    kind: VolumeSnapshot\n    name: nightly\n  resources:\n    requests:\n      storage: 1Gi\n'), 'spec.dataSource', 'VolumeSnapshot', /without one it must be 'PersistentVolumeClaim'/],
  ['ValidateClassName', 'pvc-fields', pvc('  accessModes: [ReadWriteOnce]\n  storageClassName: Fast_SSD\n  resources:\n    requests:\n      storage: 1Gi\n'), 'spec.storageClassName', 'Fast_SSD', /not a valid class name/],
  ['ValidateNamespaceName', 'invalid-name', object('Namespace', 'Team.A', ''), 'metadata.name', 'Team.A', /Namespace name 'Team.A' is not a valid DNS-1123 label/],
  ['ValidateServiceAccountName', 'invalid-name', object('ServiceAccount', 'ci_deployer', ''), 'metadata.name', 'ci_deployer', /not a valid DNS-1123 subdomain/],
];

test('config objects, claims and names: each intended rejection at the API server path, once', () => {
  for (const [fn, rule, text, path, covered, message] of REJECTED) {
    const p = single(text, rule);
    assert.equal(p.path, path, fn);
    assert.equal(p.severity, 'error', fn);
    assert.equal(at(text, p), covered, fn);
    assert.match(p.message, message, fn);
  }
});

const VALID: string[] = [
  object('ConfigMap', 'nginx.conf', 'data:\n  nginx.conf: |\n    events {}\n  .hidden: x\n  app_settings-v2.json: "{}"\nbinaryData:\n  favicon.ico: AAABAA==\nimmutable: true\n'),
  object('Secret', 'web-tls', `type: kubernetes.io/tls\ndata:\n  tls.crt: ${B64('c')}\n  tls.key: ${B64('k')}\n`),
  object('Secret', 'pull', `type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${B64('{"auths":{"registry.example.com":{"auth":"eDp5"}}}')}\n`),
  object('Secret', 'creds', 'type: kubernetes.io/basic-auth\nstringData:\n  password: s3cret\n'),
  object('Secret', 'deploy-key', 'type: kubernetes.io/ssh-auth\nstringData:\n  ssh-privatekey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n'),
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-token\n  annotations:\n    kubernetes.io/service-account.name: ci\ntype: kubernetes.io/service-account-token\n',
  object('Secret', 'opaque', 'type: Opaque\nstringData:\n  API_KEY: abc\n'),
  object('Secret', 'bootstrap-token-abcdef', 'type: bootstrap.kubernetes.io/token\nstringData:\n  token-id: abcdef\n'),
  pvc('  accessModes: [ReadWriteOnce]\n  storageClassName: fast-ssd\n  volumeMode: Filesystem\n  resources:\n    requests:\n      storage: 10Gi\n'),
  pvc('  accessModes: [ReadWriteOncePod]\n  volumeMode: Block\n  resources:\n    requests:\n      storage: 500M\n'),
  pvc('  accessModes: [ReadWriteOnce, ReadOnlyMany]\n  dataSource:\n    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: nightly\n  dataSourceRef:\n    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: nightly\n  resources:\n    requests:\n      storage: 10Gi\n'),
  pvc('  accessModes: [ReadWriteMany]\n  dataSource:\n    kind: PersistentVolumeClaim\n    name: source\n  resources:\n    requests:\n      storage: 1Ti\n'),
  object('Namespace', 'team-a', ''),
  object('ServiceAccount', 'system.ci-deployer', 'automountServiceAccountToken: false\n'),
];

test('config objects, claims and names: real-looking valid objects get no error', () => {
  for (const text of VALID) {
    const errors = analyze(text).problems.filter((p) => p.severity === 'error' && (API_IDS.has(p.rule) || p.rule.startsWith('schema')));
    assert.deepEqual(errors.map((p) => `${p.rule} ${p.path}: ${p.message}`), [], text);
  }
});

test("a StatefulSet's claim template without a storage request is a warning", () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:16
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
`;
  const p = single(text, 'pvc-fields');
  assert.equal(p.severity, 'warning');
  assert.equal(p.path, 'spec.volumeClaimTemplates[0].spec.resources[storage]');
  assert.match(p.message, /pods never start/);
  assert.deepEqual(problemsOf(text.replace('accessModes: [ReadWriteOnce]', 'accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi'), 'pvc-fields'), []);
});
