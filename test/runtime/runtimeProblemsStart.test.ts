// Starts that fail leave no pod: the run's StartFailure is what the extension records (PodReports,
// as the bridge does) and places. On the real engine: a host port in use lands on that ports[]
// entry; runAsNonRoot with a root image (CreateContainerConfigError) on runAsNonRoot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest } from '../../runtime/src';
import { PodReports } from '../../client/src/extension/podReports';
import { placeProblems } from '../../client/src/flows/runtimePlacement';
import { runtimeProblems } from '../../client/src/flows/runtimeProblems';
import { cleanup, newRuntime, uniqueName } from './helpers';

async function failedStart(t: { after(fn: () => Promise<void>): void }, text: string) {
  const runtime = newRuntime();
  const { plans, problems } = planManifest(text, '/m/pod.yaml');
  assert.deepEqual(problems, []);
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans.at(-1)!, { supervise: 'none' });
  assert.ok(result.failure, result.message);
  const reports = new PodReports(runtime);
  reports.recordStart(plans.at(-1)!, '/m/pod.yaml', result.failure);
  const mine = (await reports.reports()).filter((r) => r.name === plans.at(-1)!.name);
  return { runtime, plans, placed: placeProblems(text, mine.flatMap(runtimeProblems)) };
}

test('a host port in use: the start fails with PortInUse, shown on that ports[] entry', async (t) => {
  const first = uniqueName('pw-rtp-port-a');
  const second = uniqueName('pw-rtp-port-b');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: ["sleep", "3600"]
    ports:
    - containerPort: 80
    - containerPort: 8080
      hostPort: ${port}
`;
  const holder = newRuntime();
  const held = planManifest(pod(first), '/m/a.yaml').plans;
  t.after(() => cleanup(holder, held));
  assert.equal((await holder.run(held[0], { supervise: 'none' })).outcome, 'Running');
  const text = pod(second);
  const { placed } = await failedStart(t, text);
  assert.deepEqual(placed.map((p) => [p.problem.code, p.path, text.slice(p.range.start, p.range.end), p.problem.severity]), [['PortInUse', 'spec.containers[0].ports[1].hostPort', String(port), 'error']]);
});

test('runAsNonRoot with an image that runs as root: CreateContainerConfigError on runAsNonRoot', async (t) => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: ${uniqueName('pw-rtp-nonroot')}}
spec:
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    securityContext:
      runAsNonRoot: true
`;
  const { placed } = await failedStart(t, text);
  assert.deepEqual(placed.map((p) => [p.problem.code, p.path, text.slice(p.range.start, p.range.end)]), [['CreateContainerConfigError', 'spec.containers[0].securityContext.runAsNonRoot', 'true']]);
  assert.match(placed[0].problem.message, /^CreateContainerConfigError: container has runAsNonRoot and image will run as root/);
});
