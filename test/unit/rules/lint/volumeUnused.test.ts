import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, at, one, onlyFix, problems } from './helpers';

const RULE = 'volume-unused';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      initContainers:
      - name: seed
        image: seed:1
        volumeMounts: [{name: seed-data, mountPath: /seed}]
      containers:
      - name: app
        image: app:1
        volumeMounts:
        - name: cache
          mountPath: /cache
        volumeDevices:
        - name: raw
          devicePath: /dev/xvda
      volumes:
      - name: seed-data
        emptyDir: {}
      - name: cache
        emptyDir: {}
      - name: raw
        persistentVolumeClaim: {claimName: raw}
      - name: config
        configMap: {name: app}
`;

test('volume-unused: a volume no container mounts is reported on its name; mounts and devices of any container count', () => {
  const p = one(DEPLOYMENT, RULE);
  assert.equal(p.path, 'spec.template.spec.volumes[3].name');
  assert.equal(p.severity, 'warning');
  assert.equal(at(DEPLOYMENT, p), 'config');
  assert.equal(p.message, "Volume 'config' is not mounted by any container: mount it (check the volumeMounts' names) or remove it.");
});

test('volume-unused: the fix removes the volume, and the result is clean', () => {
  const fixed = applyFix(DEPLOYMENT, onlyFix(one(DEPLOYMENT, RULE)));
  assert.ok(fixed.endsWith('      - name: raw\n        persistentVolumeClaim: {claimName: raw}\n'));
  assert.equal(problems(fixed, RULE).length, 0);
});

test('volume-unused: a CronJob whose mount names a misspelt volume; ephemeral containers count; off', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: c:1
            volumeMounts: [{name: date, mountPath: /data}]
          ephemeralContainers:
          - name: debug
            image: busybox:1
            volumeMounts: [{name: scratch, mountPath: /s}]
          volumes:
          - name: data
            emptyDir: {}
          - name: scratch
            emptyDir: {}
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.volumes[0].name');
  assert.equal(at(text, p), 'data');
  assert.equal(problems(text, RULE, { severities: { [RULE]: 'off' } }).length, 0);
});
