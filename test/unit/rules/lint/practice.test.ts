// The good-practice rules: category 'practice', low severity, each switchable.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ruleById } from '../../../../analysis/src/rules';
import { imageTag } from '../../../../analysis/src/rules/lint/imageLatestTag';
import { at, one, problems } from './helpers';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
      - name: setup
        image: registry.local:5000/setup
      - name: mesh
        image: mesh@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        restartPolicy: Always
        resources:
          limits: {memory: 64Mi}
      containers:
      - name: app
        image: app:latest
        ports:
        - containerPort: 8080
        securityContext:
          runAsUser: 0
      - name: worker
        image: worker:2.3
        resources:
          requests: {cpu: 100m}
        readinessProbe:
          exec: {command: [true]}
        ports:
        - containerPort: 9090
        securityContext:
          privileged: true
`;

test('practice rules are in the practice category and default to info (host-access: warning)', () => {
  for (const id of ['image-latest-tag', 'resources-missing', 'readiness-probe-missing', 'run-as-root']) {
    assert.equal(ruleById(id)?.category, 'practice', id);
    assert.equal(ruleById(id)?.defaultSeverity, 'info', id);
  }
  assert.equal(ruleById('host-access')?.category, 'practice');
  assert.equal(ruleById('host-access')?.defaultSeverity, 'warning');
});

test('image-latest-tag: no tag or :latest, not a digest, not a registry port (Deployment)', () => {
  const ps = problems(DEPLOYMENT, 'image-latest-tag');
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity, at(DEPLOYMENT, p)]),
    [
      ['spec.template.spec.initContainers[0].image', 'info', 'registry.local:5000/setup'],
      ['spec.template.spec.containers[0].image', 'info', 'app:latest'],
    ],
  );
  assert.equal(ps[0].message, "The image of init container 'setup' has no tag, so it means :latest, which can change under you: pin a version tag or a digest.");
  assert.match(ps[1].message, /uses the :latest tag/);
  assert.equal(imageTag('localhost:5000/a/b:1.2'), '1.2');
  assert.equal(imageTag('a/b@sha256:00'), null);
  assert.equal(imageTag('nginx'), '');
});

test('resources-missing: app containers and sidecars with neither requests nor limits; limits alone suffice', () => {
  const ps = problems(DEPLOYMENT, 'resources-missing');
  assert.deepEqual(ps.map((p) => p.path), ['spec.template.spec.containers[0].resources']);
  // The container has no resources key: the squiggle sits on its first entry.
  assert.equal(at(DEPLOYMENT, ps[0]), 'name: app');
  const empty = DEPLOYMENT.replace('        resources:\n          requests: {cpu: 100m}\n', '        resources: {requests: {}}\n');
  const e = problems(empty, 'resources-missing').find((p) => p.path.includes('containers[1]'));
  assert.ok(e);
  assert.equal(at(empty, e), 'resources');
});

test('readiness-probe-missing: a container with ports and no readinessProbe, not in Jobs', () => {
  const p = one(DEPLOYMENT, 'readiness-probe-missing');
  assert.equal(p.path, 'spec.template.spec.containers[0].ports');
  assert.equal(at(DEPLOYMENT, p), 'ports');
  const job = DEPLOYMENT.replace('kind: Deployment', 'kind: Job').replace('    spec:\n      securityContext', '    spec:\n      restartPolicy: Never\n      securityContext');
  assert.equal(problems(job, 'readiness-probe-missing').length, 0);
});

test('run-as-root: runAsUser 0 is reported on its value; runAsNonRoot at pod level covers the others', () => {
  const p = one(DEPLOYMENT, 'run-as-root');
  assert.equal(p.path, 'spec.template.spec.containers[0].securityContext.runAsUser');
  assert.equal(at(DEPLOYMENT, p), '0');
  assert.match(p.message, /^Container 'app' runs as root \(runAsUser: 0\)/);
});

test('run-as-root: with nothing set anywhere, one report at pod level (CronJob); per container otherwise', () => {
  const cron = `apiVersion: batch/v1
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
          - {name: a, image: a:1}
          - {name: b, image: b:1}
`;
  const p = one(cron, 'run-as-root');
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot');
  // No securityContext at all: anchored on the pod spec's key.
  assert.equal(at(cron, p), 'spec');
  assert.equal(p.range.start, cron.lastIndexOf('spec:'));
  const oneCovered = cron.replace('{name: b, image: b:1}', '{name: b, image: b:1, securityContext: {runAsUser: 1000}}');
  const q = one(oneCovered, 'run-as-root');
  assert.equal(q.path, 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot');
  assert.equal(at(oneCovered, q), 'name: a');
  // A pod-level root user is reported once, on the pod's field.
  const podRoot = cron.replace('restartPolicy: Never\n', 'restartPolicy: Never\n          securityContext: {runAsUser: 0}\n');
  const r = one(podRoot, 'run-as-root');
  assert.equal(r.path, 'spec.jobTemplate.spec.template.spec.securityContext.runAsUser');
  assert.equal(at(podRoot, r), '0');
});

test('host-access: securityContext.privileged true is a warning on the value', () => {
  const p = one(DEPLOYMENT, 'host-access');
  assert.equal(p.path, 'spec.template.spec.containers[1].securityContext.privileged');
  assert.equal(p.severity, 'warning');
  assert.equal(at(DEPLOYMENT, p), 'true');
  assert.equal(p.message, "Privileged container 'worker' reaches the node, beyond the Pod Security Standards' baseline; Podwright asks before running it.");
});

test('host-access: every field beyond the baseline, each on its own field; the baseline itself is quiet', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
    sysctls:
    - {name: net.ipv4.tcp_syncookies, value: "1"}
    - {name: kernel.msgmax, value: "65536"}
  containers:
  - name: agent
    image: agent:1
    ports:
    - {containerPort: 80, hostPort: 8080}
    - {containerPort: 81, hostPort: 8081, hostIP: 127.0.0.1}
    - {containerPort: 82, hostPort: 8082, hostIP: 0.0.0.0}
    - {containerPort: 83, hostIP: 0.0.0.0}
    securityContext:
      capabilities:
        add: [NET_BIND_SERVICE, CHOWN, SYS_ADMIN, CAP_NET_ADMIN, ALL]
      procMount: Unmasked
      appArmorProfile: {type: RuntimeDefault}
      seLinuxOptions: {type: spc_t, level: "s0:c1"}
  - name: quiet
    image: quiet:1
    securityContext:
      procMount: Default
      seccompProfile: {type: RuntimeDefault}
      appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}
      seLinuxOptions: {type: container_t}
`;
  assert.deepEqual(
    problems(text, 'host-access').map((p) => [p.path, at(text, p)]),
    [
      ['spec.securityContext.seccompProfile.type', 'Unconfined'],
      ['spec.securityContext.sysctls[1].name', 'kernel.msgmax'],
      ['spec.containers[0].ports[2].hostIP', '0.0.0.0'],
      ['spec.containers[0].securityContext.capabilities.add[2]', 'SYS_ADMIN'],
      ['spec.containers[0].securityContext.capabilities.add[3]', 'CAP_NET_ADMIN'],
      ['spec.containers[0].securityContext.capabilities.add[4]', 'ALL'],
      ['spec.containers[0].securityContext.procMount', 'Unmasked'],
      ['spec.containers[0].securityContext.seLinuxOptions.type', 'spc_t'],
    ],
  );
});

test('practice rules are switchable one by one', () => {
  const off = { severities: { 'image-latest-tag': 'off', 'resources-missing': 'off', 'readiness-probe-missing': 'off', 'run-as-root': 'off', 'host-access': 'off' } } as const;
  const ids = new Set(['image-latest-tag', 'resources-missing', 'readiness-probe-missing', 'run-as-root', 'host-access']);
  assert.equal(problems(DEPLOYMENT, 'host-access', off).length, 0);
  for (const id of ids) assert.equal(problems(DEPLOYMENT, id, off).length, 0, id);
  assert.equal(one(DEPLOYMENT, 'host-access', { severities: { 'host-access': 'error' } }).severity, 'error');
  assert.equal(one(DEPLOYMENT, 'readiness-probe-missing', { severities: { 'readiness-probe-missing': 'warning' } }).severity, 'warning');
});

test('practice rules in a CronJob: latest tag, no resources, host access; no readiness probe needed', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext: {runAsUser: 1000}
          containers:
          - name: backup
            image: backup
            ports: [{containerPort: 9000}]
            securityContext: {privileged: true}
`;
  const ids = ['image-latest-tag', 'resources-missing', 'host-access', 'readiness-probe-missing', 'run-as-root'];
  const found = ids.flatMap((id) => problems(text, id).map((p) => [p.rule, p.path, at(text, p)]));
  assert.deepEqual(found, [
    ['image-latest-tag', 'spec.jobTemplate.spec.template.spec.containers[0].image', 'backup'],
    ['resources-missing', 'spec.jobTemplate.spec.template.spec.containers[0].resources', 'name: backup'],
    ['host-access', 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged', 'true'],
  ]);
});
