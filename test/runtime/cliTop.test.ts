// `podwright top pod` on real containers: a container that spins uses most of a core, one that
// holds 40 MiB in memory shows them, per pod and per container, sorted, in kubectl top's units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageOf } from '../../runtime/src/usage';
import { cliHarness } from './cliHarness';
import { uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-top');

const pods = (busy: string, memory: string, done: string, app: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${busy}
  labels: {app: ${app}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: spin
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do :; done']
  - name: idle
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 1; done']
---
apiVersion: v1
kind: Pod
metadata:
  name: ${memory}
  labels: {app: ${app}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: hold
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    # 40 MiB in a tmpfs: memory the container holds, not a cache the kernel may drop.
    command: [sh, -c, 'dd if=/dev/zero of=/dev/shm/x bs=1M count=40 2>/dev/null; touch /tmp/held; trap "exit 0" TERM; while :; do sleep 1; done']
---
apiVersion: v1
kind: Pod
metadata:
  name: ${done}
spec:
  restartPolicy: Never
  containers:
  - name: once
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["true"]
`;

const mi = (text: string) => Number(/^(\d+)Mi$/.exec(text)?.[1] ?? NaN);
const milli = (text: string) => Number(/^(\d+)m$/.exec(text)?.[1] ?? NaN);

test('top pod: CPU and memory per pod and per container, sorted, selected; usage errors', { timeout: 120_000 }, async (t) => {
  const app = uniqueName('pw-top');
  const [busy, memory, done] = [`${app}-busy`, `${app}-memory`, `${app}-done`];
  t.after(async () => {
    for (const p of [busy, memory, done]) await podwright(['stop', p, '--timeout', '0']);
  });
  writeFileSync(join(podwright.work, 'pods.yaml'), pods(busy, memory, done, app));
  await podwright(['run', 'pods.yaml']);
  await waitFor('the memory is held', async () => ((await podwright(['exec', memory, '--', 'ls', '/tmp/held'])).code === 0 ? true : undefined), 30_000, 300);

  const perPod = await podwright(['top', 'pod', '-l', `app=${app}`, '--sort-by', 'cpu']);
  assert.equal(perPod.code, 0, perPod.err);
  const [header, first, second, ...rest] = perPod.out.trimEnd().split('\n').map((l) => l.split(/\s+/));
  assert.deepEqual([header, rest], [['NAME', 'CPU(cores)', 'MEMORY(bytes)'], []]);
  assert.equal(first[0], busy, 'the spinning pod uses the most CPU');
  assert.ok(milli(first[1]) >= 200, `a spinning shell uses a good part of a core: ${first[1]}`);
  assert.equal(second[0], memory);
  assert.ok(mi(second[2]) >= 40 && mi(second[2]) < 100, `40 MiB held: ${second[2]}`);

  const perContainer = await podwright(['top', 'pod', busy, '--containers', '--no-headers', '--sort-by', 'cpu']);
  const lines = perContainer.out.trimEnd().split('\n').map((l) => l.split(/\s+/));
  assert.deepEqual(lines.map((l) => l.slice(0, 2)), [[busy, 'spin'], [busy, 'idle']]);
  assert.ok(milli(lines[0][2]) > milli(lines[1][2]));

  const byMemory = await podwright(['top', 'pod', '-A', '-l', `app=${app}`, '--sort-by', 'memory', '--no-headers']);
  assert.deepEqual(byMemory.out.trimEnd().split('\n').map((l) => l.split(/\s+/).slice(0, 2)), [['default', memory], ['default', busy]]);

  // A pod with nothing running has nothing to measure; none matching is not an error.
  await waitFor('the one-shot pod completed', async () => ((await podwright(['get', 'pod', done])).out.includes('Completed') ? true : undefined), 30_000, 300);
  const nothing = await podwright(['top', 'pod', done]);
  assert.deepEqual([nothing.code, nothing.err], [1, `podwright top: pod ${done} has no running container, so nothing to measure\n`]);
  assert.deepEqual(await podwright(['top', 'pod', '-l', 'app=none-such']), { code: 0, out: '', err: 'No resources found in default namespace.\n' });
  for (const args of [['node'], ['pod', busy, '-l', 'app=x'], ['pod', '--sort-by', 'size'], []]) {
    assert.equal((await podwright(['top', ...args])).code, 2, args.join(' '));
  }
});

test("usageOf reads the engine's stats as metrics-server reads the kubelet's: millicores over the sample, working set", () => {
  // cgroup v1: 0.5 s of CPU over 1 s of a 2-core machine's time (2 s of system time) is 500m.
  assert.deepEqual(
    usageOf({
      cpu_stats: { cpu_usage: { total_usage: 3_500_000_000 }, system_cpu_usage: 12_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 50 * 1024 * 1024, stats: { total_inactive_file: 8 * 1024 * 1024 } },
    }),
    { cpuMillicores: 500, memoryBytes: 42 * 1024 * 1024 },
  );
  // cgroup v2 names the cache inactive_file; no earlier sample (a container just started) is 0m.
  assert.deepEqual(usageOf({ cpu_stats: { cpu_usage: { total_usage: 10 }, system_cpu_usage: 100, online_cpus: 1 }, precpu_stats: {}, memory_stats: { usage: 100, stats: { inactive_file: 30 } } }), { cpuMillicores: 0, memoryBytes: 70 });
});
