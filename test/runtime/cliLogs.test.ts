// `podwright logs` as kubectl's users reach for it, on real containers: every pod of a label
// selector (-l), the last lines (--tail, 10 a pod by default with -l), a time window (--since),
// the time of each line (--timestamps), and several pods followed at once within a limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../../cli/src/commands/logs';
import { cliHarness } from './cliHarness';
import { uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-logs');

/** A pod that prints `<tag>-1` … `<tag>-20` at once, then waits for SIGTERM. */
const pod = (name: string, app: string, tag: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${app}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'for i in $(seq 1 20); do echo ${tag}-$i; done; trap "exit 0" TERM; while :; do sleep 1; done']
`;

const lines = (from: number, to: number, tag: string, prefix = '') => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${tag}-${from + i}\n`).join('');

test('logs -l, --tail, --since, --timestamps and -f of several pods', { timeout: 120_000 }, async (t) => {
  const app = uniqueName('pw-logs');
  const [a, b] = [`${app}-a`, `${app}-b`];
  t.after(async () => {
    await podwright(['stop', a, '--timeout', '0']);
    await podwright(['stop', b, '--timeout', '0']);
  });
  writeFileSync(join(podwright.work, 'pods.yaml'), `${pod(a, app, 'a')}---\n${pod(b, app, 'b')}`);
  const run = await podwright(['run', 'pods.yaml']);
  assert.equal(run.code, 0, run.err);
  await waitFor('both have written their 20 lines', async () => {
    const [x, y] = await Promise.all([podwright(['logs', a]), podwright(['logs', b])]);
    return x.out.includes('a-20\n') && y.out.includes('b-20\n') ? true : undefined;
  }, 30_000, 300);

  // A selector: each pod in name order, its last 10 lines, as kubectl defaults.
  const selected = await podwright(['logs', '-l', `app=${app}`, '--prefix']);
  assert.equal(selected.code, 0, selected.err);
  assert.equal(selected.out, lines(11, 20, 'a', `[pod/${a}/app] `) + lines(11, 20, 'b', `[pod/${b}/app] `));
  assert.equal((await podwright(['logs', '-l', `app=${app}`, '--tail', '-1'])).out, lines(1, 20, 'a') + lines(1, 20, 'b'));
  assert.equal((await podwright(['logs', '-l', `app=${app},tier=none`])).err, 'No resources found in default namespace.\n');

  // One pod: its whole log unless --tail says otherwise; each line's time with --timestamps.
  assert.equal((await podwright(['logs', a])).out, lines(1, 20, 'a'));
  const stamped = await podwright(['logs', a, '--tail', '2', '--timestamps']);
  assert.match(stamped.out, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z a-19\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z a-20\n$/);
  // The lines were written at the start: an hour holds them all, the last few milliseconds none.
  assert.equal((await podwright(['logs', a, '--since', '1h'])).out, lines(1, 20, 'a'));
  assert.equal((await podwright(['logs', a, '--since', '0s'])).out, lines(1, 20, 'a'), "0 is kubectl's default: no limit");
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await podwright(['logs', a, '--since', '1s'])).out, '');
  const after = new Date(Date.now() - 500).toISOString();
  assert.equal((await podwright(['logs', a, '--since-time', after])).out, '');
  assert.equal((await podwright(['logs', a, '--since-time', '2020-01-01T00:00:00Z'])).out, lines(1, 20, 'a'));

  // Following: more logs than --max-log-requests is refused; within it, every pod's new lines.
  const tooMany = await podwright(['logs', '-l', `app=${app}`, '-f', '--max-log-requests', '1']);
  assert.equal(tooMany.code, 2);
  assert.equal(tooMany.err, 'podwright logs: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n');
  const following = podwright(['logs', '-l', `app=${app}`, '-f', '--tail', '1']);
  await new Promise((r) => setTimeout(r, 1500));
  await podwright(['stop', a, '--timeout', '0']);
  await podwright(['stop', b, '--timeout', '0']);
  const followed = await following;
  assert.equal(followed.code, 0, followed.err);
  assert.deepEqual(followed.out.split('\n').filter(Boolean).sort(), ['a-20', 'b-20']);

  // Usage: a POD and a selector, a bad duration, a bad count.
  for (const args of [[a, '-l', `app=${app}`], [a, '--since', '5x'], [a, '--tail', 'ten'], ['-l', 'app in'], [a, '--since-time', 'yesterday'], [a, '--since', '1m', '--since-time', after]]) {
    assert.equal((await podwright(['logs', ...args])).code, 2, args.join(' '));
  }
});

test("--since takes Go's durations, as kubectl does", () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.throws(() => parseDuration('5'), /--since takes a duration/);
  assert.throws(() => parseDuration('-5m'), /--since takes a duration/);
});
