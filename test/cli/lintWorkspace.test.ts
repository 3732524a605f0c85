// `podwright lint` of a folder, or of several files: references checked across them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'podwright-lint-ws-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', '--rule', 'run-as-root=off', '--rule', 'resources-missing=off', '--rule', 'readiness-probe-missing=off', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout.replaceAll(dir + '/', '') };
}

writeFileSync(join(dir, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  MODE: fast\n');
writeFileSync(
  join(dir, 'pod.yaml'),
  `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: podwright-test/busybox:1
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef: {name: cfg, key: MOOD}
    - name: TOKEN
      valueFrom:
        secretKeyRef: {name: token, key: value}
`,
);

test('a folder: a key missing in another file, and an object no file defines', () => {
  const r = lint(dir);
  assert.equal(r.status, 1);
  assert.equal(
    r.out,
    "pod.yaml:12:43: error config-key-missing spec.containers[0].env[0].valueFrom.configMapKeyRef.key: ConfigMap 'cfg' in configmap.yaml has no key 'MOOD': the pod will not start. It has 'MODE'.\n" +
      "pod.yaml:15:30: warning object-missing spec.containers[0].env[1].valueFrom.secretKeyRef.name: No file of the workspace defines Secret 'token' in namespace 'default': the pod will not start unless it exists in the cluster.\n" +
      '2 problems (1 error, 1 warning, 0 info) in 2 files.\n',
  );
});

test('explicit files: references across them, but what none defines is not called missing', () => {
  const r = lint(join(dir, 'pod.yaml'), join(dir, 'configmap.yaml'));
  assert.equal(r.status, 1);
  assert.match(r.out, /config-key-missing/);
  assert.doesNotMatch(r.out, /object-missing/);
  // One file alone: as before, nothing across files.
  assert.equal(lint(join(dir, 'pod.yaml')).status, 0);
});

test('the example application in test/workspace/app lints clean, across its files', () => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', join(root, 'test', 'workspace', 'app')], { encoding: 'utf8' });
  assert.equal(r.stdout, 'No problems in 5 files.\n');
  assert.equal(r.status, 0);
});
