import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { applyFix, at, fixture, lineOf, one, onlyFix, problems } from './helpers';

const RULE = 'port-conflict';

test('port-conflict: two app containers on one port, a sidecar and an app on one hostPort (Deployment)', () => {
  const text = fixture('port-conflict-deployment.yaml');
  const ps = problems(text, RULE);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity, at(text, p), lineOf(text, p.range.start)]),
    [
      ['spec.template.spec.containers[0].ports[0].containerPort', 'info', '8080', 27],
      ['spec.template.spec.containers[1].ports[0].containerPort', 'warning', '8080', 33],
      ['spec.template.spec.containers[1].ports[1].hostPort', 'warning', '9000', 35],
    ],
  );
  const [initVsApp, appVsApp, hostPort] = ps;
  assert.match(initVsApp.message, /init container 'migrate'.*never run at the same time/);
  assert.match(appVsApp.message, /^Port 8080\/TCP is also declared by container 'app'/);
  // Related information points at the other container's declaration.
  assert.equal(appVsApp.related?.length, 1);
  const rel = appVsApp.related?.[0];
  assert.ok(rel);
  assert.equal(at(text, rel), '8080');
  assert.equal(lineOf(text, rel.range.start), 27);
  assert.match(hostPort.message, /^Host port 9000\/TCP is also requested by sidecar 'proxy'/);
  const hrel = hostPort.related?.[0];
  assert.ok(hrel);
  assert.equal(at(text, hrel), '9000');
  assert.equal(lineOf(text, hrel.range.start), 22);
});

test('port-conflict: the fix moves the second declaration to the next free port and the conflict is gone', () => {
  const text = fixture('port-conflict-deployment.yaml');
  const p = problems(text, RULE).find((x) => x.severity === 'warning' && x.path.endsWith('containerPort'));
  assert.ok(p);
  const fix = onlyFix(p);
  // 8081 is the first port above 8080 that nothing in the pod declares.
  assert.match(fix.title, /^Change containerPort to 8081/);
  assert.match(fix.title, /Service targetPort/);
  const fixed = applyFix(text, fix);
  assert.equal(fixed.split('\n')[32], '            - containerPort: 8081');
  const after = problems(fixed, RULE);
  assert.deepEqual(
    after.map((x) => [x.path, x.severity]),
    [
      ['spec.template.spec.containers[0].ports[0].containerPort', 'info'],
      ['spec.template.spec.containers[1].ports[1].hostPort', 'warning'],
    ],
  );
});

test('port-conflict: the protocol defaults to TCP, so TCP and unset clash while UDP does not', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: a:1
    ports:
    - {containerPort: 53, protocol: UDP}
    - {containerPort: 53, protocol: TCP}
  - name: b
    image: b:1
    ports:
    - containerPort: 53
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.containers[1].ports[0].containerPort');
  assert.equal(at(text, p), '53');
  assert.equal(lineOf(text, p.related?.[0]?.range.start ?? 0), 10);
});

test('port-conflict: the same port twice in one container is the API server\'s "duplicate port definition"', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1\n    ports:\n    - containerPort: 80\n    - containerPort: 80\n';
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.containers[0].ports[1].containerPort');
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /declared twice in this container/);
  assert.equal(p.range.start, text.lastIndexOf('80'));
});

test('port-conflict: a plain init container clashes with a native sidecar started before it, not with one after', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: mesh
    image: mesh:1
    restartPolicy: Always
    ports: [{containerPort: 15001}]
  - name: setup
    image: setup:1
    ports: [{containerPort: 15001}, {containerPort: 7000}]
  - name: late
    image: late:1
    restartPolicy: Always
    ports: [{containerPort: 7000}]
  containers:
  - name: app
    image: app:1
`;
  const ps = problems(text, RULE);
  assert.deepEqual(
    ps.map((p) => [p.path, p.severity]),
    [
      ['spec.initContainers[1].ports[0].containerPort', 'warning'],
      ['spec.initContainers[2].ports[0].containerPort', 'info'],
    ],
  );
});

test('port-conflict: two regular containers sharing a hostPort are left to the API rules; a CronJob is checked too', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: a
            image: a:1
            ports: [{containerPort: 80, hostPort: 8080}]
          - name: b
            image: b:1
            ports: [{containerPort: 81, hostPort: 8080}, {containerPort: 80}]
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.jobTemplate.spec.template.spec.containers[1].ports[1].containerPort');
  assert.equal(at(text, p), '80');
});

test('port-conflict: hostIPs that do not overlap do not clash on the node', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: s, image: s:1, restartPolicy: Always, ports: [{containerPort: 1, hostPort: 9000, hostIP: 10.0.0.1}]}
  containers:
  - {name: a, image: a:1, ports: [{containerPort: 2, hostPort: 9000, hostIP: 10.0.0.2}]}
  - {name: b, image: b:1, ports: [{containerPort: 3, hostPort: 9000}]}
`;
  const ps = problems(text, RULE);
  // b's unset hostIP means every address: it overlaps the sidecar's (and a's, which the API server
  // lets through as merely "dangerously ambiguous"). One report, at the first clash.
  assert.deepEqual(ps.map((p) => p.path), ['spec.containers[1].ports[0].hostPort']);
  assert.match(ps[0].message, /requested by sidecar 's'/);
  assert.equal(ps[0].fixes, undefined);
});

test('port-conflict: with hostNetwork, two regular containers on one port are the API rules\' error, not repeated here', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  initContainers:
  - {name: s, image: s:1, restartPolicy: Always, ports: [{containerPort: 9100}]}
  containers:
  - {name: a, image: a:1, ports: [{containerPort: 8080}]}
  - {name: b, image: b:1, ports: [{containerPort: 8080}, {containerPort: 9100}]}
`;
  const ps = problems(text, RULE);
  // The sidecar/app clash is ours (the API server checks init containers alone); no renumbering fix,
  // since with hostNetwork the number is the node's port.
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [['spec.containers[1].ports[1].containerPort', '9100']]);
  assert.equal(ps[0].fixes, undefined);
});

test('port-conflict: severity is configurable and the rule can be switched off', () => {
  const text = fixture('port-conflict-deployment.yaml');
  assert.equal(problems(text, RULE, { severities: { [RULE]: 'off' } }).length, 0);
  assert.deepEqual(
    problems(text, RULE, { severities: { [RULE]: 'error' } }).map((p) => p.severity),
    ['error', 'error', 'error'],
  );
});

test('port-conflict: values of the wrong type are skipped, never thrown on', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    ports: [{containerPort: "80"}, 7, null, {containerPort: 80.5}]\n  - ports: {containerPort: 80}\n  - 42\n';
  const { problems: ps } = analyze(text);
  assert.equal(ps.filter((p) => p.rule === RULE || p.rule === 'internal-error').length, 0);
});

test('port-conflict: `# podwright-disable-next-line port-conflict` silences the line below only', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: a:1, ports: [{containerPort: 80}, {containerPort: 90}]}
  - name: b
    image: b:1
    ports:
    # podwright-disable-next-line port-conflict -- b only answers on 80 when a is down
    - containerPort: 80
    - containerPort: 90
`;
  const p = one(text, RULE);
  assert.equal(p.path, 'spec.containers[1].ports[1].containerPort');
});
