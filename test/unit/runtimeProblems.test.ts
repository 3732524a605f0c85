import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// A pod's runtime outcome as problems on the fields of its manifest: which field, which severity,
// what it says, and that the place follows the text through edits.
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import { runtimeProblems, type ContainerReport, type PodReport } from '../../client/src/flows/runtimeProblems';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  activeDeadlineSeconds: 30
  securityContext:
    runAsNonRoot: true
  initContainers:
    - name: setup
      image: busybox:1.36
      command: ["sh", "-c", "exit 2"]
  containers:
    - name: app
      image: example/app:1
      command: ["sh", "-c", "echo starting; exit 3"]
      resources:
        limits:
          memory: 16Mi
      readinessProbe:
        exec:
          command: ["cat", "/tmp/ready"]
      ports:
        - containerPort: 80
          hostPort: 8080
    - name: helper
      image: busybox:1.36
      args: ["sleep", "1"]
    - name: bare
      image: busybox:1.36
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:2
          command: ["api"]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: busybox:1.36
          command: ["false"]
`;

const running = (name: string, extra: Partial<ContainerReport> = {}): ContainerReport => ({ name, role: 'app', state: 'running', restarts: 0, ready: true, started: true, ...extra });

function report(extra: Partial<PodReport>): PodReport {
  return { uid: 'u1', name: 'web', namespace: 'default', phase: 'Running', containers: [running('app')], events: [], ...extra };
}

/** Each placed problem as `line:col-line:col path severity`, lines 1-based, for exact assertions. */
function where(text: string, r: PodReport) {
  const lineCol = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return placeProblems(text, runtimeProblems(r)).map((p) => ({ at: `${lineCol(p.range.start)}-${lineCol(p.range.end)}`, text: text.slice(p.range.start, p.range.end), path: p.path, severity: p.problem.severity, message: p.problem.message }));
}

test('a container that exited 3 (restartPolicy Never): an error on its command with the exit code and the log', () => {
  const r = report({ phase: 'Failed', containers: [{ ...running('app'), state: 'terminated', ready: false, reason: 'Error', exitCode: 3, logTail: ['starting', ''] }] });
  const [p, ...rest] = where(MANIFEST, r);
  assert.equal(rest.length, 0);
  assert.equal(p.path, 'spec.containers[0].command');
  assert.equal(p.at, '16:7-16:14');
  assert.equal(p.text, 'command');
  assert.equal(p.severity, 'error');
  assert.equal(p.message, 'Container app exited with code 3.\nLast log lines:\n  starting');
});

test('CrashLoopBackOff: a warning with the last exit code and the restart count; args when there is no command, else the name', () => {
  const loop = (name: string): ContainerReport => ({ ...running(name), state: 'waiting', ready: false, reason: 'CrashLoopBackOff', lastExitCode: 1, lastReason: 'Error', restarts: 2, logTail: ['boom'] });
  const ps = where(MANIFEST, report({ containers: [loop('app'), loop('helper'), loop('bare')] }));
  assert.deepEqual(
    ps.map((p) => [p.path, p.text, p.severity]),
    [
      ['spec.containers[0].command', 'command', 'warning'],
      ['spec.containers[1].args', 'args', 'warning'],
      ['spec.containers[2].name', 'bare', 'warning'],
    ],
  );
  assert.equal(ps[0].message, 'Container app exited with code 1, restarted 2 times (CrashLoopBackOff: back-off restarting it).\nLast log lines:\n  boom');
});

test('OOMKilled: on resources.limits.memory, its value', () => {
  const r = report({ containers: [{ ...running('app'), state: 'waiting', ready: false, reason: 'CrashLoopBackOff', lastExitCode: 137, lastReason: 'OOMKilled', restarts: 1 }] });
  const [p] = where(MANIFEST, r);
  assert.equal(p.path, 'spec.containers[0].resources.limits.memory');
  assert.equal(p.text, '16Mi');
  assert.match(p.message, /^Container app was killed for going over its memory limit \(OOMKilled, exit code 137, restarted 1 time\)/);
});

test('image pull: a back-off is a warning on the image; ErrImageNeverPull (a start failure) is an error', () => {
  const waiting = where(MANIFEST, report({ phase: 'Pending', containers: [{ ...running('app'), state: 'waiting', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "example/app:1"' }] }));
  assert.deepEqual(waiting.map((p) => [p.path, p.text, p.severity, p.message]), [['spec.containers[0].image', 'example/app:1', 'warning', 'ImagePullBackOff: Back-off pulling image "example/app:1"']]);
  const never = where(MANIFEST, report({ phase: 'Failed', containers: [], failure: { reason: 'ErrImageNeverPull', container: 'app', detail: 'image "example/app:1" is not present with pull policy of Never' } }));
  assert.deepEqual(never.map((p) => [p.path, p.severity]), [['spec.containers[0].image', 'error']]);
});

test('a host port in use: on that ports[] entry', () => {
  const [p] = where(MANIFEST, report({ phase: 'Failed', containers: [], failure: { reason: 'PortInUse', port: 8080, detail: 'address already in use' } }));
  assert.equal(p.path, 'spec.containers[0].ports[0].hostPort');
  assert.equal(p.text, '8080');
});

test('CreateContainerConfigError: on runAsNonRoot, the container\'s else the pod\'s', () => {
  const [p] = where(MANIFEST, report({ phase: 'Failed', containers: [], failure: { reason: 'CreateContainerConfigError', container: 'app', detail: 'container has runAsNonRoot and image will run as root' } }));
  assert.equal(p.path, 'spec.securityContext.runAsNonRoot');
  assert.equal(p.text, 'true');
});

test('probes: a failing readiness probe with its output while the container is unready; gone once ready', () => {
  const events = [
    { time: 't1', type: 'Normal' as const, reason: 'Started', container: 'app', message: 'Started container app' },
    { time: 't2', type: 'Warning' as const, reason: 'Unhealthy', container: 'app', message: 'Readiness probe failed: cat: can\'t open \'/tmp/ready\': No such file or directory' },
  ];
  const [p] = where(MANIFEST, report({ containers: [running('app', { ready: false })], events }));
  assert.equal(p.path, 'spec.containers[0].readinessProbe');
  assert.equal(p.severity, 'warning');
  assert.equal(p.message, "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory (1 failure). The container is not ready.");
  assert.deepEqual(where(MANIFEST, report({ containers: [running('app')], events })), []);
});

test('an init container that failed: on that init container', () => {
  const r = report({ phase: 'Failed', containers: [{ ...running('setup'), role: 'init', state: 'terminated', ready: false, reason: 'Error', exitCode: 2 }] });
  const [p] = where(MANIFEST, r);
  assert.equal(p.path, 'spec.initContainers[0].command');
  assert.match(p.message, /^Init container setup exited with code 2\./);
});

test('DeadlineExceeded on activeDeadlineSeconds; a Job\'s BackoffLimitExceeded on backoffLimit', () => {
  const [d] = where(MANIFEST, report({ phase: 'Failed', reason: 'DeadlineExceeded', containers: [] }));
  assert.equal(d.path, 'spec.activeDeadlineSeconds');
  assert.equal(d.text, '30');
  const job = report({ name: 'once-abcde', owner: { kind: 'Job', name: 'once' }, phase: 'Failed', containers: [], jobFailure: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } });
  const [b] = where(MANIFEST, job);
  assert.equal(b.path, 'spec.backoffLimit');
  assert.equal(b.text, '2');
});

test('several pods of one file each get theirs; a Deployment\'s pod maps to its template', () => {
  const crash: ContainerReport = { ...running('api'), state: 'terminated', ready: false, reason: 'Error', exitCode: 1 };
  const shopPod = report({ uid: 'u2', name: 'shop-7d4b9-x2x4z', owner: { kind: 'ReplicaSet', name: 'shop-7d4b9' }, containers: [crash] });
  const webPod = report({ containers: [{ ...running('app'), state: 'terminated', ready: false, reason: 'Error', exitCode: 3 }] });
  const placed = placeProblems(MANIFEST, [...runtimeProblems(webPod), ...runtimeProblems(shopPod)]);
  assert.deepEqual(
    placed.map((p) => [p.document, p.path]),
    [
      [0, 'spec.containers[0].command'],
      [1, 'spec.template.spec.containers[0].command'],
    ],
  );
});

test('placed again after edits that move lines and reorder containers; the field text tells an edit of the field', () => {
  const r = report({ containers: [{ ...running('app'), state: 'terminated', ready: false, reason: 'Error', exitCode: 3 }] });
  const problems = runtimeProblems(r);
  const [before] = placeProblems(MANIFEST, problems);
  const moved = MANIFEST.replace('spec:\n  activeDeadlineSeconds', 'spec:\n  hostname: a\n  subdomain: b\n  activeDeadlineSeconds').replace(
    '  containers:\n    - name: app',
    '  containers:\n    - name: first\n      image: busybox:1.36\n    - name: app',
  );
  const [after] = placeProblems(moved, problems);
  assert.equal(after.path, 'spec.containers[1].command');
  assert.equal(moved.slice(after.range.start, after.range.end), 'command');
  assert.ok(after.range.start > before.range.start);
  assert.equal(after.fieldText, before.fieldText, 'the field itself is unchanged');
  const edited = MANIFEST.replace('exit 3', 'exit 0');
  const [again] = placeProblems(edited, problems);
  assert.notEqual(again.fieldText, before.fieldText);
  assert.deepEqual(placeProblems(MANIFEST.replace('name: web', 'name: other'), problems), [], 'a pod the text no longer has');
});

// Reports recorded on the real engine by PodReports (test/fixtures/runtime/reports: each JSON beside
// the manifest it was run from), so that the statuses read here are the runtime's own.
function recorded(name: string): { text: string; report: PodReport } {
  const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'runtime', 'reports');
  return { text: readFileSync(join(dir, `${name}.yaml`), 'utf8'), report: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as PodReport };
}

test('recorded: CrashLoopBackOff is a warning on command with the last exit code, the restart and the log', () => {
  const { text, report } = recorded('crash-loop');
  const [p, ...rest] = where(text, report);
  assert.deepEqual(rest, []);
  assert.equal(p.path, 'spec.containers[0].command');
  assert.equal(p.severity, 'warning');
  assert.equal(p.message, 'Container app exited with code 1, restarted 1 time (CrashLoopBackOff: back-off restarting it).\nLast log lines:\n  fatal: no database\n  loading settings');
});

test('recorded: an init container that failed under restartPolicy Never is an error on it (its args, having no command)', () => {
  const { text, report } = recorded('init-fails');
  const [p, ...rest] = where(text, report);
  assert.deepEqual(rest, [], 'the app waiting behind it is not a problem of its own');
  assert.equal(p.path, 'spec.initContainers[0].args');
  assert.equal(p.severity, 'error');
  assert.equal(p.message, 'Init container migrate exited with code 5.\nLast log lines:\n  migration 7 failed');
});
