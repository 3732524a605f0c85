// `podwright describe` as a person runs it, on real pods: a running pod (kubectl's layout, a
// Secret's source shown and its value never), a crash-looping app (Last State, Restart Count,
// the BackOff events counted), an init container that failed twice and then succeeded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodDescription } from '../../runtime/src';
import type { PodState } from '../../runtime/src/state';
import { buildTimeline } from '../../client/src/flows/timeline';
import { cliHarness } from './cliHarness';
import { uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-describe');

function write(name: string, text: string): string {
  const file = `${name}.yaml`;
  writeFileSync(join(podwright.work, file), text);
  return file;
}

async function describeJson(name: string): Promise<PodDescription> {
  const r = await podwright(['describe', name, '-o', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as PodDescription;
}

const SECRET_VALUE = 'hunter2-do-not-print';

const runningPod = (name: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}-creds
stringData:
  password: ${SECRET_VALUE}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web, tier: backend}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
    ports: [{containerPort: 8080}]
    resources: {limits: {cpu: 500m, memory: 64Mi}}
    env:
    - {name: PLAIN, value: hello}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: ${name}-creds, key: password}}
    - name: MY_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    readinessProbe:
      exec: {command: ["true"]}
      periodSeconds: 1
    volumeMounts: [{name: cache, mountPath: /cache}, {name: creds, mountPath: /etc/creds, readOnly: true}]
  volumes:
  - name: cache
    emptyDir: {}
  - name: creds
    secret: {secretName: ${name}-creds}
`;

test('describe a running pod: kubectl layout, env sources, never a Secret value', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-dsc-run');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  const run = await podwright(['run', write(name, runningPod(name))]);
  assert.equal(run.code, 0, run.err);
  // Running is reported before the readiness probe's first success: wait for it.
  await waitFor('ready', async () => ((await describeJson(name)).containers[0].ready ? true : undefined));

  const r = await podwright(['describe', 'pod', name]);
  assert.equal(r.code, 0, r.err);
  const text = r.out;
  assert.ok(!text.includes(SECRET_VALUE), 'the Secret value is not printed');
  const d = await describeJson(name);
  assert.ok(!JSON.stringify(d).includes(SECRET_VALUE), 'nor in JSON');

  // The top block, aligned as kubectl's tabwriter aligns it (value column after the widest label).
  const ip = d.podIP ?? '';
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  assert.match(
    text,
    new RegExp(
      `^Name:             ${name}\\nNamespace:        default\\nPriority:         0\\nService Account:  default\\nNode:             podwright/[\\d.]+\\n` +
        `Start Time:       \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\nLabels:           app=web\\n                  tier=backend\\n` +
        `Annotations:      <none>\\nStatus:           Running\\nIP:               ${ip.replace(/\./g, '\\.')}\\nIPs:\\n  IP:  ${ip.replace(/\./g, '\\.')}\\nContainers:\\n  main:\\n`,
    ),
  );
  assert.match(text, /\n    Port:          8080\/TCP\n    Host Port:     0\/TCP\n/);
  assert.match(text, /\n    State:          Running\n      Started:      .+\n    Ready:          True\n    Restart Count:  0\n/);
  assert.match(text, /\n    Limits:\n      cpu:     500m\n      memory:  64Mi\n    Requests:\n/);
  assert.match(text, /\n    Readiness:  exec \[true\] delay=0s timeout=1s period=1s #success=1 #failure=3\n/);
  assert.match(
    text,
    new RegExp(`\\n    Environment:\\n      PLAIN:     hello\\n      PASSWORD:  <set to the key 'password' in secret '${name}-creds'>  Optional: false\\n      MY_IP:     ${ip.replace(/\./g, '\\.')} \\(v1:status.podIP\\)\\n`),
  );
  assert.match(text, /\n    Mounts:\n      \/cache from cache \(rw\)\n      \/etc\/creds from creds \(ro\)\n/);
  assert.match(
    text,
    /\nConditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n  Initialized                 True \n  Ready                       True \n  ContainersReady             True \n  PodScheduled                True \n/,
  );
  assert.match(text, new RegExp(`\\n  creds:\\n    Type:        Secret \\(a volume populated by a Secret\\)\\n    SecretName:  ${name}-creds\\n    Optional:    false\\n`));
  assert.match(text, /\nQoS Class:       Guaranteed\nNode-Selectors:  <none>\nTolerations:     node.kubernetes.io\/not-ready:NoExecute op=Exists for 300s\n                 node.kubernetes.io\/unreachable:NoExecute op=Exists for 300s\n/);
  // The events table is aligned on its own (kubectl flushes before it).
  assert.match(text, /\nEvents:\n  Type    Reason   Age +From     Message\n  ----    ------   ---- +----     -------\n/);
  assert.match(text, /\n  Normal  Started  \d+s +kubelet  Started container main\n$/);

  // The same facts as JSON.
  const [main] = d.containers;
  assert.equal(d.phase, 'Running');
  assert.equal(d.qosClass, 'Guaranteed');
  assert.deepEqual(main.state.kind, 'running');
  assert.match(main.containerID ?? '', /^docker:\/\/[0-9a-f]{64}$/);
  assert.match(main.imageID ?? '', /^docker(-pullable)?:\/\/.+/);
  assert.deepEqual(main.env.find((e) => e.name === 'PASSWORD'), { name: 'PASSWORD', secretKeyRef: { name: `${name}-creds`, key: 'password', optional: false } });
  assert.deepEqual(d.conditions.map((c) => [c.type, c.status]), [['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'True'], ['ContainersReady', 'True'], ['PodScheduled', 'True']]);

  // `-n` and NAMESPACE/NAME name the same pod; a wrong namespace finds none.
  assert.equal((await podwright(['describe', `default/${name}`])).code, 0);
  const other = await podwright(['describe', name, '-n', 'elsewhere']);
  assert.equal(other.code, 1);
  assert.match(other.err, /podwright describe: /);
});

const crashLoop = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'echo crashing; exit 3']
`;

test('describe a crash-looping pod: Waiting CrashLoopBackOff, Last State, Restart Count, BackOff counted', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-dsc-crash');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  const run = await podwright(['run', write(name, crashLoop(name))]);
  assert.notEqual(run.code, 0);
  // Back-off 1 s, 2 s, 4 s (PODWRIGHT_BACKOFF_MS): two restarts come within seconds.
  const d = await waitFor('two restarts, waiting again', async () => {
    const x = await describeJson(name);
    const c = x.containers[0];
    return c.restartCount >= 2 && c.state.kind === 'waiting' && c.state.reason === 'CrashLoopBackOff' ? x : undefined;
  }, 60_000, 300);
  const [app] = d.containers;
  assert.equal(app.ready, false);
  assert.ok(app.lastState);
  assert.equal(app.lastState.reason, 'Error');
  assert.equal(app.lastState.exitCode, 3);
  assert.ok(app.lastState.startedAt && app.lastState.finishedAt);
  assert.deepEqual(d.conditions.find((c) => c.type === 'Ready'), { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  const backOff = d.events.find((e) => e.reason === 'BackOff');
  assert.ok(backOff && backOff.count >= 2, `BackOff counted: ${JSON.stringify(backOff)}`);

  const r = await podwright(['describe', name]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    3\n      Started:      .+\n      Finished:     .+\n    Ready:          False\n    Restart Count:  \d+\n/);
  assert.match(r.out, /\n  Warning  BackOff +\d+s \(x\d+ over \d+s\) +kubelet +Back-off restarting failed container app\n/);
  assert.match(r.out, /\nQoS Class: +BestEffort\n/);

  // The supervisor's status history holds each run with the engine's times: the timeline draws
  // every run, exit and back-off from it.
  const state = JSON.parse(readFileSync(join(podwright.stateDir, `${d.uid}.json`), 'utf8')) as PodState;
  const timeline = buildTimeline({ startedAt: state.startedAt ?? '', containers: [{ name: 'app', role: 'app' }], events: state.events, history: state.history ?? [], now: Date.now() });
  const [lane] = timeline.lanes;
  // (A run of `exit 3` lasts a millisecond or two: its running segment may be too short to keep.)
  const exits = lane.segments.filter((s) => s.kind === 'terminated');
  assert.ok(exits.length >= 3 && exits.every((s) => s.kind === 'terminated' && s.exitCode === 3 && s.reason === 'Error'), JSON.stringify(exits));
  assert.ok(lane.marks.filter((m) => m.kind === 'restart').length >= 2);
  assert.ok(lane.marks.some((m) => m.kind === 'backoff'));
});

const initFailsTwice = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: setup
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    # Fails on its first two runs, succeeds on the third (the count lives in the pod's emptyDir).
    command: [sh, -c, 'n=$(cat /work/n 2>/dev/null || echo 0); echo $((n+1)) > /work/n; [ "$n" -ge 2 ] || exit 7']
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
  volumes:
  - name: work
    emptyDir: {}
`;

test('describe a pod whose init container failed twice, then succeeded', { timeout: 90_000 }, async (t) => {
  const name = uniqueName('pw-dsc-init');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  // `run` reports the crash loop and returns; the background supervisor goes on with the back-off.
  await podwright(['run', write(name, initFailsTwice(name))]);
  const d = await waitFor('the app running', async () => {
    const x = await describeJson(name);
    return x.containers[0].state.kind === 'running' ? x : undefined;
  }, 60_000, 300);
  const [setup] = d.initContainers;
  assert.equal(setup.restartCount, 2);
  assert.deepEqual([setup.state.kind, setup.state.kind === 'terminated' && setup.state.exitCode, setup.state.kind === 'terminated' && setup.state.reason], ['terminated', 0, 'Completed']);
  assert.equal(setup.lastState?.exitCode, 7);
  assert.equal(setup.lastState?.reason, 'Error');
  assert.equal(d.containers[0].state.kind, 'running');
  assert.equal(d.conditions.find((c) => c.type === 'Initialized')?.status, 'True');
  assert.ok(d.events.some((e) => e.reason === 'BackOff' && e.container === 'setup'));
  assert.equal(d.events.find((e) => e.reason === 'Started' && e.container === 'setup')?.count, 3);

  const r = await podwright(['describe', name]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\nInit Containers:\n  setup:\n/);
  assert.match(r.out, /\n    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n      Started:      .+\n      Finished:     .+\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    7\n/);
  assert.match(r.out, /\n    Restart Count:  2\n/);
  // One tab-aligned block from the volume's Type to the Tolerations, as in kubectl's output.
  assert.match(r.out, /\n  work:\n    Type:        EmptyDir \(a temporary directory that shares a pod's lifetime\)\n    Medium:      \n    SizeLimit:   <unset>\nQoS Class:       BestEffort\n/);
});

test('describe: usage errors before the engine is asked', async () => {
  const none = await podwright(['describe']);
  assert.equal(none.code, 2);
  assert.match(none.err, /expected exactly one POD/);
  const format = await podwright(['describe', 'x', '--format', 'yaml']);
  assert.equal(format.code, 2);
  assert.match(format.err, /unknown format 'yaml'/);
});
