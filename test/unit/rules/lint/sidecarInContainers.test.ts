import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { applyFix, at, fixture, one, onlyFix, problems } from './helpers';

const RULE = 'sidecar-in-containers';

test('sidecar-in-containers: a log shipper in a CronJob\'s containers is found, on its name', () => {
  const text = fixture('sidecar-in-cronjob.yaml');
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.containers[1].name');
  assert.equal(at(text, p), 'log-shipper');
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /^Container 'log-shipper' looks like a long-running helper \(its name says 'log'\): in a CronJob it keeps the pod from completing\. Make it a native sidecar/);
});

test('sidecar-in-containers: the fix moves it, with the comment above it, to a new initContainers key as a native sidecar, and the warning is gone', () => {
  const text = fixture('sidecar-in-cronjob.yaml');
  const fix = onlyFix(one(text, RULE));
  // A heuristic finding: offered, not applied by "fix all".
  assert.equal(fix.preferred, undefined);
  const fixed = applyFix(text, fix);
  assert.equal(
    fixed,
    `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
          # ships the logs
          - name: log-shipper
            restartPolicy: Always
            image: fluent/fluent-bit:3.0
            volumeMounts:
            - name: logs
              mountPath: /var/log/report
              readOnly: true
          containers:
          - name: report
            image: report:2.1
            volumeMounts:
            - name: logs
              mountPath: /var/log/report
          volumes:
          - name: logs
            emptyDir: {}
`,
  );
  // Re-analysed: no sidecar warning, and nothing else the move could have broken.
  const after = analyze(fixed).problems.filter((p) => p.severity !== 'info');
  assert.deepEqual(after.map((p) => `${p.rule} ${p.path}`), []);
});

test('sidecar-in-containers: appended after existing init containers, in a Job, keeping comments inside the item', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]
      containers:
        - name: migrate
          image: migrate:4
        - name: cloud-sql-proxy
          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
          args:
            - "--port=5432" # local port
            - "project:region:db"
`;
  const p = one(text, RULE);
  assert.equal(at(text, p), 'cloud-sql-proxy');
  assert.match(p.message, /its name says 'proxy'/);
  const fixed = applyFix(text, onlyFix(p));
  assert.equal(
    fixed,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]
        - name: cloud-sql-proxy
          restartPolicy: Always
          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
          args:
            - "--port=5432" # local port
            - "project:region:db"
      containers:
        - name: migrate
          image: migrate:4
`,
  );
  assert.equal(problems(fixed, RULE).length, 0);
  assert.equal(analyze(fixed).problems.filter((x) => x.severity === 'error').length, 0);
});

test('sidecar-in-containers: a command that runs forever marks a helper; a Pod with restartPolicy Never counts', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: tool:1
  - name: keepalive
    image: busybox:1.36
    command: ["sleep", "infinity"]
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.containers[1].name');
  assert.match(p.message, /it runs 'sleep infinity'/);
  assert.match(p.message, /in a pod with restartPolicy Never/);
});

test('sidecar-in-containers: nothing for long-running pods, single containers, native sidecars, or all-helper pods', () => {
  const pod = (extra: string, containers: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${extra}  containers:\n${containers}`;
  const two = '  - {name: app, image: app:1}\n  - {name: envoy, image: envoyproxy/envoy:v1.30}\n';
  // Default restartPolicy Always: the helper running forever is fine, in a Pod as in a Deployment.
  assert.equal(problems(pod('', two), RULE).length, 0);
  const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - {name: app, image: app:1}\n      - {name: envoy, image: envoyproxy/envoy:v1.30}\n`;
  assert.equal(problems(deployment, RULE).length, 0);
  assert.equal(problems(pod('  restartPolicy: Always\n', two), RULE).length, 0);
  // One container cannot block another.
  assert.equal(problems(pod('  restartPolicy: Never\n', '  - {name: envoy, image: envoy:1}\n'), RULE).length, 0);
  // Every container looks like a helper: which one is the job is unknowable.
  assert.equal(problems(pod('  restartPolicy: Never\n', '  - {name: envoy, image: envoy:1}\n  - {name: log, image: x:1}\n'), RULE).length, 0);
  // A native sidecar is exactly what the rule asks for.
  const native = pod('  restartPolicy: Never\n  initContainers:\n  - {name: envoy, image: envoy:1, restartPolicy: Always}\n', '  - {name: app, image: app:1}\n');
  assert.equal(problems(native, RULE).length, 0);
  // Words inside other words do not count: 'catalog' is not 'log', 'blog-writer' neither.
  assert.equal(problems(pod('  restartPolicy: Never\n', '  - {name: catalog, image: a:1}\n  - {name: blog-writer, image: b:1}\n'), RULE).length, 0);
});

test('sidecar-in-containers: flow-style containers get the warning but no fix', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: app, image: app:1}, {name: istio-proxy, image: istio/proxyv2:1.22}]\n';
  const p = one(text, RULE);
  assert.equal(at(text, p), 'istio-proxy');
  assert.equal(p.fixes, undefined);
});

test('sidecar-in-containers: before 1.29 it says native sidecars are not available and offers no fix', () => {
  const text = fixture('sidecar-in-cronjob.yaml');
  const p = one(text, RULE, { kubernetesVersion: '1.27' });
  assert.match(p.message, /Native sidecars need Kubernetes 1\.29\+ \(this is 1\.27\)/);
  assert.equal(p.fixes, undefined);
  assert.equal(problems(text, RULE, { severities: { [RULE]: 'off' } }).length, 0);
  assert.equal(one(text, RULE, { severities: { [RULE]: 'error' } }).severity, 'error');
});

test('sidecar-in-containers: the Kubernetes documentation\'s sidecar Job uses a native sidecar and gets nothing', () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
spec:
  template:
    spec:
      containers:
        - name: myjob
          image: alpine:latest
          command: ['sh', '-c', 'echo "logging" > /opt/logs.txt']
      initContainers:
        - name: logshipper
          image: alpine:latest
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /opt/logs.txt']
      restartPolicy: Never
`;
  assert.equal(problems(text, RULE).length, 0);
});
