import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const fixtures = join('test', 'fixtures', 'cli');

function lint(args: string[], input?: string, cwd = root) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'podwright.js'), 'lint', ...args], {
    cwd,
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

test('in a folder, a symlink to nothing is named and the rest is linted; a symlink cycle ends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-lint-links-'));
  try {
    writeFileSync(join(dir, 'a.yaml'), readFileSync(join(root, duplicate), 'utf8'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'b.yaml'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'not-yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const r = lint(['--format', 'json', dir]);
    assert.equal(r.code, 2, 'a file that cannot be read fails the run as an I/O error');
    assert.equal(r.stderr, `podwright lint: cannot read ${join(dir, 'b.yaml')}: no such file (a symlink to nothing, or removed meanwhile)\n`);
    // a.yaml once: not again through sub/up, which leads back to the folder.
    assert.deepEqual(JSON.parse(r.stdout).problems.map((p: { file: string; rule: string }) => `${p.file} ${p.rule}`), [`${join(dir, 'a.yaml')} yaml-duplicate-key`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder walk leaves out Helm charts\' templates and says so; a template named on its own is linted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-lint-helm-'));
  try {
    const chart = join(dir, 'charts', 'web');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    const template = join(chart, 'templates', 'deployment.yaml');
    writeFileSync(template, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        {{- with .Values.resources }}\n        resources: {{- toYaml . | nindent 10 }}\n        {{- end }}\n');
    // A folder named templates outside a chart is searched as any other.
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'pod.yaml'), readFileSync(join(root, duplicate), 'utf8'));
    const r = lint(['--format', 'json', dir]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).problems.map((p: { file: string; rule: string }) => `${p.file} ${p.rule}`), [`${join(dir, 'templates', 'pod.yaml')} yaml-duplicate-key`]);
    assert.equal(r.stderr, `podwright lint: left out the templates of the Helm chart at ${chart}: Go templates are YAML only once rendered (helm template ${chart} | podwright lint -)\n`);
    assert.equal(lint(['--quiet', dir]).stderr, '', '--quiet leaves the note out');
    const alone = lint(['--format', 'json', template]);
    assert.equal(alone.code, 1);
    assert.ok(JSON.parse(alone.stdout).problems.some((p: { rule: string }) => p.rule === 'yaml-syntax'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the patches a kustomization names are left out, walked or named, and said; the rest is linted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-lint-kustomize-'));
  try {
    const overlay = join(dir, 'overlay');
    mkdirSync(join(dir, 'patches'), { recursive: true });
    mkdirSync(overlay);
    writeFileSync(join(overlay, 'kustomization.yaml'), 'resources:\n- ../base\npatches:\n- path: replicas.yaml\n- patch: |-\n    - op: remove\n      path: /spec/x\npatchesStrategicMerge:\n- ../patches/image.yaml\n');
    const partial = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n';
    writeFileSync(join(overlay, 'replicas.yaml'), partial);
    writeFileSync(join(dir, 'patches', 'image.yaml'), partial);
    // Not a patch: checked as a whole object.
    writeFileSync(join(overlay, 'extra.yaml'), partial);
    const r = lint(['--format', 'json', dir]);
    assert.equal(r.code, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).problems.map((p: { file: string; path: string }) => `${p.file} ${p.path}`),
      [`${join(overlay, 'extra.yaml')} spec.selector`, `${join(overlay, 'extra.yaml')} spec.template`],
    );
    const patches = [join(overlay, 'replicas.yaml'), join(dir, 'patches', 'image.yaml')];
    assert.equal(r.stderr, `podwright lint: left out 2 kustomize patches (${patches.join(', ')}): partial objects, checked once built (kustomize build DIR | podwright lint -)\n`);
    // Files named one by one (a shell glob) with their kustomization: the same.
    const named = lint(['--format', 'json', ...['kustomization.yaml', 'replicas.yaml', 'extra.yaml'].map((f) => join(overlay, f))]);
    assert.deepEqual(JSON.parse(named.stdout).problems.map((p: { file: string }) => p.file), [join(overlay, 'extra.yaml'), join(overlay, 'extra.yaml')]);
    assert.match(named.stderr, /left out a kustomize patch \(.*replicas\.yaml\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--exclude leaves out the files and folders its globs match, from the working folder', () => {
  const folder = join(fixtures, 'folder');
  const files = (args: string[], cwd?: string) => JSON.parse(lint(['--format', 'json', ...args], undefined, cwd).stdout).problems.map((p: { file: string }) => p.file);
  const broken = join(folder, 'nested', 'broken-yaml.yml');
  assert.deepEqual(files([folder]), [duplicate, broken]);
  assert.deepEqual(files(['--exclude', join(folder, 'nested'), folder]), [duplicate], 'a folder, and all below it');
  assert.deepEqual(files(['--exclude', 'duplicate-*.yaml', folder]), [broken], 'a pattern without / matches base names');
  assert.deepEqual(files(['--exclude', '**/nested/*.yml', '--exclude', 'duplicate-key.yaml', folder]), []);
  // A checkout under a folder named like the pattern: only paths from the working folder count.
  const dir = mkdtempSync(join(tmpdir(), 'podwright-lint-exclude-'));
  try {
    const repo = join(dir, 'test', 'repo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'pod.yaml'), readFileSync(join(root, duplicate), 'utf8'));
    assert.deepEqual(files(['--exclude', 'test', '.'], repo), ['pod.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    "<stdin>:6:6: error yaml-syntax data[x]: kubectl cannot decode this document: anchor 'd' value contains itself.",
  );
  const aliases = Array.from({ length: 100 }, (_, i) => `    a${i + 1}: *v\n`).join('');
  const many = lint(['-'], `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a0: &v x\n${aliases}spec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    ports:\n    - containerPort: 99999\n`);
  assert.equal(many.code, 1);
  assert.match(many.stdout, /error ports spec\.containers\[0\]\.ports\[0\]\.containerPort: containerPort 99999 is not a port number/);
});

test('map keys are in brackets, as the API server writes them, in text, JSON and SARIF', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: "bad value!"
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: lots
`;
  const errors = ['--rule', 'resources-missing=off', '--rule', 'readiness-probe-missing=off', '--rule', 'run-as-root=off'];
  const expected = ['metadata.labels[app]', 'spec.containers[0].resources.requests[cpu]'];
  const json = lint([...errors, '--format', 'json', '-'], text);
  assert.deepEqual(JSON.parse(json.stdout).problems.map((p: { path: string }) => p.path), expected);
  const sarif = JSON.parse(lint([...errors, '--format', 'sarif', '-'], text).stdout);
  const results = sarif.runs[0].results as { message: { text: string }; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
  assert.deepEqual(results.map((r) => r.locations[0].logicalLocations[0].fullyQualifiedName), expected);
  assert.ok(results[0].message.text.startsWith('metadata.labels[app]: '), results[0].message.text);
  const lines = lint([...errors, '-'], text).stdout.trim().split('\n');
  assert.match(lines[0], /^<stdin>:6:10: error invalid-label metadata\.labels\[app\]: /);
  assert.match(lines[1], /^<stdin>:13:14: error schema-value spec\.containers\[0\]\.resources\.requests\[cpu\]: /);
});

/** A folder of varied manifests: problems of every severity, syntax errors, several documents, none. */
function varied(dir: string, copies: number): void {
  const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\n  labels:\n    app: "x y"\nspec:\n  containers:\n  - name: app\n    image: nginx\n    ports:\n    - containerPort: 80\n    - containerPort: 80\n';
  const good = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits: {memory: 64Mi}\n';
  const broken = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n';
  const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  key: 1\n  "quote\\"d": "é\\t\\u0001"\n';
  for (let i = 0; i < copies; i++) {
    writeFileSync(join(dir, `a${i}.yaml`), [bad, good, config].join('---\n'));
    writeFileSync(join(dir, `b${i}.yml`), broken);
    writeFileSync(join(dir, `c${i}.yaml`), i % 2 ? '' : good);
  }
}

test('--jobs 2 prints byte for byte what one thread prints, in every format, and exits the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podwright-jobs-'));
  try {
    varied(dir, 6);
    for (const format of ['text', 'json', 'sarif']) {
      const one = lint(['--jobs', '1', '--format', format, dir]);
      const two = lint(['--jobs', '2', '--format', format, dir]);
      assert.equal(one.code, 1, one.stderr);
      assert.deepEqual([two.code, two.stdout, two.stderr], [one.code, one.stdout, one.stderr], format);
    }
    const quiet = lint(['--jobs', '1', '--quiet', dir]);
    assert.deepEqual(lint(['--jobs', '3', '--quiet', dir]), quiet);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--jobs takes a number of threads', () => {
  for (const bad of ['0', 'two', '1.5', '65']) {
    const r = lint(['--jobs', bad, duplicate]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--jobs takes a number of threads from 1 to 64/);
  }
});

test("the issue's four manifests fail with the API server's paths: replicas -1, port 70000, key ../bad, schedule 'every minute'", () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 70000
    targetPort: http_port
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  ../bad: x
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "every minute"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
`;
  const r = lint(['--format', 'json', '-'], text);
  assert.equal(r.code, 1, r.stderr);
  const errors = (JSON.parse(r.stdout).problems as Array<{ severity: string; rule: string; path: string; line: number }>)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.line} ${p.rule} ${p.path}`);
  assert.deepEqual(errors, [
    '6 deployment-fields spec.replicas',
    '24 service-fields spec.ports[0].port',
    '25 service-fields spec.ports[0].targetPort',
    '32 invalid-name data[../bad]',
    '39 cronjob-fields spec.schedule',
  ]);
});
