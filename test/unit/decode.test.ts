// A document is decoded as kubectl decodes it (decode.ts, after go-yaml's decode.go): aliasing is
// refused only when excessive, and a document that cannot be decoded is one error on the node where
// it fails, never silence. Documents nested too deep for the parser get one error too (nesting.ts).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze, MAX_SYNTAX_PROBLEMS } from '../../analysis/src/analyze';
import { allowedAliasRatio } from '../../analysis/src/decode';
import { MAX_NESTING, nestingBound, tooDeepDocuments } from '../../analysis/src/nesting';
import { parseYaml } from '../../analysis/src/yamlModel';

/** A pod with two real errors, and `aliases` annotations that alias one anchored scalar. */
function podWithAliases(aliases: number): string {
  const lines = Array.from({ length: aliases }, (_, i) => `    a${i + 1}: *v\n`).join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
  annotations:
    a0: &v x
${lines}spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 99999
`;
}

function errors(text: string): [string, string, string][] {
  return analyze(text)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => [p.rule, p.path, text.slice(p.range.start, p.range.end)]);
}

test('more than 100 aliases of a scalar are fine, as in kubectl: the real errors are reported', () => {
  const expected = [
    ['invalid-name', 'metadata.name', 'Bad_Name'],
    ['ports', 'spec.containers[0].ports[0].containerPort', '99999'],
  ];
  for (const n of [100, 101, 1000, 5000]) assert.deepEqual(errors(podWithAliases(n)), expected, `${n} aliases`);
  const f = parseYaml(podWithAliases(101));
  assert.equal((f.documents[0].value as { metadata: { annotations: Record<string, string> } }).metadata.annotations.a101, 'x');
});

test('a billion laughs is refused as kubectl refuses it: one error on the alias that goes too far', () => {
  let lines = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let k = 1; k < 12; k++) lines += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n${lines.replace(/^/gm, '  ')}`;
  const { problems } = analyze(text);
  assert.equal(problems.length, 1);
  const [p] = problems;
  assert.deepEqual([p.rule, p.severity], ['yaml-syntax', 'error']);
  assert.equal(p.message, 'kubectl cannot decode this document: document contains excessive aliasing.');
  assert.match(text.slice(p.range.start, p.range.end), /^\*a\d+$/);
  assert.equal(allowedAliasRatio(1000), 0.99);
  assert.equal(allowedAliasRatio(4_000_000), 0.1);
});

test('an anchor that contains itself, an unknown alias, a bad merge and odd keys are errors where they are', () => {
  const cases: [string, string, string][] = [
    ['a: &a [*a]\n', "anchor 'a' value contains itself", '*a'],
    ['m: &m\n  k: *m\n', "anchor 'm' value contains itself", '*m'],
    ['a: *nowhere\n', "unknown anchor 'nowhere' referenced", '*nowhere'],
    ['s: &s x\nm:\n  <<: *s\n', 'map merge requires map or sequence of maps as the value', '*s'],
    ['m:\n  <<: [x]\n', 'map merge requires map or sequence of maps as the value', 'x'],
    ['? [a, b]\n: 1\n', 'invalid map key: a sequence cannot be a key', '[a, b]'],
    ['? {a: 1}\n: 1\n', 'invalid map key: a mapping cannot be a key', '{a: 1}'],
    ['~: 1\n', 'unsupported map key: null', '~'],
  ];
  for (const [text, message, at] of cases) {
    const { problems } = analyze(text);
    assert.equal(problems.length, 1, `${text}: ${problems.map((p) => p.message).join(' | ')}`);
    const [p] = problems;
    assert.deepEqual([p.rule, p.severity, p.message], ['yaml-syntax', 'error', `kubectl cannot decode this document: ${message}.`], text);
    assert.equal(text.slice(p.range.start, p.range.end), at, text);
  }
});

test('merges decode as before: keys written win, the first source wins, and aliases share one value', () => {
  const f = parseYaml('base: &b {a: 1, b: 2}\nmore: &m {b: 3, c: 4}\nx:\n  a: 0\n  <<: [*b, *m]\nz: *b\n');
  assert.equal(f.documents[0].decodeError, undefined);
  const v = f.documents[0].value as Record<string, Record<string, number>>;
  assert.deepEqual(v.x, { a: 0, b: 2, c: 4 });
  assert.equal(v.z, v.base);
  assert.deepEqual(parseYaml('__proto__: 1\n').documents[0].value, JSON.parse('{"__proto__": 1}'));
});

test('a thousand unclosed [ : one error where the nesting passes the limit, and the other documents are checked', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n';
  const text = `${pod}---\nbrackets: ${'['.repeat(1000)}\n---\n${pod}`;
  const { problems } = analyze(text);
  const syntax = problems.filter((p) => p.rule === 'yaml-syntax');
  assert.equal(syntax.length, 1);
  const deepAt = text.indexOf('[') + MAX_NESTING - 1;
  assert.deepEqual(syntax[0].range, { start: deepAt, end: deepAt + 1 });
  assert.match(syntax[0].message, /^Nested more than 256 levels deep/);
  assert.deepEqual(
    problems.filter((p) => p.rule === 'invalid-name').map((p) => p.range.start),
    [pod.indexOf('Bad_Name'), text.lastIndexOf('Bad_Name')],
  );
});

test('nesting is measured in flow and block style; a deep but legal manifest is not flagged', () => {
  const block = Array.from({ length: 300 }, (_, d) => `${' '.repeat(d)}k${d}:`).join('\n');
  assert.equal(tooDeepDocuments(block).length, 1);
  assert.equal(tooDeepDocuments(`${'- '.repeat(300)}x\n`).length, 1);
  assert.equal(tooDeepDocuments(`a: ${'{b: '.repeat(300)}`).length, 1);
  // Brackets inside quoted scalars and block scalars do not nest.
  assert.deepEqual(tooDeepDocuments(`a: "${'['.repeat(1000)}"\nb: |\n  ${'['.repeat(1000)}\nc: ['${'{'.repeat(1000)}']\n`), []);
  const legal = Array.from({ length: 200 }, (_, d) => `${' '.repeat(d)}k${d}:`).join('\n');
  assert.deepEqual(tooDeepDocuments(legal), []);
  assert.equal(analyze(`${legal} [1, [2, [3]]]\n`).problems.filter((p) => p.rule === 'yaml-syntax').length, 0);
});

test('the bound that spares most documents the nesting scan is never below what the scan finds', () => {
  // Right at the limit and one past it, in each way a document nests: indentation, compact items,
  // flow brackets, and the three mixed; each past the limit is still found, wherever it sits.
  const shapes = (n: number): string[] => [
    Array.from({ length: n }, (_, d) => `${' '.repeat(d)}k:`).join('\n'),
    `${'- '.repeat(n)}x\n`,
    `a: ${'['.repeat(n - 1)}\n`,
    `${'- '.repeat(n / 2)}${'['.repeat(n / 2)}\n`,
    `${Array.from({ length: n / 2 }, (_, d) => `${' '.repeat(d)}k:`).join('\n')} ${'{b: '.repeat(n / 2)}\n`,
  ];
  for (const n of [MAX_NESTING - 2, MAX_NESTING + 2]) {
    for (const shape of shapes(n)) {
      const text = `a: 1\n---\n${shape}---\nb: 2\n`;
      const deep = tooDeepDocuments(text);
      for (const d of deep) assert.ok(nestingBound(text, d.start, d.end) > MAX_NESTING, shape.slice(0, 40));
      if (n > MAX_NESTING) assert.equal(deep.length, 1, shape.slice(0, 40));
    }
  }
  // An ordinary manifest is well below the limit.
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    command: ["sh", "-c", "x"]\n';
  assert.ok(nestingBound(pod.repeat(10), 0, pod.length * 10) < 100);
});

test('a cascade of YAML errors is listed up to 50 per document, the last saying how many more', () => {
  const text = `a: [x\n${Array.from({ length: 400 }, (_, i) => `]k${i}: {`).join('\n')}\n---\nb: }\n`;
  const syntax = analyze(text).problems.filter((p) => p.rule === 'yaml-syntax');
  const first = syntax.filter((p) => p.document === 0);
  assert.equal(first.length, MAX_SYNTAX_PROBLEMS);
  assert.match(first[first.length - 1].message, /\(\d+ more YAML errors in this document not listed\)$/);
  assert.equal(syntax.filter((p) => p.document === 1).length > 0, true);
  // Whatever the cascade, one position and message is listed once.
  assert.equal(new Set(syntax.map((p) => `${p.range.start}:${p.message}`)).size, syntax.length);
});

test('text on which the YAML parser runs out of stack is one problem, not an exception', () => {
  // An unclosed `[` above many implicit keys: yaml's parser recurses once per line.
  const text = `apiVersion: v1\nkind: Pod\nspec: [\n${Array.from({ length: 50_000 }, (_, k) => `  k${k}: v`).join('\n')}\n`;
  const { problems } = analyze(text);
  assert.deepEqual(
    problems.map((p) => [p.rule, p.severity, p.range.start]),
    [['yaml-syntax', 'error', 0]],
  );
  assert.match(problems[0].message, /^The YAML parser ran out of stack on this file/);
});
