// The Job controller's arithmetic and decisions without an engine: defaults, names, the back-off,
// podFailurePolicy, what is refused with its path, and passes over a fake context (pods created,
// replaced after the back-off, deleted; conditions), and kubectl's columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffRemaining, formatIntervals, JOB_BACKOFF, jobSpec, jobSpecProblems, jobUpdateProblems, matchFailurePolicy, nextBackoffRecord, pastBackoffLimitOnFailure, pendingIndexes, podPrefix } from '../../runtime/src/workloads/jobLogic';
import { jobController, jobPodRequest } from '../../runtime/src/workloads/jobs';
import { summarise } from '../../runtime/src/workloads/summary';
import { fake, podFrom, stored } from './fakeContext';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const template = (restartPolicy = 'Never') => ({ metadata: { labels: { app: 'x' } }, spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox' }] } });
const job = (name: string, spec: Record<string, unknown>) => stored('Job', name, { spec: { template: template(), ...spec } });

test('JobSpec defaults: completions 1 when both are unset, a work queue when only parallelism is set, backoffLimit 6', () => {
  assert.deepEqual([jobSpec({}).parallelism, jobSpec({}).completions, jobSpec({}).backoffLimit], [1, 1, 6]);
  assert.equal(jobSpec({ parallelism: 3 }).completions, undefined);
  assert.equal(jobSpec({ completions: 5 }).parallelism, 1);
  assert.equal(jobSpec({ completionMode: 'Indexed', completions: 2 }).indexed, true);
  // podReplacementPolicy defaults to Failed with a podFailurePolicy, TerminatingOrFailed without.
  assert.equal(jobSpec({ podFailurePolicy: { rules: [] } }).replaceOnlyFailed, true);
  assert.equal(jobSpec({}).replaceOnlyFailed, false);
});

test('pod names: <job>-<5 chars>, Indexed <job>-<index>-<5 chars>, the index kept when the name is cut', () => {
  assert.equal(podPrefix('pi'), 'pi-');
  assert.equal(podPrefix('pi', 3), 'pi-3-');
  const long = podPrefix('a'.repeat(70), 12);
  assert.equal(long.length, 58);
  assert.ok(long.endsWith('-12-'));
  const r = jobPodRequest(job('pi', { completionMode: 'Indexed', completions: 3 }), 2);
  assert.match(r.name, /^pi-2-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(r.spec.hostname, 'pi-2');
  assert.deepEqual(r.annotations, { 'batch.kubernetes.io/job-completion-index': '2' });
  assert.deepEqual(r.labels, {
    app: 'x',
    'batch.kubernetes.io/controller-uid': 'uid-pi',
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': 'uid-pi',
    'job-name': 'pi',
    'batch.kubernetes.io/job-completion-index': '2',
  });
  const env = (r.spec.containers as { env: unknown[] }[])[0].env;
  assert.deepEqual(env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
  assert.match(jobPodRequest(job('pi', {})).name, /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('back-off: 10 s doubling per failure since the last success, capped at 6 minutes, less the time since the last failure', () => {
  const at = (failures: number, elapsed = 0) => backoffRemaining({ failuresAfterLastSuccess: failures, lastFailureTime: T0 }, T0 + elapsed, JOB_BACKOFF);
  assert.deepEqual([0, 1, 2, 3, 6, 7, 12].map((n) => at(n)), [0, 10_000, 20_000, 40_000, 320_000, 360_000, 360_000]);
  assert.equal(at(2, 15_000), 5_000);
  assert.equal(at(2, 25_000), 0);
  assert.equal(backoffRemaining({ failuresAfterLastSuccess: 3, lastFailureTime: T0 }, T0, { initialMs: 500, maxMs: 1000 }), 1000);
  // Failures add up; a success resets the count to the failures after it.
  assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 1, lastFailureTime: T0 }, [], [T0 + 5, T0 + 9]), { failuresAfterLastSuccess: 3, lastFailureTime: T0 + 9 });
  assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: T0 }, [T0 + 10], [T0 + 5]), { failuresAfterLastSuccess: 0 });
  assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: T0 }, [T0 + 10], [T0 + 5, T0 + 12]), { failuresAfterLastSuccess: 1, lastFailureTime: T0 + 12 });
  assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 2, lastFailureTime: T0 }, [], []), { failuresAfterLastSuccess: 2, lastFailureTime: T0 });
});

test('podFailurePolicy: the first rule whose exit codes match a failed container, exit code 0 never matches', () => {
  const r = jobPodRequest(job('p', {}));
  const failed = (code: number) => podFrom(r, 'u', 'Failed', code);
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [3, 4] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 7] } },
    ],
  };
  assert.deepEqual(matchFailurePolicy(policy, failed(42)), { action: 'FailJob', message: `Container main for pod default/${r.name} failed with exit code 42 matching FailJob rule at index 1` });
  assert.equal(matchFailurePolicy(policy, failed(4))?.action, 'Ignore');
  assert.equal(matchFailurePolicy(policy, failed(9))?.action, 'Count');
  assert.equal(matchFailurePolicy(policy, failed(7)), undefined);
  assert.equal(matchFailurePolicy({ rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] }, podFrom(r, 'u', 'Succeeded')), undefined);
  assert.equal(matchFailurePolicy({ rules: [{ action: 'FailJob', onExitCodes: { containerName: 'other', operator: 'In', values: [42] } }] }, failed(42)), undefined);
});

test('with OnFailure, restarts of running pods count against backoffLimit; 0 allows none', () => {
  const r = jobPodRequest(job('p', {}));
  const running = { ...podFrom(r, 'u', 'Running'), containers: [{ ...podFrom(r, 'u', 'Running').containers[0], restarts: 2 }] };
  assert.equal(pastBackoffLimitOnFailure(jobSpec({ backoffLimit: 2, template: template('OnFailure') }), [running]), true);
  assert.equal(pastBackoffLimitOnFailure(jobSpec({ backoffLimit: 3, template: template('OnFailure') }), [running]), false);
  assert.equal(pastBackoffLimitOnFailure(jobSpec({ backoffLimit: 2, template: template('Never') }), [running]), false);
  assert.equal(pastBackoffLimitOnFailure(jobSpec({ backoffLimit: 0, template: template('OnFailure') }), [{ ...running, containers: [{ ...running.containers[0], restarts: 1 }] }]), true);
});

test('completed indexes as intervals, and the lowest pending indexes', () => {
  assert.equal(formatIntervals([5, 0, 1, 2, 7, 8, 2]), '0-2,5,7-8');
  assert.equal(formatIntervals([]), '');
  assert.deepEqual(pendingIndexes(6, new Set([0, 2]), new Set([1]), 2), [3, 4]);
  assert.deepEqual(pendingIndexes(3, new Set([0, 1, 2]), new Set(), 2), []);
});

test('what a JobSpec may not hold is refused with its path', () => {
  const where = (spec: Record<string, unknown>, at = 'spec') => jobSpecProblems(spec, at).map((p) => `${p.code} ${p.where}`);
  assert.deepEqual(where({ template: template('Always') }), ['invalid spec.template.spec.restartPolicy']);
  assert.deepEqual(where({ template: { spec: { containers: [] } } }, 'spec.jobTemplate.spec'), ['invalid spec.jobTemplate.spec.template.spec.restartPolicy']);
  assert.deepEqual(where({ template: template(), completionMode: 'Indexed' }), ['invalid spec.completions']);
  assert.deepEqual(where({ template: template(), successPolicy: { rules: [] }, backoffLimitPerIndex: 1 }), ['unsupported spec.successPolicy', 'unsupported spec.backoffLimitPerIndex']);
  assert.deepEqual(where({ template: template(), managedBy: 'example.com/other' }), ['unsupported spec.managedBy']);
  assert.deepEqual(where({ template: template('OnFailure'), podFailurePolicy: { rules: [] } }), ['invalid spec.template.spec.restartPolicy']);
  assert.deepEqual(
    where({ template: template(), podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }, { type: 'Ready' }] }] } }),
    ['unsupported spec.podFailurePolicy.rules[0].action', 'unsupported spec.podFailurePolicy.rules[1].onPodConditions[1].type'],
  );
  assert.deepEqual(where({ template: template(), completions: 2, parallelism: 2, completionMode: 'Indexed', podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }), []);
  // An applied Job's template, completions and completionMode do not change.
  assert.deepEqual(jobUpdateProblems({ template: template(), completions: 2, parallelism: 2 }, { template: template(), completions: 2, parallelism: 1 }), []);
  assert.deepEqual(jobUpdateProblems({ template: template('OnFailure'), completions: 3 }, { template: template(), completions: 2 }).map((p) => p.where), ['spec.template', 'spec.completions']);
});

test('a Job of 3 completions, 2 at a time: 2 pods, a third as one succeeds, Complete when 3 have', async () => {
  const j = job('work', { completions: 3, parallelism: 2 });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2);
  f.pods = f.created.map((r, i) => podFrom(r, `u${i}`, 'Running'));
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2, 'no more while 2 run');
  f.pods[0] = podFrom(f.created[0], 'u0', 'Succeeded', 0, T0 + 1000);
  f.now += 1500;
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 3);
  f.pods = [podFrom(f.created[0], 'u0', 'Succeeded', 0, T0), podFrom(f.created[1], 'u1', 'Succeeded', 0, T0 + 2000), podFrom(f.created[2], 'u2', 'Running')];
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 3, 'never more than the completions left');
  assert.deepEqual([f.status.counters?.succeeded, f.status.counters?.active], [2, 1]);
  f.pods[2] = podFrom(f.created[2], 'u2', 'Succeeded', 0, T0 + 3000);
  f.now = T0 + 4000;
  await jobController.sync(j, f.ctx());
  const complete = f.status.conditions.find((c) => c.type === 'Complete');
  assert.deepEqual([complete?.status, complete?.reason], ['True', 'CompletionsReached']);
  assert.deepEqual(f.deleted, [], 'finished pods are kept');
  assert.deepEqual(summarise(j, f.status, f.pods, T0 + 60_000).columns, [['STATUS', 'Complete'], ['COMPLETIONS', '3/3'], ['DURATION', '4s']]);
  // The pods gone later (deleted by hand) still count: nothing is made again.
  f.pods = [];
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 3);
  assert.equal(f.status.counters?.succeeded, 3);
});

test('failed pods are replaced after the back-off, and the Job fails when more failed than backoffLimit', async () => {
  const j = job('fail', { backoffLimit: 1 });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  f.pods = [podFrom(f.created[0], 'u0', 'Failed', 1, T0 + 500)];
  f.now = T0 + 1000;
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 1, 'no replacement during the back-off');
  assert.ok(f.wakes.includes(T0 + 500 + 10_000), `a pass when the back-off ends (${f.wakes.join(',')})`);
  f.now = T0 + 10_600;
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2);
  f.pods.push(podFrom(f.created[1], 'u1', 'Failed', 1, T0 + 11_000));
  f.now = T0 + 11_500;
  await jobController.sync(j, f.ctx());
  const failed = f.status.conditions.find((c) => c.type === 'Failed');
  assert.deepEqual([failed?.status, failed?.reason, failed?.message], ['True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']);
  assert.equal(f.status.counters?.failed, 2);
  assert.equal(f.created.length, 2);
  assert.deepEqual(summarise(j, f.status, f.pods, T0 + 12_500).columns[0], ['STATUS', 'Failed']);
});

test('podFailurePolicy: Ignore does not count against backoffLimit; FailJob fails the Job with reason PodFailurePolicy', async () => {
  const policy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
  const j = job('pfp', { backoffLimit: 0, podFailurePolicy: policy });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  f.pods = [podFrom(f.created[0], 'u0', 'Failed', 3, T0)];
  f.now = T0 + 10_000;
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2, 'an ignored failure is replaced (after the back-off) and the Job goes on');
  assert.equal(f.status.counters?.failed, 0);
  assert.equal(f.status.conditions.length, 0);
  f.pods.push(podFrom(f.created[1], 'u1', 'Failed', 42, T0 + 100));
  await jobController.sync(j, f.ctx());
  const failed = f.status.conditions.find((c) => c.type === 'Failed');
  assert.equal(failed?.reason, 'PodFailurePolicy');
  assert.match(String(failed?.message), /^Container main for pod default\/pfp-\w{5} failed with exit code 42 matching FailJob rule at index 1$/);
});

test('activeDeadlineSeconds: the active pods go and the Job fails with DeadlineExceeded; ttlSecondsAfterFinished deletes it later', async () => {
  const j = job('slow', { activeDeadlineSeconds: 5, ttlSecondsAfterFinished: 30 });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  assert.ok(f.wakes.includes(T0 + 5000));
  f.pods = [podFrom(f.created[0], 'u0', 'Running')];
  f.now = T0 + 5000;
  await jobController.sync(j, f.ctx());
  assert.equal(f.status.conditions.find((c) => c.type === 'Failed')?.reason, 'DeadlineExceeded');
  assert.deepEqual(f.deleted, [f.created[0].name]);
  assert.ok(f.wakes.includes(T0 + 35_000));
  // The deleted pod fails as it is killed: not counted, it was the controller's doing.
  f.pods = [{ ...podFrom(f.created[0], 'u0', 'Failed', 137), terminating: true }];
  f.now = T0 + 34_000;
  await jobController.sync(j, f.ctx());
  assert.deepEqual(f.deletedObjects, []);
  f.now = T0 + 35_000;
  await jobController.sync(j, f.ctx());
  assert.deepEqual(f.deletedObjects, ['slow']);
});

test('a pod deleted by someone else while it ran counts as failed and is replaced', async () => {
  const j = job('gone', { backoffLimit: 3 });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  f.pods = [podFrom(f.created[0], 'u0', 'Running')];
  await jobController.sync(j, f.ctx());
  f.pods = [];
  f.now = T0 + 100;
  await jobController.sync(j, f.ctx());
  assert.equal(f.status.counters?.failed, 1);
  f.now = T0 + 10_200;
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2);
});

test('suspend deletes the active pods and creates none; resuming resets the start time', async () => {
  const running = job('sus', { parallelism: 2, completions: 4 });
  const f = fake(running, T0);
  await jobController.sync(running, f.ctx());
  f.pods = f.created.map((r, i) => podFrom(r, `u${i}`, 'Running'));
  const suspended = job('sus', { parallelism: 2, completions: 4, suspend: true });
  f.now = T0 + 1000;
  await jobController.sync(suspended, f.ctx());
  assert.equal(f.deleted.length, 2);
  assert.equal(f.status.conditions.find((c) => c.type === 'Suspended')?.status, 'True');
  assert.deepEqual(summarise(suspended, f.status, [], T0).columns[0], ['STATUS', 'Suspended']);
  f.pods = [];
  await jobController.sync(suspended, f.ctx());
  assert.equal(f.created.length, 2);
  assert.equal(f.status.counters?.failed, 0, 'pods deleted for the suspension are not failures');
  f.now = T0 + 5000;
  await jobController.sync(running, f.ctx());
  assert.equal(f.created.length, 4);
  assert.equal(f.status.times?.start, T0 + 5000);
  assert.equal(f.status.conditions.find((c) => c.type === 'Suspended')?.reason, 'JobResumed');
});

test('Indexed: one pod per index, a succeeded index is done, a failed one made again', async () => {
  const j = job('idx', { completionMode: 'Indexed', completions: 3, parallelism: 3 });
  const f = fake(j, T0, { jobBackoff: { initialMs: 100, maxMs: 100 } });
  await jobController.sync(j, f.ctx());
  assert.deepEqual(f.created.map((r) => r.annotations['batch.kubernetes.io/job-completion-index']), ['0', '1', '2']);
  f.pods = [podFrom(f.created[0], 'u0', 'Succeeded', 0, T0), podFrom(f.created[1], 'u1', 'Failed', 1, T0), podFrom(f.created[2], 'u2', 'Running')];
  f.now = T0 + 200;
  await jobController.sync(j, f.ctx());
  assert.deepEqual(f.created.slice(3).map((r) => r.annotations['batch.kubernetes.io/job-completion-index']), ['1']);
  assert.equal(f.status.counters?.succeeded, 1);
});

test('a work queue (parallelism only) stops making pods at the first success, completes when none runs', async () => {
  const j = job('queue', { parallelism: 2 });
  const f = fake(j, T0);
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2);
  f.pods = [podFrom(f.created[0], 'u0', 'Succeeded', 0, T0), podFrom(f.created[1], 'u1', 'Running')];
  await jobController.sync(j, f.ctx());
  assert.equal(f.created.length, 2);
  assert.equal(f.status.conditions.length, 0);
  assert.deepEqual(summarise(j, f.status, f.pods, T0).columns[1], ['COMPLETIONS', '1/1 of 2']);
  f.pods[1] = podFrom(f.created[1], 'u1', 'Succeeded', 0, T0);
  await jobController.sync(j, f.ctx());
  assert.equal(f.status.conditions.find((c) => c.type === 'Complete')?.status, 'True');
});

test('podReplacementPolicy Failed: a pod deleted by someone else holds its place until it is gone; TerminatingOrFailed counts it failed at once', async () => {
  for (const [policy, replacedWhileTerminating] of [['Failed', false], ['TerminatingOrFailed', true]] as const) {
    const j = job(`rp-${policy.toLowerCase()}`, { podReplacementPolicy: policy, backoffLimit: 3 });
    const f = fake(j, T0, { jobBackoff: { initialMs: 10, maxMs: 10 } });
    await jobController.sync(j, f.ctx());
    f.pods = [podFrom(f.created[0], 'u0', 'Running')];
    await jobController.sync(j, f.ctx());
    f.pods = [{ ...f.pods[0], terminating: true }];
    for (const now of [T0 + 100, T0 + 150]) {
      f.now = now;
      await jobController.sync(j, f.ctx());
    }
    assert.equal(f.created.length, replacedWhileTerminating ? 2 : 1, policy);
    assert.equal(f.status.counters?.failed, replacedWhileTerminating ? 1 : 0, policy);
    // The deleted pod is gone; a replacement made meanwhile runs.
    for (const now of [T0 + 200, T0 + 250]) {
      f.pods = f.created.slice(1).map((r, i) => podFrom(r, `r${i}`, 'Running'));
      f.now = now;
      await jobController.sync(j, f.ctx());
    }
    assert.equal(f.created.length, 2, `${policy}: replaced once gone`);
    assert.equal(f.status.counters?.failed, 1, policy);
  }
});
