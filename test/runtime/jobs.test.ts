// Jobs as their controller runs them, on the real engine: completions at most parallelism at a
// time, failures up to backoffLimit (container restarts too with OnFailure), Indexed pods with their
// index in env and hostname, activeDeadlineSeconds, a podFailurePolicy FailJob rule,
// ttlSecondsAfterFinished, and what apply refuses with its path.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { PodStatus } from '../../runtime/src';
import { isActive } from '../../runtime/src/workloads/controller';
import { FAST_BACKOFF, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

const runtime = newRuntime();
// A short Job back-off (500 ms doubling, at most 2 s) instead of 10 s doubling.
// Its log is kept to be shown when a Job does not finish (a pass that stalls is logged there).
const managerLog: string[] = [];
const manager = runtime.controllerManager({
  backoff: FAST_BACKOFF,
  jobBackoff: { initialMs: 500, maxMs: 2000 },
  tickMs: 500,
  slowPassMs: 10_000,
  // Within a Job test's wait: a stalled pass is superseded and the test goes on; after() says so.
  passDeadlineMs: 30_000,
  log: (m) => managerLog.push(`${new Date().toISOString()} ${m}`),
});
const NAME_CHARS = '[bcdfghjklmnpqrstvwxz2456789]{5}';

before(async () => {
  // The cluster's manager: apply starts none in the background.
  assert.equal(await manager.start(), true);
});
after(async () => {
  await manager.stop();
  // A stall the deadline got over passes the tests, but it is a bug to find: its lines go to the
  // run's log (CI keeps it).
  const stalls = managerLog.filter((l) => / (still running after|abandoned after) /.test(l));
  if (stalls.length) process.stderr.write(`jobs.test: the controller manager stalled:\n${stalls.join('\n')}\n`);
});

function jobYaml(name: string, spec: string, command: string, restartPolicy = 'Never'): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      restartPolicy: ${restartPolicy}
      terminationGracePeriodSeconds: 1
      containers:
      - name: work
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        command: [sh, -c, ${JSON.stringify(command)}]
`;
}

/** Applies a Job and deletes it (and checks nothing of its pods is left) when the test ends. */
async function applyJob(t: TestContext, name: string, yaml: string): Promise<void> {
  t.after(async () => {
    const uids = (await podsOf(name)).map((p) => p.uid);
    await runtime.workloads.delete({ kind: 'Job', name, namespace: 'default' });
    for (const uid of uids) assert.deepEqual(await objectsLeft(uid), { containers: 0, volumes: 0 });
  });
  const applied = await runtime.workloads.apply(yaml, `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(
    applied.documents.map((d) => [d.kind, d.result, d.problems]),
    [['Job', 'created', []]],
  );
  manager.kick();
}

function podsOf(job: string): Promise<PodStatus[]> {
  return runtime.list().then((all) => all.filter((p) => p.owner?.kind === 'Job' && p.owner.name === job));
}

function view(name: string) {
  return runtime.workloads.get({ kind: 'Job', name, namespace: 'default' });
}

/**
 * Waits for the Job's Complete or Failed condition, returning it. When it does not come, the error
 * says what the Job and its pods were doing (a CI run once saw the manager make no progress for
 * minutes, and the bare timeout said nothing of why).
 */
async function finished(name: string, timeoutMs = 60_000) {
  try {
    return await waitFor(`job ${name} to finish`, async () => {
      const v = await view(name);
      const c = v.status?.conditions.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
      return c ? { condition: c, view: v } : undefined;
    }, timeoutMs, 200);
  } catch (e) {
    const v = await view(name).catch(() => undefined);
    const pods = (await podsOf(name)).map((p) => `${p.name} ${p.phase} ${p.status}`);
    const events = (v?.status?.events ?? []).map((x) => `${x.reason}: ${x.message}`);
    throw new Error(`${(e as Error).message}; pods: [${pods.join(', ')}]; events: [${events.join(' | ')}]; conditions: ${JSON.stringify(v?.status?.conditions ?? [])}; manager log: ${managerLog.slice(-20).join('\n') || '(empty)'}`);
  }
}

test('completions: 3, parallelism: 2 completes 3 pods, never more than 2 at once', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-job');
  await applyJob(t, name, jobYaml(name, 'completions: 3\nparallelism: 2', 'sleep 2'));
  let most = 0;
  await waitFor('the Job to complete', async () => {
    const active = (await podsOf(name)).filter(isActive).length;
    most = Math.max(most, active);
    const v = await view(name);
    return v.status?.conditions.some((c) => c.type === 'Complete' && c.status === 'True') ? true : undefined;
  }, 60_000, 150);
  assert.equal(most, 2, 'at most parallelism pods at once, and that many');
  const pods = await podsOf(name);
  // Finished pods stay until the Job goes.
  assert.deepEqual(pods.map((p) => p.phase), ['Succeeded', 'Succeeded', 'Succeeded']);
  const v = await view(name);
  for (const p of pods) {
    assert.match(p.name, new RegExp(`^${name}-${NAME_CHARS}$`));
    assert.deepEqual([p.labels['job-name'], p.labels['batch.kubernetes.io/job-name'], p.labels['controller-uid'], p.labels['batch.kubernetes.io/controller-uid'], p.labels.app], [name, name, v.object.metadata.uid, v.object.metadata.uid, name]);
  }
  assert.equal(v.status?.conditions.find((c) => c.type === 'Complete')?.reason, 'CompletionsReached');
  assert.deepEqual([v.status?.counters?.succeeded, v.status?.counters?.failed, v.status?.counters?.active], [3, 0, 0]);
  const [summary] = await runtime.workloads.summaries(['Job']).then((s) => s.filter((x) => x.name === name));
  assert.deepEqual(summary.columns.slice(0, 2), [['STATUS', 'Complete'], ['COMPLETIONS', '3/3']]);
  assert.match(summary.columns[2][1], /^\d+s$/);
});

test('a failing Job stops at backoffLimit with BackoffLimitExceeded, its retries after the back-off', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-fail');
  await applyJob(t, name, jobYaml(name, 'backoffLimit: 2', 'exit 1'));
  const { condition, view: v } = await finished(name);
  assert.deepEqual([condition.type, condition.reason, condition.message], ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']);
  // backoffLimit 2: the third failure fails the Job; no pod is made after it.
  await manager.nextPass();
  const pods = await podsOf(name);
  assert.deepEqual(pods.map((p) => p.phase), ['Failed', 'Failed', 'Failed']);
  assert.equal(v.status?.counters?.failed, 3);
  // Each retry waited for the back-off after the failure before it (500 ms, then 1 s).
  const runs = pods.map((p) => ({ started: Date.parse(String(p.containers[0].startedAt)), finished: Date.parse(String(p.containers[0].finishedAt)) })).sort((a, b) => a.started - b.started);
  assert.ok(runs[1].started - runs[0].finished >= 500, `second pod ${runs[1].started - runs[0].finished} ms after the first failed`);
  assert.ok(runs[2].started - runs[1].finished >= 1000, `third pod ${runs[2].started - runs[1].finished} ms after the second failed`);
});

test('with restartPolicy OnFailure, container restarts count against backoffLimit', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-onfail');
  await applyJob(t, name, jobYaml(name, 'backoffLimit: 2', 'exit 1', 'OnFailure'));
  let restarts = 0;
  const { condition } = await waitFor('the Job to fail', async () => {
    for (const p of await podsOf(name)) restarts = Math.max(restarts, p.restarts);
    const v = await view(name);
    const c = v.status?.conditions.find((x) => x.type === 'Failed' && x.status === 'True');
    return c ? { condition: c } : undefined;
  }, 60_000, 100);
  assert.equal(condition.reason, 'BackoffLimitExceeded');
  assert.ok(restarts >= 2, `restarts seen: ${restarts}`);
  // The one pod, restarting, was deleted when the Job failed.
  await waitFor('its pod to go', async () => ((await podsOf(name)).length === 0 ? true : undefined), 30_000);
});

test('Indexed: each pod has its index in JOB_COMPLETION_INDEX, the annotation, its name and hostname', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-idx');
  await applyJob(t, name, jobYaml(name, 'completions: 3\nparallelism: 3\ncompletionMode: Indexed', 'echo "$JOB_COMPLETION_INDEX $(hostname)"'));
  const { condition } = await finished(name);
  assert.equal(condition.type, 'Complete');
  const pods = await podsOf(name);
  const seen: string[] = [];
  for (const p of pods) {
    const index = p.annotations['batch.kubernetes.io/job-completion-index'];
    assert.match(p.name, new RegExp(`^${name}-${index}-${NAME_CHARS}$`));
    assert.equal(p.labels['batch.kubernetes.io/job-completion-index'], index);
    const lines: string[] = [];
    await runtime.logs(p, { container: 'work' }, (l) => lines.push(l.text.trim()));
    assert.deepEqual(lines, [`${index} ${name}-${index}`]);
    seen.push(index);
  }
  assert.deepEqual(seen.sort(), ['0', '1', '2']);
});

test('activeDeadlineSeconds: the running pod is deleted and the Job fails with DeadlineExceeded', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-deadline');
  await applyJob(t, name, jobYaml(name, 'activeDeadlineSeconds: 3', "trap 'exit 0' TERM; while :; do sleep 1; done"));
  await waitFor('its pod to run', async () => ((await podsOf(name)).some((p) => p.phase === 'Running') ? true : undefined), 30_000);
  const { condition } = await finished(name);
  assert.deepEqual([condition.type, condition.reason, condition.message], ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
  await waitFor('its pod to go', async () => ((await podsOf(name)).length === 0 ? true : undefined), 30_000);
  const v = await view(name);
  assert.equal(v.status?.counters?.failed, 0, 'the pod deleted for the deadline is not a failure');
});

test('podFailurePolicy: an exit code a FailJob rule names fails the Job at once', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-pfp');
  const policy = `backoffLimit: 6
podFailurePolicy:
  rules:
  - action: Ignore
    onPodConditions:
    - type: DisruptionTarget
  - action: FailJob
    onExitCodes:
      containerName: work
      operator: In
      values: [42]`;
  await applyJob(t, name, jobYaml(name, policy, 'exit 42'));
  const { condition } = await finished(name);
  assert.equal(condition.reason, 'PodFailurePolicy');
  const pods = await podsOf(name);
  assert.equal(pods.length, 1);
  assert.equal(condition.message, `Container work for pod default/${pods[0].name} failed with exit code 42 matching FailJob rule at index 1`);
});

test('ttlSecondsAfterFinished: the Job and its pods go that long after it completed', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-ttl');
  await applyJob(t, name, jobYaml(name, 'ttlSecondsAfterFinished: 2', 'true'));
  const { condition } = await finished(name);
  assert.equal(condition.type, 'Complete');
  const [pod] = await podsOf(name);
  assert.equal(pod.phase, 'Succeeded');
  const gone = Date.now();
  await waitFor('the Job to be deleted', async () => ((await runtime.workloads.list(['Job'])).some((v) => v.object.metadata.name === name) ? undefined : true), 30_000);
  assert.ok(Date.now() - gone >= 1000, 'not before its ttl');
  await waitFor('its pod to go', async () => ((await podsOf(name)).length === 0 ? true : undefined), 30_000);
  assert.deepEqual(await objectsLeft(pod.uid), { containers: 0, volumes: 0 });
});

test('apply refuses a Job pod template with restartPolicy Always, and fields podwright does not run, with their paths', async () => {
  const name = uniqueName('pw-refused');
  const text = jobYaml(name, 'completions: 1', 'true', 'Always');
  const always = await runtime.workloads.apply(text, `/tmp/${name}.yaml`, { allowHostAccess: false });
  // The analysis finds it first: the file is refused at restartPolicy's value, with the rule.
  assert.deepEqual(always.documents, []);
  assert.equal(always.problems.length, 1);
  const line = text.split('\n').findIndex((l) => l.includes('restartPolicy: Always')) + 1;
  assert.equal(always.problems[0].where, `/tmp/${name}.yaml:${line}:22`);
  assert.match(always.problems[0].message, /restartPolicy Never or OnFailure.*\[workload-restart-policy\]/);
  // Indexed without completions is the API server's own rejection, so the analysis refuses the file.
  const noCompletions = await runtime.workloads.apply(jobYaml(name, 'completionMode: Indexed', 'true'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(noCompletions.documents, []);
  assert.match(noCompletions.problems[0]?.message ?? '', /completions.*\[job-fields\]/);
  // What the API server accepts and the runtime does not run is refused by the runtime, with its path.
  const indexed = await runtime.workloads.apply(jobYaml(name, 'completionMode: Indexed\ncompletions: 1\nsuccessPolicy:\n  rules: [{succeededCount: 1}]', 'true'), `/tmp/${name}.yaml`, { allowHostAccess: false });
  assert.deepEqual(
    indexed.documents.map((d) => [d.result, d.problems.map((p) => `${p.code} ${p.where}`)]),
    [['refused', ['unsupported spec.successPolicy']]],
  );
  assert.deepEqual(await runtime.workloads.list(['Job']).then((v) => v.filter((x) => x.object.metadata.name === name)), []);
});
