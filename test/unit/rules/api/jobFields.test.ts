// Job and CronJob fields outside the pod template: one intended rejection per manifest, each checked
// against the pkg/apis/batch/validation/validation.go function named beside it, plus valid manifests
// that must get no error.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { API_RULES } from '../../../../analysis/src/rules/api';
import { applyAndRecheck, at, fixNamed, single } from './helpers';

const API_IDS = new Set(API_RULES.map((r) => r.id));

function job(spec: string, name = 'shard', restartPolicy = 'Never'): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - name: work
        image: busybox:1.36
        command: [sh, -c, 'echo $JOB_COMPLETION_INDEX']
`;
}

function cronJob(spec: string, name = 'report', jobSpec = ''): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
${spec}  jobTemplate:
    spec:
${jobSpec}      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
`;
}

type Case = [string, string, string, string, string, RegExp];

const REJECTED: Case[] = [
  ['validateJobSpec parallelism', 'job-fields', job('  parallelism: -1\n'), 'spec.parallelism', '-1', /parallelism must be greater than or equal to 0/],
  ['validateJobSpec backoffLimit', 'job-fields', job('  backoffLimit: -6\n'), 'spec.backoffLimit', '-6', /greater than or equal to 0/],
  ['validateJobSpec ttlSecondsAfterFinished', 'job-fields', job('  ttlSecondsAfterFinished: -100\n'), 'spec.ttlSecondsAfterFinished', '-100', /greater than or equal to 0/],
  ['validateJobSpec activeDeadlineSeconds', 'job-fields', job('  activeDeadlineSeconds: -1\n'), 'spec.activeDeadlineSeconds', '-1', /greater than or equal to 0/],
  ['validateJobSpec Indexed needs completions', 'job-fields', job('  completionMode: Indexed\n  parallelism: 3\n'), 'spec.completions', 'Indexed', /needs completions/],
  ['validateJobSpec backoffLimitPerIndex needs Indexed', 'job-fields', job('  completions: 3\n  backoffLimitPerIndex: 1\n'), 'spec.backoffLimitPerIndex', '1', /requires completionMode: Indexed/],
  ['validateJobSpec maxFailedIndexes above completions', 'job-fields', job('  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 4\n'), 'spec.maxFailedIndexes', '4', /at most completions \(3\)/],
  ['validatePodFailurePolicyRule FailIndex', 'job-fields', job('  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [42]}\n'), 'spec.podFailurePolicy.rules[0].action', 'FailIndex', /requires backoffLimitPerIndex/],
  ['validatePodFailurePolicyRuleOnExitCodes order', 'job-fields', job('  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [3, 1]}\n'), 'spec.podFailurePolicy.rules[0].onExitCodes.values', 'values', /increasing order/],
  ['validatePodFailurePolicyRuleOnExitCodes 0 with In', 'job-fields', job('  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [0]}\n'), 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]', '0', /Exit code 0/],
  ['validatePodFailurePolicy restartPolicy', 'job-fields', job('  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42]}\n', 'shard', 'OnFailure'), 'spec.template.spec.restartPolicy', 'OnFailure', /restartPolicy: Never/],
  ['validateSuccessPolicy needs Indexed', 'job-fields', job('  completions: 3\n  successPolicy:\n    rules:\n    - succeededCount: 1\n'), 'spec.successPolicy', 'successPolicy', /requires completionMode: Indexed/],
  ['validateIndexesFormat', 'job-fields', job('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: "0-5"\n'), 'spec.successPolicy.rules[0].succeededIndexes', '"0-5"', /not below completions \(3\)/],
  ['ValidateGeneratedSelector', 'job-fields', job('  selector:\n    matchLabels: {app: shard}\n'), 'spec.selector', 'selector', /manualSelector: true/],
  ['ValidateJobSpec selector required', 'job-fields', job('  manualSelector: true\n'), 'spec.selector', 'true', /needs a selector/],
  ['validateJobSpec managedBy (IsDomainPrefixedPath)', 'job-fields', job('  managedBy: kueue\n'), 'spec.managedBy', 'kueue', /must be a domain-prefixed path/],
  ['ValidateJobTemplateSpec selector', 'job-fields', cronJob('  schedule: "@hourly"\n', 'report', '      selector:\n        matchLabels: {app: report}\n'), 'spec.jobTemplate.spec.selector', 'selector', /takes no selector/],
  ['ValidateJobTemplateSpec counts', 'job-fields', cronJob('  schedule: "@hourly"\n', 'report', '      backoffLimit: -1\n'), 'spec.jobTemplate.spec.backoffLimit', '-1', /greater than or equal to 0/],
  ['validateScheduleFormat', 'cronjob-fields', cronJob('  schedule: "every minute"\n'), 'spec.schedule', '"every minute"', /not a valid cron schedule: expected 5 fields .*found 2/],
  ['validateScheduleFormat range', 'cronjob-fields', cronJob('  schedule: "0 24 * * *"\n'), 'spec.schedule', '"0 24 * * *"', /hour '24' is beyond 0-23/],
  ['validateScheduleFormat TZ', 'cronjob-fields', cronJob('  schedule: "CRON_TZ=UTC 0 3 * * *"\n'), 'spec.schedule', '"CRON_TZ=UTC 0 3 * * *"', /TZ/],
  ['validateScheduleFormat empty', 'cronjob-fields', cronJob('  schedule: ""\n'), 'spec.schedule', '""', /schedule is required/],
  ['validateTimeZone unknown', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n  timeZone: Europe/Pariss\n'), 'spec.timeZone', 'Europe/Pariss', /unknown time zone 'Europe\/Pariss'/],
  ['validateTimeZone Local', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n  timeZone: Local\n'), 'spec.timeZone', 'Local', /explicit time zone/],
  ['validateTimeZone empty', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n  timeZone: ""\n'), 'spec.timeZone', '""', /not empty/],
  ['validateCronJobSpec startingDeadlineSeconds', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n  startingDeadlineSeconds: -10\n'), 'spec.startingDeadlineSeconds', '-10', /greater than or equal to 0/],
  ['validateCronJobSpec failedJobsHistoryLimit', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n  failedJobsHistoryLimit: -1\n'), 'spec.failedJobsHistoryLimit', '-1', /greater than or equal to 0/],
  ['ValidateCronJobCreate name', 'cronjob-fields', cronJob('  schedule: "0 3 * * *"\n', 'nightly-database-backup-to-object-storage-in-region-eu'), 'metadata.name', 'nightly-database-backup-to-object-storage-in-region-eu', /no more than 52 characters \(it has 54\)/],
];

test('jobs and cronjobs: each intended rejection at the API server path, once', () => {
  for (const [fn, rule, text, path, covered, message] of REJECTED) {
    const p = single(text, rule);
    assert.equal(p.path, path, fn);
    assert.equal(p.severity, 'error', fn);
    assert.equal(at(text, p), covered, fn);
    assert.match(p.message, message, fn);
  }
});

const VALID: string[] = [
  job('  managedBy: kueue.x-k8s.io/multikueue\n'),
  job('  parallelism: 0\n  completions: 5\n  backoffLimit: 0\n  activeDeadlineSeconds: 600\n  ttlSecondsAfterFinished: 0\n'),
  job('  completionMode: Indexed\n  completions: 10\n  parallelism: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 5\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {containerName: work, operator: In, values: [1, 2, 42]}\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n  successPolicy:\n    rules:\n    - succeededIndexes: "0,2-5"\n      succeededCount: 3\n'),
  job('  manualSelector: true\n  selector:\n    matchLabels: {app: shard}\n').replace('    spec:\n      restartPolicy', '    metadata:\n      labels: {app: shard}\n    spec:\n      restartPolicy'),
  cronJob('  schedule: "*/15 9-17 * JAN-jun mon-FRI"\n  timeZone: Europe/Paris\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 200\n  successfulJobsHistoryLimit: 0\n  failedJobsHistoryLimit: 1\n'),
  cronJob('  schedule: "@every 1h30m"\n  timeZone: Etc/UTC\n'),
  cronJob('  schedule: "0 0 1,15 * ?"\n  timeZone: US/Eastern\n'),
  cronJob('  schedule: "@midnight"\n', 'a'.repeat(52)),
];

test('jobs and cronjobs: valid manifests get no error from any API rule', () => {
  for (const text of VALID) {
    const errors = analyze(text).problems.filter((p) => p.severity === 'error' && (API_IDS.has(p.rule) || p.rule.startsWith('schema')));
    assert.deepEqual(errors.map((p) => `${p.rule} ${p.path}: ${p.message}`), [], text);
  }
});

test('a mistyped schedule macro gets the macro meant as a quick fix', () => {
  const text = cronJob('  schedule: "@Daily"\n');
  const p = single(text, 'cronjob-fields');
  assert.match(p.message, /'@Daily' is not a schedule macro/);
  const fixed = applyAndRecheck(text, fixNamed(p, "Change to '@daily'"), 'cronjob-fields');
  assert.match(fixed, /schedule: "@daily"\n/);
});

test('managedBy is checked where the API server keeps it: from 1.32 on', () => {
  const text = job('  managedBy: kueue\n');
  assert.equal(single(text, 'job-fields', { kubernetesVersion: '1.33' }).path, 'spec.managedBy');
  assert.deepEqual(analyze(text, { kubernetesVersion: '1.31' }).problems.filter((p) => p.rule === 'job-fields'), []);
});
