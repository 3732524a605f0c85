import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import { SCHEMA_RULES } from '../../analysis/src/schema';
import type { Problem } from '../../analysis/src/types';

function schemaProblems(text: string, version = '1.35'): Problem[] {
  return analyze(text, { kubernetesVersion: version }).problems.filter((p) => p.rule.startsWith('schema-'));
}

function at(text: string, p: Problem): string {
  return text.slice(p.range.start, p.range.end);
}

function pod(containerLines: string, specLines = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}  containers:\n  - name: app\n    image: nginx:1.25\n${containerLines}`;
}

test('an unknown field is reported on its key, with did-you-mean and a rename fix', () => {
  const text = pod('    imagePullPolicyy: Always\n');
  const [p, ...rest] = schemaProblems(text);
  assert.equal(rest.length, 0);
  assert.equal(p.rule, 'schema-unknown-field');
  assert.equal(p.severity, 'error');
  assert.equal(p.path, 'spec.containers[0].imagePullPolicyy');
  assert.equal(at(text, p), 'imagePullPolicyy');
  assert.equal(p.message, "Unknown field 'imagePullPolicyy' in Container; did you mean 'imagePullPolicy'?");
  const edit = p.fixes?.[0].edits[0];
  assert.ok(edit);
  assert.equal(text.slice(edit.range.start, edit.range.end), 'imagePullPolicyy');
  assert.equal(edit.newText, 'imagePullPolicy');
});

test('a misspelt required field is one problem, not also a missing one', () => {
  const text = pod('    ports:\n    - containerport: 80\n');
  const problems = schemaProblems(text);
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path, at(text, p), p.message]),
    [
      [
        'schema-unknown-field',
        'spec.containers[0].ports[0].containerport',
        'containerport',
        "Unknown field 'containerport' in ContainerPort; did you mean 'containerPort'?",
      ],
    ],
  );
});

test('the rename fix keeps the quotes of a quoted key', () => {
  const text = pod('    "imagee": x\n').replace('    image: nginx:1.25\n', '');
  const p = schemaProblems(text).find((x) => x.rule === 'schema-unknown-field');
  assert.ok(p);
  assert.equal(at(text, p), '"imagee"');
  assert.equal(p.fixes?.[0].edits[0].newText, '"image"');
});

test('an unknown field with no close name gets no fix', () => {
  const text = pod('    flavour: vanilla\n');
  const [p] = schemaProblems(text);
  assert.equal(p.message, "Unknown field 'flavour' in Container.");
  assert.equal(p.fixes, undefined);
});

test('a mis-indented field says where it belongs', () => {
  const deep = pod('    ports:\n    - containerPort: 80\n      workingDir: /app\n');
  const [p] = schemaProblems(deep);
  assert.equal(p.path, 'spec.containers[0].ports[0].workingDir');
  assert.equal(at(deep, p), 'workingDir');
  assert.equal(p.message, "Unknown field 'workingDir' in ContainerPort; it belongs one level up, in Container (check the indentation).");

  const shallow = pod('    hostPort: 8080\n');
  const [q] = schemaProblems(shallow);
  assert.equal(q.message, "Unknown field 'hostPort' in Container; it belongs under 'ports'.");
});

test('a wrong type is reported on the value', () => {
  const text = pod('    ports:\n    - containerPort: 80a\n');
  const [p, ...rest] = schemaProblems(text);
  assert.equal(rest.length, 0);
  assert.equal(p.rule, 'schema-type');
  assert.equal(p.path, 'spec.containers[0].ports[0].containerPort');
  assert.equal(at(text, p), '80a');
  assert.equal(p.message, 'Expected integer, got string "80a".');
});

test('a YAML 1.1 boolean where a string belongs is a type error with a hint to quote it', () => {
  const text = pod('    env:\n    - name: DEBUG\n      value: yes\n');
  const [p] = schemaProblems(text);
  assert.equal(p.rule, 'schema-type');
  assert.equal(at(text, p), 'yes');
  assert.equal(p.message, 'Expected string, got boolean yes; quote it to make it a string.');
});

test('map keys with / and ~ keep their place in the path, and the value is described as written', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/version: 1.0\n    a~b: ok\nspec:\n  containers:\n  - name: a\n    image: b:1\n';
  const [p, ...rest] = schemaProblems(text);
  assert.equal(rest.length, 0);
  assert.equal(p.path, 'metadata.labels[app.kubernetes.io/version]');
  assert.equal(at(text, p), '1.0');
  assert.equal(p.message, 'Expected string, got number 1.0; quote it to make it a string.');
});

test('an enum value outside the set lists the allowed values and the likely one', () => {
  const text = pod('    ports:\n    - containerPort: 80\n      protocol: tcp\n', '  restartPolicy: Sometimes\n');
  const problems = schemaProblems(text);
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path, at(text, p)]),
    [
      ['schema-value', 'spec.restartPolicy', 'Sometimes'],
      ['schema-value', 'spec.containers[0].ports[0].protocol', 'tcp'],
    ],
  );
  assert.equal(problems[0].message, 'Unsupported value "Sometimes" for restartPolicy; allowed: Always, OnFailure, Never.');
  assert.equal(problems[1].message, "Unsupported value \"tcp\" for protocol; allowed: TCP, UDP, SCTP. Did you mean 'TCP'?");
  assert.equal(problems[0].fixes, undefined);
  const fix = problems[1].fixes?.[0];
  assert.equal(fix?.preferred, true);
  assert.deepEqual(fix?.edits.map((e) => [text.slice(e.range.start, e.range.end), e.newText]), [['tcp', 'TCP']]);
});

test('an empty string that defaulting replaces is accepted for an enum', () => {
  assert.deepEqual(schemaProblems(pod('    imagePullPolicy: ""\n')), []);
});

test('a value of the wrong type for an enum field gets one type error, not an enum error too', () => {
  const text = pod('    imagePullPolicy: 3\n');
  const problems = schemaProblems(text);
  assert.deepEqual(problems.map((p) => p.rule), ['schema-type']);
});

test('quantities follow the Kubernetes grammar, as strings or numbers', () => {
  const valid = ['500m', '1Gi', '1e3', '0.5', '1', '+1.5Ki', '100n', '2E', '1.', '.5'];
  for (const q of valid) {
    const text = pod(`    resources:\n      limits:\n        memory: "${q}"\n`);
    assert.deepEqual(schemaProblems(text), [], q);
  }
  assert.deepEqual(schemaProblems(pod('    resources:\n      requests:\n        cpu: 0.5\n        memory: 1024\n')), []);
  for (const q of ['1GB', '1.2.3', 'Mi', 'lots', '1e', '']) {
    const text = pod(`    resources:\n      limits:\n        memory: "${q}"\n`);
    const [p, ...rest] = schemaProblems(text);
    assert.equal(rest.length, 0, q);
    assert.equal(p?.rule, 'schema-value', q);
    assert.equal(p.path, 'spec.containers[0].resources.limits[memory]');
    assert.equal(at(text, p), `"${q}"`);
    assert.match(p.message, /^Invalid quantity/);
  }
  const [gb] = schemaProblems(pod('    resources:\n      limits:\n        memory: 1GB\n'));
  assert.match(gb.message, /Did you mean '1Gi'/);
});

test('int-or-string accepts an integer or a name, and nothing else', () => {
  const probe = (port: string) => pod(`    livenessProbe:\n      httpGet:\n        port: ${port}\n`);
  assert.deepEqual(schemaProblems(probe('8080')), []);
  assert.deepEqual(schemaProblems(probe('http')), []);
  for (const bad of ['1.5', 'true']) {
    const text = probe(bad);
    const [p] = schemaProblems(text);
    assert.equal(p.rule, 'schema-type', bad);
    assert.equal(at(text, p), bad);
    assert.match(p.message, /^Expected integer or string, got/);
  }
});

test('null is accepted for optional fields, as the API server treats it as absent', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: null\n  labels:\nspec:\n' +
    '  containers:\n  - name: app\n    image: nginx:1.25\n    args:\n    command: ~\n    resources: {}\n    ports:\nstatus: {}\n';
  assert.deepEqual(schemaProblems(text), []);
});

test('a null item in a list of objects is an error; in a list of strings it is not', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - ~\n  - name: a\n    image: b:1\n    args: [~, x]\n';
  const problems = schemaProblems(text);
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path, at(text, p), p.message]),
    [['schema-type', 'spec.containers[0]', '~', 'Expected a mapping (Container), got null.']],
  );
});

test('a missing required field is anchored on the parent; a null one on its key', () => {
  const missing = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - image: nginx:1.25\n';
  const [p] = schemaProblems(missing);
  assert.equal(p.rule, 'schema-required');
  assert.equal(p.path, 'spec.containers[0].name');
  assert.equal(at(missing, p), 'image: nginx:1.25');
  assert.equal(p.message, "Missing required field 'name' in Container.");

  const nulled = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n';
  const [q] = schemaProblems(nulled);
  assert.equal(q.rule, 'schema-required');
  assert.equal(q.path, 'spec.containers');
  assert.equal(at(nulled, q), 'containers');
});

test('pod templates in Deployments, Jobs and CronJobs are validated with their full paths', () => {
  const container = (indent: string) => `${indent}containers:\n${indent}- name: app\n${indent}  imagee: nginx:1.25\n`;
  const cases: [string, string][] = [
    [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n' +
        container('      '),
      'spec.template.spec.containers[0].imagee',
    ],
    [
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n' + container('      '),
      'spec.template.spec.containers[0].imagee',
    ],
    [
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n' +
        container('          '),
      'spec.jobTemplate.spec.template.spec.containers[0].imagee',
    ],
  ];
  for (const [text, path] of cases) {
    const problems = schemaProblems(text);
    assert.deepEqual(problems.map((p) => [p.rule, p.path, at(text, p)]), [['schema-unknown-field', path, 'imagee']]);
  }
});

test('a valid ConfigMap, Secret and Service get no problem', () => {
  const text = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  app.properties: |\n    a=b\n  "1": one\nbinaryData:\n  blob: aGVsbG8=\n',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\ndata:\n  password: |\n    cGFzc3dv\n    cmQ=\nstringData:\n  user: admin\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    example.com/x: "y"\nspec:\n  type: NodePort\n  selector: {app: a}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  - port: 443\n    targetPort: 8443\n    protocol: TCP\n',
  ].join('---\n');
  assert.deepEqual(schemaProblems(text), []);
});

test('a manifest using most workload fields gets no schema problem on any shipped version', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schema', 'valid-kitchen-sink.yaml'), 'utf8');
  for (const v of ['1.31', '1.33', '1.35']) assert.deepEqual(schemaProblems(text, v), [], v);
});

test('Secret data must be base64', () => {
  const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not base64!\n';
  const [p] = schemaProblems(text);
  assert.equal(p.rule, 'schema-value');
  assert.equal(p.path, 'data[password]');
  assert.equal(at(text, p), 'not base64!');
});

test('an int32 out of range is a schema-value error', () => {
  const text = pod('    ports:\n    - containerPort: 3000000000\n');
  const [p] = schemaProblems(text);
  assert.equal(p.rule, 'schema-value');
  assert.equal(at(text, p), '3000000000');
});

test('kinds without a shipped schema, and documents that are not objects, are left alone', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  anything: goes\n',
    'apiVersion: example.com/v1\nkind: Widget\nspec:\n  sprockets: 3\n',
    'apiVersion: v1\nkind: NoSuchKind\nspec: {}\n',
    'just a string\n',
    '- a\n- list\n',
    'kind: Pod\nspec:\n  nonsense: true\n',
  ].join('---\n');
  assert.deepEqual(schemaProblems(text), []);
});

test('the Kubernetes version selects the schema: a 1.35 field is unknown to 1.31', () => {
  const text = pod(
    '    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n      exitCodes:\n        operator: In\n        values: [42]\n',
  );
  assert.deepEqual(schemaProblems(text, '1.35'), []);
  const problems = schemaProblems(text, '1.31');
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path, at(text, p)]),
    [
      ['schema-value', 'spec.containers[0].restartPolicy', 'Never'],
      ['schema-unknown-field', 'spec.containers[0].restartPolicyRules', 'restartPolicyRules'],
    ],
  );
  assert.equal(
    problems[1].message,
    "Unknown field 'restartPolicyRules' in Container in Kubernetes 1.31; it was added in a later version.",
  );
  // A version between shipped schemas uses the nearest older one.
  assert.equal(schemaProblems(text, '1.34').length, 2);
});

test('a native sidecar restartPolicy is accepted on every version', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: s\n    image: busybox:1.36\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: nginx:1.25\n';
  for (const v of ['1.31', '1.33', '1.35']) assert.deepEqual(schemaProblems(text, v), [], v);
});

test('schema rules are described and documented', () => {
  assert.deepEqual(
    SCHEMA_RULES.map((r) => r.id),
    ['schema-unknown-field', 'schema-type', 'schema-required', 'schema-value'],
  );
  for (const r of SCHEMA_RULES) {
    assert.equal(r.category, 'schema');
    assert.equal(r.defaultSeverity, 'error');
    assert.ok(r.description.length > 10);
    assert.ok(existsSync(join(__dirname, '..', '..', '..', 'docs', 'rules', `${r.id}.md`)), `docs/rules/${r.id}.md`);
  }
});
