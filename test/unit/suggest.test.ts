// "Did you mean" stays cheap whatever the document (suggest.ts): one bounded edit distance for the
// schema and the rules, a cap on the candidates one suggestion compares, nothing for very long names.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../analysis/src/analyze';
import { closest, editDistance, MAX_COMPARED, MAX_NAME } from '../../analysis/src/suggest';
import { prng } from '../lsp/fuzzInputs';

/** The textbook Levenshtein distance, the whole table. */
function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

test('the bounded edit distance is the Levenshtein distance up to its limit', () => {
  const r = prng(7);
  const word = () => Array.from({ length: Math.floor(r() * 12) }, () => 'abc-'[Math.floor(r() * 4)]).join('');
  for (let k = 0; k < 3000; k++) {
    const a = word();
    const b = r() < 0.5 ? word() : a.slice(0, Math.floor(r() * a.length)) + word().slice(0, 2) + a.slice(Math.floor(r() * a.length));
    const limit = Math.floor(r() * 5);
    assert.equal(editDistance(a, b, limit), Math.min(levenshtein(a, b), limit + 1), `${a} / ${b} within ${limit}`);
  }
});

/** Candidates that count how many of them a suggestion looked at. */
function counted(names: string[]): { iterable: Iterable<string>; taken: () => number } {
  let taken = 0;
  return {
    iterable: {
      *[Symbol.iterator]() {
        for (const n of names) {
          taken++;
          yield n;
        }
      },
    },
    taken: () => taken,
  };
}

test('a suggestion compares at most MAX_COMPARED candidates of a plausible length, and none for a very long name', () => {
  const r = prng(11);
  const name = () => Array.from({ length: 61 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)]).join('');
  const many = Array.from({ length: 5000 }, name);
  const c = counted(many);
  assert.equal(closest(name(), c.iterable), null);
  assert.equal(c.taken(), MAX_COMPARED + 1);
  // Candidates of another length cost nothing: they are passed over without a comparison.
  const short = counted([...Array.from({ length: 5000 }, () => 'ab'), 'volume-data']);
  assert.equal(closest('volume-date', short.iterable), 'volume-data');
  // Longer than any Kubernetes name: not a typo of one, and the candidates are not even looked at.
  const long = counted(many);
  assert.equal(closest('x'.repeat(MAX_NAME + 1), long.iterable), null);
  assert.equal(long.taken(), 0);
});

test('ordinary suggestions are unchanged: case first, then the smallest distance, the first of equals', () => {
  assert.equal(closest('containerport', ['containerPort', 'hostPort']), 'containerPort');
  assert.equal(closest('imagePullPolicyy', ['image', 'imagePullPolicy', 'imagePullSecrets']), 'imagePullPolicy');
  assert.equal(closest('confg', ['config', 'configs']), 'config');
  assert.equal(closest('abc', ['abd', 'abe']), 'abd');
  assert.equal(closest('data', ['data']), null);
  assert.equal(closest('x', ['completely-different']), null);
});

test('a volumeMount and a volume with 40,000-character names: reported, shortened, with no suggestion', () => {
  const mount = `b${'y'.repeat(40_000)}`;
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  volumes:
  - name: a${'y'.repeat(40_000)}
  containers:
  - name: c
    image: nginx:1.27
    volumeMounts:
    - name: ${mount}
      mountPath: /a
`;
  const p = analyze(text).problems.find((x) => x.rule === 'volumes');
  assert.ok(p);
  assert.equal(p.message, `volumeMount '${mount.slice(0, 60)}…' names no volume in spec.volumes`);
  assert.equal(text.slice(p.range.start, p.range.end), mount);
  assert.ok(p.related![0].message.length < 200, p.related![0].message.slice(0, 300));
});
