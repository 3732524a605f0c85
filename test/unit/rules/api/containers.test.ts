import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { applyAndRecheck, at, fixNamed, pod, problemsOf, single } from './helpers';

const RULE = 'containers';

test('an empty containers list is reported on its key', () => {
  const text = pod('  containers: []\n');
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.containers');
  assert.equal(at(text, p), 'containers');
});

test('image is required, in a Deployment template as well', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        ports:
        - containerPort: 80
`;
  const p = single(text, RULE);
  assert.equal(p.path, 'spec.template.spec.containers[0].image');
  assert.equal(at(text, p), 'name: app');
  assert.match(p.message, /needs an image/);
});

test('duplicate container names across init and regular containers: Duplicate on the init container, rename fix', () => {
  const text = pod(`  initContainers:
  - name: app
    image: busybox
  containers:
  - name: app
    image: nginx
  - name: app
    image: nginx
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => p.path), ['spec.initContainers[0].name', 'spec.containers[1].name']);
  for (const p of ps) {
    assert.equal(at(text, p), 'app');
    assert.equal(p.related?.[0].range.start, text.indexOf('- name: app\n    image: nginx') + '- name: '.length);
  }
  // Each duplicate gets a name no other container has, so both renames can be applied together.
  assert.deepEqual(ps.map((p) => p.fixes?.[0].title), ["Rename to 'app-3'", "Rename to 'app-2'"]);
  let fixed = applyAndRecheck(text, fixNamed(ps[1], "Rename to 'app-2'"), 'never');
  // One rename at a time: the init one is still a duplicate, the regular one is fixed.
  assert.deepEqual(problemsOf(fixed, RULE).map((p) => p.path), ['spec.initContainers[0].name']);
  fixed = applyAndRecheck(fixed, fixNamed(problemsOf(fixed, RULE)[0], 'Rename'), RULE);
  assert.equal(analyze(fixed).problems.filter((p) => p.rule === RULE).length, 0);
});

test('image whitespace is an error only on a Pod; ephemeral containers cannot be created, nor have ports', () => {
  const text = pod(`  containers:
  - name: app
    image: " nginx:1.27"
  ephemeralContainers:
  - name: debug
    image: busybox
    ports:
    - containerPort: 80
`);
  const ps = problemsOf(text, RULE);
  assert.deepEqual(ps.map((p) => [p.path, at(text, p)]), [
    ['spec.containers[0].image', '" nginx:1.27"'],
    ['spec.ephemeralContainers', 'ephemeralContainers'],
    ['spec.ephemeralContainers[0].ports', 'ports'],
  ]);
  assert.match(ps[1].message, /kubectl debug/);
  const removed = applyAndRecheck(text, fixNamed(ps[1], 'Remove ephemeralContainers'), 'never');
  assert.ok(removed.endsWith('    image: " nginx:1.27"\n'), removed);
  applyAndRecheck(text.replace(/ephemeralContainers:[\s\S]*$/, ''), fixNamed(ps[0], 'Remove the whitespace'), RULE);
});
