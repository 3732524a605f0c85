import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { apply, applyAndRecheck, at, fixNamed, fixture, pod, problemsOf, single } from './helpers';

const RULE = 'volumes';

test('a volumeMount naming no volume is reported on the name, with spec as related location', () => {
  const text = fixture('volume-mount-names-no-volume.yaml');
  const p = single(text, RULE);
  assert.equal(p.severity, 'error');
  assert.equal(p.path, 'spec.containers[0].volumeMounts[0].name');
  assert.equal(p.message, "volumeMount 'data' names no volume in spec.volumes");
  assert.equal(at(text, p), 'data');
  assert.equal(p.related?.length, 1);
  assert.equal(at(text, p.related![0]), 'spec');
});

test('the fix adds the missing volume, creating the volumes key with the containers indentation', () => {
  const text = fixture('volume-mount-names-no-volume.yaml');
  const fix = fixNamed(single(text, RULE), "Add an emptyDir volume 'data'");
  assert.equal(fix.preferred, true);
  const fixed = applyAndRecheck(text, fix, RULE);
  assert.ok(fixed.endsWith('      mountPath: /data\n  volumes:\n  - name: data\n    emptyDir: {}\n'), fixed);
});

test('the fix appends to an existing volumes list in its own style', () => {
  const text = pod(`  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: logs
          mountPath: /logs
  volumes:
    - name: tmp
      emptyDir: {}
`);
  const p = single(text, RULE);
  assert.equal(at(text, p.related![0]), 'volumes');
  const fixed = applyAndRecheck(text, fixNamed(p, 'Add an emptyDir'), RULE);
  assert.ok(fixed.endsWith('    - name: tmp\n      emptyDir: {}\n    - name: logs\n      emptyDir: {}\n'), fixed);
});

test('inside a Deployment: a typo gets a rename fix, duplicate mountPath and two sources are found', () => {
  const text = fixture('deployment-volume-mount-typo.yaml');
  const ps = problemsOf(text, RULE);
  assert.deepEqual(
    ps.map((p) => [p.path, at(text, p)]),
    [
      ['spec.template.spec.containers[0].volumeMounts[0].name', 'config'],
      ['spec.template.spec.containers[0].volumeMounts[1].mountPath', '/etc/app'],
      ['spec.template.spec.volumes[1].hostPath', 'hostPath'],
    ],
  );
  const [typo, dupPath, twoSources] = ps;
  assert.equal(typo.message, "volumeMount 'config' names no volume in spec.template.spec.volumes; did you mean 'configs'?");
  const rename = fixNamed(typo, "Change to 'configs'");
  assert.equal(rename.preferred, true);
  assert.equal(fixNamed(typo, 'Add an emptyDir').preferred, false);
  const fixed = apply(text, rename);
  assert.ok(fixed.includes('- name: configs\n              mountPath: /etc/app'));
  assert.equal(problemsOf(fixed, RULE).filter((p) => p.path.endsWith('volumeMounts[0].name')).length, 0);
  assert.equal(at(text, dupPath.related![0]), '/etc/app');
  assert.equal(dupPath.related![0].range.start, text.indexOf('/etc/app'));
  assert.equal(at(text, twoSources.related![0]), 'emptyDir');
});

test('a volume without any source is fine (it defaults to emptyDir); duplicate names are not', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: scratch
      mountPath: /scratch
  volumes:
  - name: scratch
  - name: scratch
    emptyDir: {}
`);
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.volumes[1].name');
  assert.equal(p.range.start, text.lastIndexOf('scratch'));
  assert.equal(at(text, p.related![0]), 'scratch');
  assert.equal(p.related![0].range.start, text.indexOf('- name: scratch\n  - name') + '- name: '.length);
});

test('two mounts of the same missing volume: only the first add-fix is preferred, fix-all adds it once', () => {
  const text = pod(`  containers:
  - name: a
    image: busybox:1.36
    volumeMounts:
    - name: shared
      mountPath: /s
  - name: b
    image: busybox:1.36
    volumeMounts:
    - name: shared
      mountPath: /s
`);
  const ps = problemsOf(text, RULE);
  assert.equal(ps.length, 2);
  const preferred = ps.flatMap((p) => p.fixes ?? []).filter((f) => f.preferred);
  assert.equal(preferred.length, 1);
  applyAndRecheck(text, preferred[0], RULE);
});

test('subPath must be relative and stay inside the volume', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: v
      mountPath: /a
      subPath: /conf
    - name: v
      mountPath: /b
      subPath: ../etc
  volumes:
  - name: v
    emptyDir: {}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].volumeMounts[0].subPath', '/conf'],
    ['spec.containers[0].volumeMounts[1].subPath', '../etc'],
  ]);
  const fixed = apply(text, fixNamed(ps[0], "Use 'conf'"));
  assert.ok(fixed.includes('subPath: conf\n'));
});

test('volumeDevices must name a PVC or ephemeral volume', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx:1.27
    volumeDevices:
    - name: raw
      devicePath: /dev/xvda
    - name: missing
      devicePath: /dev/xvdb
  volumes:
  - name: raw
    emptyDir: {}
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => p.path), ['spec.containers[0].volumeDevices[0].name', 'spec.containers[0].volumeDevices[1].name']);
  assert.match(ps[0].message, /persistentVolumeClaim or ephemeral/);
});

test('init and ephemeral containers are checked too; a flow-style pod gets no broken fix', () => {
  const text = '{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {initContainers: [{name: i, image: busybox, volumeMounts: [{name: nope, mountPath: /x}]}], containers: [{name: c, image: busybox}]}}\n';
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.initContainers[0].volumeMounts[0].name');
  assert.equal(at(text, p), 'nope');
  assert.equal(p.fixes?.length ?? 0, 0);
  assert.equal(analyze(text).problems.filter((x) => x.rule === 'internal-error').length, 0);
});

test('a file mode written in decimal digits meant as octal is rejected above 0777, with an octal fix', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: cfg
      mountPath: /etc/cfg
  volumes:
  - name: cfg
    secret:
      secretName: cfg
      defaultMode: 644
      items:
      - key: a
        path: /abs
        mode: 0600
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.volumes[0].secret.defaultMode', '644'],
    ['spec.volumes[0].secret.items[0].path', '/abs'],
  ]);
  assert.match(ps[0].message, /0644/);
  const fixed = apply(text, fixNamed(ps[0], 'Use 0644'));
  assert.match(fixed, /defaultMode: 0644\n/);
  assert.deepEqual(problemsOf(fixed, RULE).map((p) => p.path), ['spec.volumes[0].secret.items[0].path']);
});

test('in the second document of a file, ranges and the fix are absolute', () => {
  const first = pod('  containers:\n  - name: a\n    image: nginx\n', 'first');
  const text = `${first}---\n${fixture('volume-mount-names-no-volume.yaml')}`;
  const p = single(text, RULE);
  assert.equal(p.document, 1);
  assert.equal(p.range.start, text.lastIndexOf('name: data') + 'name: '.length);
  const fixed = applyAndRecheck(text, fixNamed(p, 'Add an emptyDir'), RULE);
  assert.ok(fixed.startsWith(first));
  assert.ok(fixed.endsWith('  volumes:\n  - name: data\n    emptyDir: {}\n'));
});

test('in a StatefulSet, volumeClaimTemplates names count as volumes', () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:16.2
        volumeMounts:
        - name: pgdata
          mountPath: /var/lib/postgresql/data
        - name: pgwal
          mountPath: /wal
  volumeClaimTemplates:
  - metadata:
      name: pgdata
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.template.spec.containers[0].volumeMounts[1].name');
  assert.equal(at(text, p), 'pgwal');
});
