import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import { anchorRange, parseYaml, pathAtOffset } from '../../analysis/src/yamlModel';

test('YAML 1.1 scalars decode as kubectl decodes them', () => {
  const f = parseYaml('a: yes\nb: 0644\nc: 2024-01-01\n');
  assert.deepEqual(f.documents[0].value, { a: true, b: 420, c: '2024-01-01' });
});

test('a field reached through a merge key is located at its source', () => {
  const text = 'd: &x {p: 1}\ne:\n  <<: *x\n  q: 2\n';
  const f = parseYaml(text);
  const r = anchorRange(f.documents[0], ['e', 'p'], 'value');
  assert.equal(text.slice(r.start, r.end), '1');
});

test('a missing field is anchored on the nearest existing key', () => {
  const text = 'spec:\n  containers:\n  - name: a\n';
  const f = parseYaml(text);
  const r = anchorRange(f.documents[0], ['spec', 'containers', 0, 'image'], 'key');
  assert.equal(text.slice(r.start, r.end), 'name: a');
});

test('pathAtOffset finds the field under a position', () => {
  const text = 'spec:\n  containers:\n  - name: a\n    image: b\n';
  const f = parseYaml(text);
  assert.deepEqual(pathAtOffset(f.documents[0], text.indexOf('b\n')), ['spec', 'containers', 0, 'image']);
});

test('duplicate keys are reported on the whole key with its path', () => {
  const text = 'metadata:\n  name: a\n  name: b\n';
  const { problems } = analyze(text);
  assert.equal(problems.length, 1);
  const p = problems[0];
  assert.equal(p.rule, 'yaml-duplicate-key');
  assert.equal(p.path, 'metadata.name');
  assert.deepEqual(p.range, { start: text.lastIndexOf('name'), end: text.lastIndexOf('name') + 4 });
});

test('suppression comments silence the next line or the file', () => {
  const text = 'metadata:\n  name: a\n  # podwright-disable-next-line yaml-duplicate-key\n  name: b\n';
  assert.equal(analyze(text).problems.length, 0);
  const other = 'metadata:\n  name: a\n  # podwright-disable-next-line some-other-rule\n  name: b\n';
  assert.equal(analyze(other).problems.length, 1);
  const whole = '# podwright-disable-file\nmetadata:\n  name: a\n  name: b\n';
  assert.equal(analyze(whole).problems.length, 0);
});

test('odd YAML prints nothing: a collection used as a key raises no process warning, and is an error', async () => {
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(w.message);
  process.on('warning', listener);
  try {
    const text = '? [a, b]\n: 1\n';
    const f = parseYaml(text);
    // go-yaml refuses a collection as a map key ("invalid map key"), so kubectl refuses the document.
    assert.deepEqual(f.documents[0].value, {});
    assert.deepEqual(f.documents[0].decodeError?.range, { start: 2, end: 8 });
    const [p] = analyze(text).problems;
    assert.deepEqual([p.rule, p.severity, p.message], ['yaml-syntax', 'error', 'kubectl cannot decode this document: invalid map key: a sequence cannot be a key.']);
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', listener);
  }
  assert.deepEqual(seen, []);
});
