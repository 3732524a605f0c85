// Every API rule: a unique kebab-case id, category api, a docs page, and no throw on odd input.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../../server/src/analysis/engine';
import { ALL_RULES } from '../../../../server/src/analysis/rules';
import { API_RULES } from '../../../../server/src/analysis/rules/api';

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
