// Manifest to plan without an engine: defaults, resources, securityContext, env resolution, and
// what is refused before anything is created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planManifest } from '../../runtime/src/plan';
import { expand } from '../../runtime/src/expand';
import { milliCpuToShares, parseBytes, parseMilliCpu } from '../../runtime/src/quantities';
import { generateName, NAME_ALPHABET } from '../../runtime/src/names';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx
          resources:
            limits: {memory: 64Mi, cpu: 500m}
          securityContext:
            runAsUser: 1000
            runAsGroup: 3000
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
          env:
            - {name: A, value: one}
            - {name: B, value: "$(A)-two"}
            - {name: A, value: three}
            - {name: C, value: "$(B)/$(A)"}
        - name: tagged
          image: registry.local:5000/team/tool:1.2
          resources:
            requests: {cpu: 250m}
`;

test('a Deployment runs its template as one pod, with defaults, resources and securityContext', () => {
  const { plans, problems } = planManifest(deployment, 'd.yaml');
  assert.deepEqual(problems, []);
  const [p] = plans;
  assert.deepEqual([p.name, p.namespace, p.kind, p.restartPolicy, p.terminationGracePeriodSeconds], ['web', 'shop', 'Deployment', 'Always', 30]);
  const [app, tagged] = p.containers;
  // No tag means :latest, which defaults to Always; a tagged image to IfNotPresent (registry port is not a tag).
  assert.equal(app.pullPolicy, 'Always');
  assert.equal(tagged.pullPolicy, 'IfNotPresent');
  assert.deepEqual([app.memoryLimit, app.nanoCpus, app.cpuShares], [64 * 2 ** 20, 500_000_000, 512]);
  assert.deepEqual([tagged.memoryLimit, tagged.nanoCpus, tagged.cpuShares], [undefined, undefined, 256]);
  assert.deepEqual([app.user, app.readOnlyRootFilesystem, app.securityOpt, app.capAdd, app.capDrop], ['1000:3000', true, ['no-new-privileges'], ['NET_BIND_SERVICE'], ['ALL']]);
  // Each value expands against what is defined before it; a later entry of the same name replaces it.
  assert.deepEqual(app.env, [
    { name: 'A', value: 'three' },
    { name: 'B', value: 'one-two' },
    { name: 'C', value: 'one-two/three' },
  ]);
});

test('--pod picks one pod of a file; an unknown name is a problem', () => {
  const two = `${deployment}---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\nspec:\n  containers: [{name: c, image: busybox:1}]\n`;
  assert.deepEqual(planManifest(two, 'f.yaml').plans.map((p) => p.name), ['web', 'other']);
  assert.deepEqual(planManifest(two, 'f.yaml', { pod: 'other' }).plans.map((p) => p.name), ['other']);
  assert.deepEqual(planManifest(two, 'f.yaml', { pod: 'nope' }).problems, [{ code: 'no-pod', where: 'f.yaml', message: "no pod named 'nope' in this file." }]);
  assert.deepEqual(planManifest(two, 'f.yaml', { document: 1 }).plans.map((p) => [p.name, p.document]), [['other', 1]]);
});

test('a pod by document or NAMESPACE/NAME: two pods of one name in two namespaces are never confused', () => {
  const pod = (ns: string, extra: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: twin, namespace: ${ns}}\nspec:\n  containers: [{name: c, image: busybox:1}]\n${extra}`;
  const text = `${pod('one', '')}---\n${pod('two', '  hostIPC: true\n')}`;
  assert.deepEqual(planManifest(text, 'f.yaml', { pod: 'twin' }).problems.map((p) => [p.code, p.message]), [['ambiguous-pod', "pods named 'twin' are in several namespaces of this file (one, two)."]]);
  assert.deepEqual(planManifest(text, 'f.yaml', { pod: 'one/twin' }).plans.map((p) => [p.namespace, p.document, p.hostIPC]), [['one', 0, false]]);
  // The second document is the one with hostIPC: it is refused on its own, the first runs.
  assert.deepEqual(planManifest(text, 'f.yaml', { document: 1 }).problems.map((p) => [p.code, p.where]), [['host-access', 'spec.hostIPC']]);
  assert.deepEqual(planManifest(text, 'f.yaml', { document: 0 }).plans.map((p) => [p.namespace, p.hostIPC]), [['one', false]]);
  assert.deepEqual(planManifest(text, 'f.yaml', { document: 2 }).problems.map((p) => p.code), ['no-pod']);
});

test('host access, subPath on a non-hostPath volume and missing references are refused', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  containers:
    - name: c
      image: busybox:1
      securityContext: {privileged: true}
      env:
        - name: X
          valueFrom: {configMapKeyRef: {name: absent, key: k}}
        - name: OPT
          valueFrom: {configMapKeyRef: {name: absent, key: k, optional: true}}
      volumeMounts:
        - {name: d, mountPath: /d, subPath: sub}
  volumes:
    - name: d
      emptyDir: {}
`;
  const { plans, problems } = planManifest(text, 'p.yaml');
  assert.deepEqual(plans, []);
  assert.deepEqual(
    problems.map((p) => [p.code, p.where, p.message]),
    [
      ['host-access', 'spec.hostNetwork', 'hostNetwork: true reaches the host.'],
      ['host-access', 'spec.containers[0].securityContext.privileged', "privileged container 'c' reaches the host."],
      ['unsupported', 'spec.containers[0].volumeMounts[0].subPath', 'subPath is supported on hostPath volumes only; mount the whole volume instead.'],
      ['missing-reference', 'spec.containers[0].env[0].valueFrom', "ConfigMap 'absent' with key 'k' is not defined in this file; add it, or mark the reference optional."],
    ],
  );
  const allowed = planManifest(text.replace('subPath: sub', 'readOnly: true').replace(/ {8}- name: X\n.*\n/, ''), 'p.yaml', { allowHostAccess: true });
  assert.deepEqual(allowed.problems, []);
  assert.equal(allowed.plans[0].hostNetwork, true);
});

test('$(VAR) expansion and quantities follow the kubelet', () => {
  const vars: Record<string, string> = { A: 'a', EMPTY: '' };
  const look = (n: string) => vars[n];
  assert.equal(expand('$(A)-$(EMPTY)-$(MISSING)-$$(A)-$$-$x-$(A', look), 'a--$(MISSING)-$(A)-$-$x-$(A');
  // The analysis' quantity grammar: exponents in either case, and a value that is not whole rounds up.
  assert.deepEqual(['64Mi', '1G', '1.5Gi', '128974848', '129e6', '1E3', '0.5', 'x', '-1Mi'].map(parseBytes), [67108864, 1e9, 1610612736, 128974848, 129e6, 1000, 1, NaN, NaN]);
  assert.deepEqual(['500m', '1', '0.25', '2.5', '1500u'].map(parseMilliCpu), [500, 1000, 250, 2500, 2]);
  assert.deepEqual([0, 1, 250, 1000, 2000].map(milliCpuToShares), [2, 2, 256, 1024, 2048]);
});

test('a pod with only generateName is named as the API server names it: the prefix (58 characters at most) and 5 random characters', () => {
  const pod = (meta: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n`;
  const suffix = `[${NAME_ALPHABET}]{5}`;
  const short = planManifest(pod('  generateName: web-'), 'pod.yaml');
  assert.deepEqual(short.problems, []);
  assert.match(short.plans[0].name, new RegExp(`^web-${suffix}$`));
  const long = 'a'.repeat(70);
  const cut = planManifest(pod(`  generateName: ${long}`), 'pod.yaml').plans[0].name;
  assert.match(cut, new RegExp(`^${'a'.repeat(58)}${suffix}$`));
  assert.equal(cut.length, 63);
  // Each plan is a new pod, as each create of such a manifest is.
  const names = new Set([1, 2, 3, 4, 5].map(() => planManifest(pod('  generateName: web-'), 'pod.yaml').plans[0].name));
  assert.ok(names.size > 1, [...names].join(', '));
  // A name wins; a workload with only generateName names its pod from it.
  assert.equal(planManifest(pod('  name: fixed\n  generateName: web-'), 'pod.yaml').plans[0].name, 'fixed');
  const job = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: pi-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: pi\n          image: busybox:1.36\n`;
  const jobPlan = planManifest(job, 'job.yaml');
  assert.deepEqual(jobPlan.problems, []);
  assert.match(jobPlan.plans[0].name, new RegExp(`^pi-${suffix}$`));
  assert.equal(generateName('x-', () => 0), 'x-bbbbb');
});
