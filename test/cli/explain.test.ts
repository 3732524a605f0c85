// `podwright explain`: the shipped schemas' documentation laid out as kubectl explain lays it out,
// through list items (`containers.ports`), with required fields and enums, and its refusals.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const explain = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'explain', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('a field inside a list: its type, its description wrapped at 80 columns, its fields with -required-', () => {
  const r = explain('pod.spec.containers.ports');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.deepEqual(lines.slice(0, 6), ['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: ports <[]ContainerPort>', '', 'DESCRIPTION:']);
  assert.ok(lines.every((l) => l.length <= 80 || !l.includes(' ', 4)), 'wrapped, unless one word is longer');
  const fields = lines.filter((l) => /^ {2}\S/.test(l));
  assert.deepEqual(fields, ['  containerPort\t<integer> -required-', '  hostIP\t<string>', '  hostPort\t<integer>', '  name\t<string>', '  protocol\t<string>']);
  assert.match(r.out, /\n {2}containerPort\t<integer> -required-\n {4}Number of port to expose on the pod's IP address\./);
});

test('an enum, a kind by its short name, --recursive, and another schema version', () => {
  const type = explain('deploy.spec.strategy.type');
  assert.match(type.out, /^KIND: {7}Deployment\nVERSION: {4}apps\/v1\n\nFIELD: type <string>\nENUM:\n {4}Recreate\n {4}RollingUpdate\n/);
  const tree = explain('deployment.spec.strategy', '--recursive');
  assert.match(tree.out, /\nFIELDS:\n {2}rollingUpdate\t<RollingUpdateDeployment>\n {4}maxSurge\t<int-or-string>\n {4}maxUnavailable\t<int-or-string>\n {2}type\t<string>\n\n$/);
  const job = explain('CronJob.spec.jobTemplate.spec.template.spec.restartPolicy', '--kubernetes-version', '1.31');
  assert.equal(job.code, 0, job.err);
  assert.match(job.out, /^KIND: {7}CronJob\nVERSION: {4}batch\/v1\n\nFIELD: restartPolicy <string>\n/);
});

test('what does not exist is refused as kubectl refuses it', () => {
  assert.deepEqual(explain('pod.spec.nope'), { code: 1, out: '', err: 'error: field "nope" does not exist\n' });
  assert.deepEqual(explain('pod.metadata.labels.app'), { code: 1, out: '', err: 'error: field "app" does not exist\n' });
  assert.deepEqual(explain('widgets'), { code: 1, out: '', err: 'error: the server doesn\'t have a resource type "widgets"\n' });
  const usage = explain();
  assert.equal(usage.code, 2);
  assert.match(usage.err, /name one RESOURCE/);
});
