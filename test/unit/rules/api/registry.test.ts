// Every API rule: a unique kebab-case id, category api, a docs page, and no throw on odd input.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { ALL_RULES } from '../../../../analysis/src/rules';
import { API_RULES } from '../../../../analysis/src/rules/api';

const DOCS = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'rules');

test('API rule ids are unique among all rules, kebab-case, category api, each with a docs page', () => {
  const ids = ALL_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
  for (const r of API_RULES) {
    assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(r.category, 'api');
    const page = join(DOCS, `${r.id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const md = readFileSync(page, 'utf8');
    assert.match(md, new RegExp(`podwright-disable-next-line ${r.id}`), `${r.id}.md must say how to suppress it`);
  }
});

test('wrong types everywhere never make an API rule throw', () => {
  const shapes = [
    'spec: 5',
    'spec: {containers: 5, initContainers: "x", volumes: {a: 1}}',
    'spec: {containers: [5, null, "x", {name: 5, image: [], ports: 3, env: {a: 1}, volumeMounts: [1, {name: [], mountPath: {}}], resources: {limits: 5, requests: [1]}, livenessProbe: 3, lifecycle: {preStop: 4}}]}',
    'spec: {containers: [{name: a, image: b, ports: [{containerPort: "x", hostPort: [], name: 1}], env: [{name: A, valueFrom: {fieldRef: 3}}], resources: {limits: {cpu: {}}, requests: {cpu: true}}, livenessProbe: {httpGet: 3, exec: {command: 3}}}], volumes: [null, 1, {name: a, emptyDir: 1, hostPath: null}], hostNetwork: "yes", activeDeadlineSeconds: "x", imagePullSecrets: [1, {name: 2}], hostAliases: 3}',
  ];
  for (const shape of shapes) {
    for (const kind of ['Pod', 'Deployment', 'CronJob']) {
      const body = kind === 'Pod' ? shape : kind === 'Deployment' ? `spec: {template: {${shape}}}` : `spec: {jobTemplate: {spec: {template: {${shape}}}}}`;
      const text = `apiVersion: v1\nkind: ${kind}\nmetadata: {name: x}\n${body}\n`;
      const internal = analyze(text).problems.filter((p) => p.rule === 'internal-error');
      assert.deepEqual(internal, [], `${kind}: ${shape}`);
    }
  }
});

/** Wraps a docs example (a fragment of a pod or of a Deployment) into a whole manifest. */
function wrapExample(block: string): string {
  const indent = (s: string, n: number) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  const container = '  containers:\n  - name: c\n    image: i';
  if (/^apiVersion:/.test(block)) return block + '\n';
  if (/^spec:/.test(block) && /selector:/.test(block)) {
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n${block}\n    spec:\n      containers:\n      - name: c\n        image: i\n`;
  }
  if (/^spec:/.test(block)) return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n${block}\n${/containers:/.test(block) ? '' : container + '\n'}`;
  if (/^metadata:/.test(block)) return `apiVersion: v1\nkind: Pod\n${block.replace('metadata:', 'metadata:\n  name: x')}\nspec:\n${container}\n`;
  if (/^(volumes|initContainers):/.test(block)) {
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n${container}\n    volumeMounts:\n    - {name: src, mountPath: /src}\n${indent(block, 2)}\n`;
  }
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n${container}\n${indent(block, 4)}\n`;
}

test("each docs page's example triggers its rule, and the fixed example does not", () => {
  for (const r of API_RULES) {
    const md = readFileSync(join(DOCS, `${r.id}.md`), 'utf8');
    const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 2, `${r.id}.md: an example and its fix`);
    const [bad, good] = blocks.map(wrapExample);
    assert.ok(analyze(bad).problems.some((p) => p.rule === r.id), `${r.id}: the example does not trigger it:\n${bad}`);
    assert.deepEqual(analyze(good).problems.filter((p) => p.rule === r.id).map((p) => p.message), [], `${r.id}: the fixed example still triggers it`);
  }
});
