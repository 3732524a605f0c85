// The fast path must give exactly what `yaml` gives, or decline. Held to that on the corpus, on
// hand-picked shapes, and on thousands of seeded random mutations of real manifests.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isScalar, isSeq, LineCounter, Node } from 'yaml';
import { FastYaml } from '../../analysis/src/fastYaml';
import { parseWithYaml } from '../../analysis/src/yamlModel';

const OPTIONS = {
  version: '1.1' as const,
  merge: true,
  customTags: (tags: unknown[]) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp') as never,
};
const fast = new FastYaml(OPTIONS);

// Exact for what the analysis reads: values, node kinds, starts and value ends, and the outer end
// of scalars with content. The outer end of collections and empty values is yaml's bookkeeping of
// trailing comments, which nothing here reads.
function shape(n: unknown): unknown {
  if (!n) return null;
  const r = (n as Node).range as number[];
  if (isScalar(n)) return { s: (n.value === null ? r.slice(0, 2) : r).join(','), v: n.value, t: n.type };
  if (isMap(n)) return { m: r[0], flow: !!n.flow, items: n.items.map((p) => [shape(p.key), shape(p.value)]) };
  if (isSeq(n)) return { q: r[0], flow: !!n.flow, items: n.items.map(shape) };
  return { other: true };
}

/** Returns 'fast' when the fast path took the text (and agreed), 'declined' otherwise. */
function check(text: string, label: string): 'fast' | 'declined' {
  const mine = fast.parse(text, new LineCounter());
  if (!mine) return 'declined';
  const ref = parseWithYaml(text);
  const problems = ref.documents.flatMap((d) => [...d.doc.errors, ...d.doc.warnings].map((e) => e.code));
  assert.deepEqual(problems, [], `${label}: the fast path accepted text that yaml reports problems in`);
  assert.deepEqual(
    mine.map((d) => ({ start: d.doc.range[0], value: d.value, tree: shape(d.doc.contents) })),
    ref.documents.map((d) => ({ start: d.doc.range[0], value: d.value, tree: shape(d.doc.contents) })),
    label,
  );
  return 'fast';
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const corpus = yamlFiles(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus'));

test('agrees with yaml on every corpus file, and takes most of them', () => {
  assert.ok(corpus.length > 50, 'corpus found');
  const taken = corpus.filter((f) => check(readFileSync(f, 'utf8'), f) === 'fast').length;
  assert.ok(taken >= corpus.length * 0.75, `fast path took ${taken} of ${corpus.length}`);
});

test('agrees on the shapes manifests are written in', () => {
  const cases = [
    'a: 1  # c\nb:\n  - x\n  - y: 2\n    z:\n\n# t\nc: {d: [1, "q"]}\n---\n- k\n',
    '# head\n---\na:\n  b: 1\n  c:\n  - x\n  d: [y]\n  # tail\ne:\n',
    'k: |\n  line1\n   x\n\n  l2\n\nm: |-\n  s\nz: 1 # q\n',
    'a:\n  - b: 1\n    c: 2\n  -   d\n',
    'a:   # c\n  b: 1\nz:  # zc\nq:\n-\n  x: 1\n- "s\\u00e9\\t\\"" # k\n',
    "a: 'it''s'  \nb: -1\nc: 0644\nd: 0x1F\ne: 1e3\nf: .5\ng: ~\nh: yes\ni: Off\nj: 2024-01-01\nk: 1_000\n",
    'a: b\n...\n---\nc: d\n',
    'a: b\nc: d',
    'x:\n  y:\n  # c\n  z: 1\n',
    'command: ["sh", "-c", "echo a, b"]\nargs: [ ]\nm: {}\nn: {a: 1, b: [x, {c: d}]}\n',
    'url: http://x:80/a#frag\nkey with spaces: v\n"quoted key": 1\n\'single\': 2\n',
  ];
  cases.forEach((t, i) => assert.equal(check(t, `case ${i}`), 'fast', `case ${i} should take the fast path`));
});

test('declines what it does not handle, leaving it to yaml', () => {
  const declined = [
    'a: &x 1\nb: *x\n', // anchors
    'a: !!str 1\n', // tags
    'a: >\n  folded\n', // folded scalars
    'a: plain\n  continued\n', // multi-line plain
    'a: 1\na: 2\n', // duplicate key: yaml reports it
    'a:\n\tb: 1\n', // tab indentation
    'a: [1,\n  2]\n', // multi-line flow
    'a: "open\n', // unterminated quote
    '%YAML 1.1\n---\na: 1\n', // directive
    'a: b: c\n', // nested compact mapping
    '- - a\n', // compact nested sequence
    '<<: {a: 1}\n', // merge key
    'a: 1\r\nb: 2\r\n', // CRLF
    'just a scalar\n',
    'a: 1\n---\n', // an explicit empty document last (it threw, failing the whole analysis)
    '---',
  ];
  declined.forEach((t, i) => assert.equal(fast.parse(t, new LineCounter()), null, `case ${i}: ${JSON.stringify(t)}`));
});

test('seeded mutations of real manifests: agrees with yaml or declines, never accepts an error', () => {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = [':', '-', '- ', ' ', '  ', '\n', '#', "'", '"', '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!', '\t', 'x', '0', '---\n', '? '];
  const sources = corpus.map((f) => readFileSync(f, 'utf8'));
  let taken = 0;
  for (let i = 0; i < 3000; i++) {
    let t = sources[rnd(sources.length)];
    const edits = 1 + rnd(3);
    for (let e = 0; e < edits; e++) {
      const at = rnd(t.length + 1);
      const kind = rnd(3);
      if (kind === 0) t = t.slice(0, at) + pieces[rnd(pieces.length)] + t.slice(at);
      else if (kind === 1) t = t.slice(0, at) + t.slice(at + 1 + rnd(5));
      else {
        const lineStart = t.lastIndexOf('\n', at - 1) + 1;
        const lineEnd = t.indexOf('\n', at);
        const line = t.slice(lineStart, lineEnd < 0 ? t.length : lineEnd + 1);
        t = t.slice(0, lineStart) + line + t.slice(lineStart);
      }
    }
    if (check(t, `mutation ${i}`) === 'fast') taken++;
  }
  assert.ok(taken > 300, `the fast path took ${taken} mutated files: the comparison exercised it`);
});
