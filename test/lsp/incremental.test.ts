// The language server analyses a multi-document file one `---` document at a time and reuses the
// problems of unchanged documents. Property: the result always equals analysing the whole text.
// (In-process: this is the server's own module, checked against the analysis' public `analyze`.)
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import type { Problem } from '../../analysis/src/types';
import { IncrementalAnalyzer, splitChunks } from '../../server/src/incremental';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function pod(i: number, cm: string, key: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p${i}
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: A
      valueFrom:
        configMapKeyRef:
          name: ${cm}
          key: ${key}
    ports:
    - containerPort: 80
  - name: app
    image: nginx
    ports:
    - containerPort: 80
`;
}

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  present: "1"
  other: "2"
`;

/** The whole-file result, or undefined when the analysis itself throws on this text. */
function whole(text: string): Problem[] | undefined {
  try {
    return analyze(text).problems;
  } catch {
    return undefined;
  }
}

function check(analyzer: IncrementalAnalyzer, text: string, label: string): boolean {
  const expected = whole(text);
  if (!expected) return false;
  assert.deepEqual(analyzer.analyze(text, {}, 'k'), expected, label);
  return true;
}

test('documents are split at `---` lines only, leading comments joining the first document', () => {
  const text = '# head\n---\na: 1\n---\nb: |\n  ---x\n---  # c\nc: 3\n';
  assert.deepEqual(
    splitChunks(text).map((c) => [c.start, c.text]),
    [
      [0, '# head\n---\na: 1\n'],
      [16, '---\nb: |\n  ---x\n'],
      [32, '---  # c\nc: 3\n'],
    ],
  );
});

test('per-document analysis equals whole-file analysis on the corpus and multi-document variants', () => {
  let compared = 0;
  for (const file of yamlFiles(CORPUS)) {
    const t = readFileSync(file, 'utf8');
    const variants = [t, `${t}\n---\n${t}`, `${CONFIG}---\n${t}\n---\n${t}`, `${t.slice(0, t.length >> 1)}\n---\n${t}\n---\n${CONFIG}`];
    for (const v of variants) if (check(new IncrementalAnalyzer(), v, file)) compared++;
  }
  assert.ok(compared > 100, `compared ${compared}`);
});

test('ConfigMaps in the file are seen by every pod, and editing one re-analyses the pods', () => {
  const analyzer = new IncrementalAnalyzer();
  const docs = [pod(0, 'cfg', 'present'), CONFIG, pod(1, 'cfg', 'missing'), pod(2, 'nope', 'x'), pod(3, 'cfg', 'othr')];
  const text = docs.join('---\n');
  assert.ok(check(analyzer, text, 'first'));
  const problems = analyzer.analyze(text, {}, 'k');
  const missing = problems.filter((p) => p.rule === 'config-key-missing');
  assert.deepEqual(
    missing.map((p) => [p.document, text.slice(p.range.start, p.range.end), p.related?.map((r) => text.slice(r.range.start, r.range.end))]),
    [
      [2, 'missing', ['data']],
      [4, 'othr', ['data']],
    ],
  );
  assert.equal(analyzer.analysedChunks, 0, 'nothing changed: all from the cache');
  // Editing one pod re-analyses that pod only.
  const edited = [docs[0], docs[1], docs[2].replace('containerPort: 80', 'containerPort: 81'), docs[3], docs[4]].join('---\n');
  assert.ok(check(analyzer, edited, 'one pod edited'));
  assert.equal(analyzer.analysedChunks, 1);
  // Editing the ConfigMap re-analyses every document (each depends on it).
  const cm = edited.replace('  other: "2"', '  othr: "2"');
  assert.ok(check(analyzer, cm, 'ConfigMap edited'));
  assert.equal(analyzer.analysedChunks, 5);
  // Moving documents keeps the result exact (offsets and document indices follow).
  const moved = [docs[4], docs[2], docs[1], docs[0], docs[3]].join('---\n');
  assert.ok(check(analyzer, moved, 'moved'));
});

test('random edits to a 12-document file keep per-document analysis equal to whole-file analysis', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const analyzer = new IncrementalAnalyzer();
  let text = Array.from({ length: 12 }, (_, i) => (i === 7 ? CONFIG : pod(i, i % 2 ? 'cfg' : 'x', i % 3 ? 'present' : 'gone'))).join('---\n');
  let compared = 0;
  for (let step = 0; step < 80; step++) {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    const r = random();
    if (r < 0.3) lines.splice(at, 1);
    else if (r < 0.5) lines.splice(at, 0, lines[Math.floor(random() * lines.length)]);
    else if (r < 0.7) lines[at] = ` ${lines[at]}`;
    else if (r < 0.8) lines.splice(at, 0, '---');
    else lines[at] = (lines[at] ?? '').replace(/\d/, String(Math.floor(random() * 10)));
    text = lines.join('\n');
    if (check(analyzer, text, `step ${step}`)) compared++;
  }
  assert.ok(compared > 50, `compared ${compared}`);
});

test('with many ConfigMaps the file is analysed once as a whole, and each document is then cached from it', () => {
  const analyzer = new IncrementalAnalyzer();
  const config = (i: number) => CONFIG.replace('name: cfg', `name: cfg${i}`);
  const docs = Array.from({ length: 40 }, (_, i) => (i % 2 ? config(i >> 1) : pod(i, `cfg${(i >> 1) % 7}`, i % 3 ? 'present' : 'gone')));
  const text = docs.join('---\n');
  // 40 documents, each with 20 ConfigMaps, is far more text than the file: one whole-file analysis.
  assert.ok(check(analyzer, text, 'first'));
  assert.equal(analyzer.analysedChunks, 40);
  assert.ok(check(analyzer, text, 'again, from the cache'));
  assert.equal(analyzer.analysedChunks, 0, 'every document came from the cache the whole-file analysis filled');
  assert.ok(analyzer.analyze(text, {}, 'k').some((p) => p.rule === 'config-key-missing' && p.related?.length === 1));
  // An edited pod is analysed on its own, from the filled cache, and the result is still exact.
  const edited = text.replace('name: p4\n', 'name: p4-edited\n');
  assert.ok(check(analyzer, edited, 'one pod edited'));
  assert.equal(analyzer.analysedChunks, 1);
  // An edited ConfigMap changes every document's key: the whole file again.
  const cm = edited.replace('  other: "2"', '  othr: "2"');
  assert.ok(check(analyzer, cm, 'ConfigMap edited'));
  assert.equal(analyzer.analysedChunks, 40);
});
