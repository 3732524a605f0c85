import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const fixtures = join('test', 'fixtures', 'cli');

function lint(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const duplicate = join(fixtures, 'folder', 'duplicate-key.yaml');

test('text output is compiler-style with line, column, rule, field path', () => {
  const r = lint([duplicate]);
  assert.equal(r.code, 1);
  const [first, summary] = r.stdout.trim().split('\n');
  assert.equal(
    first,
    `${duplicate}:5:3: error yaml-duplicate-key metadata.name: Duplicate key: 'name' is already defined in this mapping.`,
  );
  assert.equal(summary, '1 problem (1 error, 0 warnings, 0 info) in 1 file.');
});

test('--format json prints exactly one object with 1-based positions and the field path', () => {
  const r = lint(['--format', 'json', duplicate]);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), {
    problems: [
      {
        file: duplicate,
        document: 0,
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 7,
        severity: 'error',
        rule: 'yaml-duplicate-key',
        path: 'metadata.name',
        message: "Duplicate key: 'name' is already defined in this mapping.",
      },
    ],
  });
});

test('folders are searched recursively for *.yaml and *.yml only', () => {
  const r = lint(['--format', 'json', join(fixtures, 'folder')]);
  assert.equal(r.code, 1);
  const files = JSON.parse(r.stdout).problems.map((p: { file: string; rule: string }) => `${p.file} ${p.rule}`);
  assert.deepEqual(files, [
    `${duplicate} yaml-duplicate-key`,
    `${join(fixtures, 'folder', 'nested', 'broken-yaml.yml')} yaml-syntax`,
  ]);
});

test('standard input is read for -, and a clean file exits 0', () => {
  const r = lint(['-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'No problems in 1 file.');
});

test('documents of a multi-document file are numbered from 0', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nmetadata:\n  name: a\n  name: b\n';
  const r = lint(['--format', 'json', '-'], text);
  const [p] = JSON.parse(r.stdout).problems;
  assert.equal(p.document, 1);
  assert.equal(p.line, 8);
});

test('--rule ID=off switches a rule off; errors then no longer fail the run', () => {
  const r = lint(['--rule', 'yaml-duplicate-key=off', duplicate]);
  assert.equal(r.code, 0);
  const w = lint(['--rule', 'yaml-duplicate-key=warning', '--format', 'json', duplicate]);
  assert.equal(w.code, 0);
  assert.equal(JSON.parse(w.stdout).problems[0].severity, 'warning');
});

test('usage and I/O errors exit 2 with a message', () => {
  const missing = lint(['no/such/file.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read no\/such\/file\.yaml: no such file or folder/);
  assert.equal(lint(['--format', 'xml', duplicate]).code, 2);
  assert.equal(lint(['--rule', 'no-such-rule=off', duplicate]).code, 2);
  assert.equal(lint(['--kubernetes-version', 'latest', duplicate]).code, 2);
  assert.equal(lint([]).code, 2);
});

test('SARIF 2.1.0 carries rule metadata, regions and the field path', () => {
  const r = lint(['--format', 'sarif', duplicate]);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'podwright');
  assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ['yaml-duplicate-key']);
  const [res] = run.results;
  assert.equal(res.ruleId, 'yaml-duplicate-key');
  assert.equal(res.level, 'error');
  assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 5, startColumn: 3, endLine: 5, endColumn: 7 });
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, duplicate.split('\\').join('/'));
  assert.equal(res.locations[0].logicalLocations[0].fullyQualifiedName, 'metadata.name');
});

test('a document kubectl cannot decode is an error (exit 1); 101 aliases of a scalar are not', () => {
  const selfAlias = lint(['-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: &d\n  x: *d\n');
  assert.equal(selfAlias.code, 1);
  assert.equal(
    selfAlias.stdout.trim().split('\n')[0],
    "<stdin>:6:6: error yaml-syntax data.x: kubectl cannot decode this document: anchor 'd' value contains itself.",
  );
  const aliases = Array.from({ length: 100 }, (_, i) => `    a${i + 1}: *v\n`).join('');
  const many = lint(['-'], `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a0: &v x\n${aliases}spec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    ports:\n    - containerPort: 99999\n`);
  assert.equal(many.code, 1);
  assert.match(many.stdout, /error ports spec\.containers\[0\]\.ports\[0\]\.containerPort: containerPort 99999 is not a port number/);
});
