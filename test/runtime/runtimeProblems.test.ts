// What the runtime reports of a failing pod, on the real engine, read as the extension reads it
// (PodReports) and placed on the manifest (runtimeProblems + runtimePlacement): the exit code and
// the last log line of a container that exits 1, an OOM kill on the memory limit, a failing
// readiness probe's own output on the probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest, type PodRuntime } from '../../runtime/src';
import { PodReports } from '../../client/src/extension/podReports';
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import { runtimeProblems } from '../../client/src/flows/runtimeProblems';
import { cleanup, newRuntime, uniqueName, waitFor, waitStatus } from './helpers';

async function start(t: { after(fn: () => Promise<void>): void }, runtime: PodRuntime, text: string) {
  const { plans, problems } = planManifest(text, '/manifests/pod.yaml');
  assert.deepEqual(problems, []);
  t.after(() => cleanup(runtime, plans));
  await runtime.run(plans[0], { supervise: 'inProcess', backoff: { initialMs: 60_000, maxMs: 60_000 } });
  return plans[0];
}

/** The placed problems of the pod, once `ready` holds for them. */
function placed(runtime: PodRuntime, text: string, what: string, ready: (ps: ReturnType<typeof placeProblems>) => boolean) {
  const reports = new PodReports(runtime);
  return waitFor(
    what,
    async () => {
      const ps = placeProblems(text, (await reports.reports()).flatMap(runtimeProblems));
      return ready(ps) ? ps : undefined;
    },
    30_000,
    200,
  );
}

test('a container that exits 1: its exit code and its last log line, on its command', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-rtp-exit');
  const text = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["sh", "-c", "echo first; sleep 0.2; echo 'config file missing' >&2; exit 1"]
`;
  // The engine copies stdout and stderr to its log separately: lines of both written at once can
  // swap places there, so the two lines are apart in time.
  const plan = await start(t, runtime, text);
  await waitStatus(runtime, plan.uid, 'Failed', (s) => s.phase === 'Failed');
  const [p, ...rest] = await placed(runtime, text, 'the problem', (ps) => ps.length > 0);
  assert.deepEqual(rest, []);
  assert.equal(p.path, 'spec.containers[0].command');
  assert.equal(text.slice(p.range.start, p.range.end), 'command');
  assert.equal(p.problem.severity, 'error');
  assert.equal(p.problem.message, 'Container app exited with code 1.\nLast log lines:\n  first\n  config file missing');
});

test('an OOM kill: on resources.limits.memory', async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-rtp-oom');
  // 100 MiB held in a pipe buffer under a 16 MiB limit: the kernel kills it.
  const text = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["sh", "-c", "head -c 100m /dev/zero | tail"]
    resources:
      limits: {memory: 16Mi}
`;
  const plan = await start(t, runtime, text);
  await waitStatus(runtime, plan.uid, 'Failed', (s) => s.phase === 'Failed');
  const [p] = await placed(runtime, text, 'the OOM problem', (ps) => ps.length > 0);
  assert.equal(p.path, 'spec.containers[0].resources.limits.memory');
  assert.equal(text.slice(p.range.start, p.range.end), '16Mi');
  assert.equal(p.problem.code, 'OOMKilled');
  assert.match(p.problem.message, /^Container hog was killed for going over its memory limit \(OOMKilled, exit code 137\)\./);
});

test("a failing readiness probe: the probe's own output, on the probe; gone once it passes", async (t) => {
  const runtime = newRuntime();
  const name = uniqueName('pw-rtp-ready');
  const text = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: web
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["sleep", "3600"]
    readinessProbe:
      exec: {command: ["cat", "/tmp/ready"]}
      periodSeconds: 1
`;
  const plan = await start(t, runtime, text);
  const [p] = await placed(runtime, text, 'the probe problem', (ps) => ps.length > 0);
  assert.equal(p.path, 'spec.containers[0].readinessProbe');
  assert.equal(p.problem.severity, 'warning');
  assert.match(p.problem.message, /^Readiness probe failed: cat: can't open '\/tmp\/ready': No such file or directory \(\d+ failures?\)\. The container is not ready\.$/);
  const session = await runtime.exec(await runtime.pod({ name }), 'web', ['touch', '/tmp/ready'], { onOutput: () => undefined });
  await session.exit;
  await waitStatus(runtime, plan.uid, 'ready', (s) => s.ready === '1/1', 15_000);
  await placed(runtime, text, 'no problem once ready', (ps) => ps.length === 0);
});
