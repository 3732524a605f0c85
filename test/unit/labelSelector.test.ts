// kubectl's -l strings: every operator, sets with commas, and what is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../cli/src/args';
import { parseLabelSelector } from '../../cli/src/labelSelector';

const web = { app: 'web', tier: 'front', replicas: '3' };
const db = { app: 'db', tier: 'back' };
const bare = {};

function picks(selector: string): string[] {
  const s = parseLabelSelector(selector);
  return Object.entries({ web, db, bare }).filter(([, labels]) => s(labels)).map(([n]) => n);
}

test('equality, inequality, existence and absence', () => {
  assert.deepEqual(picks('app=web'), ['web']);
  assert.deepEqual(picks('app==db'), ['db']);
  // != and notin match an object without the label, as selector.go's NotEquals does.
  assert.deepEqual(picks('app!=web'), ['db', 'bare']);
  assert.deepEqual(picks('tier'), ['web', 'db']);
  assert.deepEqual(picks('!tier'), ['bare']);
  assert.deepEqual(picks('app=web,tier=back'), []);
  assert.deepEqual(picks(' app = web '), ['web']);
});

test('sets keep their commas, and numbers compare with > and <', () => {
  assert.deepEqual(picks('app in (web, db)'), ['web', 'db']);
  assert.deepEqual(picks('app in (web,db),tier=back'), ['db']);
  assert.deepEqual(picks('app notin (web)'), ['db', 'bare']);
  assert.deepEqual(picks('replicas>2'), ['web']);
  assert.deepEqual(picks('replicas<3'), []);
  // A label that is not an integer never matches a comparison.
  assert.deepEqual(picks('app>1'), []);
  assert.equal(parseLabelSelector('a=')({ a: '' }), true);
});

test('malformed selectors are usage errors that quote the requirement', () => {
  for (const [text, why] of [
    ['', /it is empty/],
    ['app=web,', /requirement '' .*it is empty/],
    ['app in (web', /invalid label key 'app in \(web'/],
    ['app=we b', /invalid value 'we b'/],
    ['replicas>x', /'>' needs an integer, not 'x'/],
    ['-app', /invalid label key '-app'/],
  ] as const) {
    assert.throws(() => parseLabelSelector(text), (e: unknown) => e instanceof UsageError && why.test(e.message), text);
  }
});
