import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyAndRecheck, at, fixNamed, pod, problemsOf, single } from './helpers';

function deployment(selector: string, labels: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
${selector}
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
}

test('a Deployment selector that does not match its template labels, with a fix adding the label', () => {
  const text = deployment('    matchLabels:\n      app: web\n      tier: frontend', '        app: web');
  const p = single(text, 'selector-mismatch');
  assert.equal(p.path, 'spec.template.metadata.labels');
  assert.equal(at(text, p), 'labels');
  assert.match(p.message, /tier=frontend/);
  assert.equal(at(text, p.related![0]), 'tier');
  const fixed = applyAndRecheck(text, fixNamed(p, "Add 'tier: frontend'"), 'selector-mismatch');
  assert.ok(fixed.includes('      labels:\n        app: web\n        tier: frontend\n'), fixed);
});

test('a differing value gets no blind fix; matchExpressions are evaluated; an empty selector is invalid', () => {
  const wrong = deployment('    matchLabels:\n      app: web', '        app: webapp');
  const p = single(wrong, 'selector-mismatch');
  assert.equal(p.fixes, undefined);
  const expr = deployment('    matchExpressions:\n    - {key: tier, operator: In, values: [frontend, edge]}', '        tier: backend');
  assert.match(single(expr, 'selector-mismatch').message, /tier In \(frontend, edge\)/);
  const ok = deployment('    matchExpressions:\n    - {key: tier, operator: NotIn, values: [backend]}', '        tier: frontend');
  assert.deepEqual(problemsOf(ok, 'selector-mismatch'), []);
  const empty = deployment('    matchLabels: {}', '        app: web');
  const e = single(empty, 'selector-mismatch');
  assert.equal(e.path, 'spec.selector');
  assert.equal(at(empty, e), 'selector');
});

test('label keys and values, annotation keys, on the object and the template', () => {
  const text = deployment('    matchLabels:\n      app: web', `        app: web\n        bad key: x\n        version: "${'v'.repeat(64)}"`).replace(
    'metadata:\n  name: web\n',
    'metadata:\n  name: web\n  annotations:\n    example.com/ok: x\n    -bad/: y\n',
  );
  const ps = problemsOf(text, 'invalid-label');
  assert.deepEqual(ps.map((p) => [p.path, at(text, p).slice(0, 12)]), [
    ['metadata.annotations[-bad/]', '-bad/'],
    ['spec.template.metadata.labels[bad key]', 'bad key'],
    ['spec.template.metadata.labels[version]', `"${'v'.repeat(11)}`],
  ]);
  assert.deepEqual(problemsOf(pod('  containers:\n  - name: a\n    image: b\n'), 'invalid-label'), []);
});
