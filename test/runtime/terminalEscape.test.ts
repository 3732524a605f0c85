// What a manifest and a container write reaches a person's terminal as text, never as a control
// sequence (the class of CVE-2021-25743, which kubectl fixed by escaping): an annotation, and a
// readiness probe's output, which the image controls and the Unhealthy event quotes, on real
// containers through `run`, `describe` and `get events`. `logs` passes the container's own output
// through as docker and kubectl do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-escape');
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  annotations:
    note: "\\e]0;owned\\a"
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'printf "\\033[31mred\\n"; trap "exit 0" TERM; while :; do sleep 1; done']
    readinessProbe:
      exec: {command: [sh, -c, 'printf "\\033[2Jprobe-out"; exit 1']}
      periodSeconds: 1
`;

test('describe, get events and run print the sequences of a manifest and an image escaped; logs as written', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-escape');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  writeFileSync(join(podwright.work, 'pod.yaml'), pod(name));
  const run = await podwright(['run', 'pod.yaml']);
  assert.equal(run.code, 0, run.err);
  assert.ok(!CONTROL.test(run.out + run.err), JSON.stringify(run.out + run.err));

  const described = await waitFor('the probe has failed', async () => {
    const r = await podwright(['describe', name]);
    return r.out.includes('Readiness probe failed') ? r : undefined;
  }, 30_000, 500);
  assert.ok(!CONTROL.test(described.out), JSON.stringify(described.out));
  assert.match(described.out, /\nAnnotations: +note: \^\[\]0;owned\^G\n/);
  assert.match(described.out, /\n  Warning  Unhealthy .* kubelet +Readiness probe failed: \^\[\[2Jprobe-out\n/);

  const events = await podwright(['get', 'events']);
  assert.equal(events.code, 0, events.err);
  assert.ok(!CONTROL.test(events.out), JSON.stringify(events.out));
  assert.match(events.out, new RegExp(`Warning +Unhealthy +pod/${name} +Readiness probe failed: \\^\\[\\[2Jprobe-out\n`));

  const logs = await podwright(['logs', name]);
  assert.equal(logs.out, '\x1b[31mred\n');
});
