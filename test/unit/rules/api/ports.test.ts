import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf, single } from './helpers';

const RULE = 'ports';

test('port numbers out of range; hostPort 0 means none', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    ports:
    - containerPort: 0
    - containerPort: 70000
      hostPort: 0
    - containerPort: 80
      hostPort: -1
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p), p.severity]), [
    ['spec.containers[0].ports[0].containerPort', '0', 'error'],
    ['spec.containers[0].ports[1].containerPort', '70000', 'error'],
    ['spec.containers[0].ports[2].hostPort', '-1', 'error'],
  ]);
});

test('a port name twice in one container is a Duplicate (across containers it is only lint)', () => {
  const text = pod(`  containers:
  - name: app
    image: nginx
    ports:
    - name: http
      containerPort: 80
    - name: http
      containerPort: 8080
  - name: other
    image: nginx
    ports:
    - name: http
      containerPort: 9090
`);
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.containers[0].ports[1].name');
  assert.equal(p.range.start, text.indexOf('name: http\n      containerPort: 8080') + 'name: '.length);
  assert.equal(p.related?.[0].range.start, text.indexOf('name: http') + 'name: '.length);
});

test('hostPort conflicts across regular containers, not between init containers', () => {
  const text = pod(`  initContainers:
  - name: i1
    image: busybox
    ports:
    - containerPort: 80
      hostPort: 8080
  - name: i2
    image: busybox
    ports:
    - containerPort: 80
      hostPort: 8080
  containers:
  - name: a
    image: nginx
    ports:
    - containerPort: 80
      hostPort: 8080
  - name: b
    image: nginx
    ports:
    - containerPort: 81
      hostPort: 8080
      protocol: UDP
    - containerPort: 82
      hostPort: 8080
`);
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.containers[1].ports[1].hostPort');
  assert.equal(at(text, p), '8080');
  assert.match(p.message, /containers\[0\]\.ports\[0\]/);
});

test('with hostNetwork a missing hostPort defaults to containerPort: conflicts count it, a different hostPort is rejected', () => {
  const text = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: true
      containers:
      - name: a
        image: agent
        ports:
        - containerPort: 9100
      - name: b
        image: agent
        ports:
        - containerPort: 9100
        - containerPort: 9200
          hostPort: 9201
`;
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.template.spec.containers[1].ports[0].containerPort', '9100'],
    ['spec.template.spec.containers[1].ports[1].hostPort', '9201'],
  ]);
  assert.match(ps[0].message, /hostNetwork, hostPort defaults to containerPort/);
  assert.equal(at(text, ps[1].related![0]), 'hostNetwork');
  // Without the conflicting port, the hostPort fix leaves nothing to report.
  const single9200 = text.replace('        - containerPort: 9100\n      - name: b', 'PLACEHOLDER').replace(/        - containerPort: 9100\n/, '').replace('PLACEHOLDER', '        - containerPort: 9100\n      - name: b');
  const fixed = applyAndRecheck(single9200, fixNamed(single(single9200, RULE), 'Set hostPort to 9200'), RULE);
  assert.match(fixed, /hostPort: 9200/);
});
