// The supervisor's state files hold events with what probes printed (a Secret's value can be among
// it): owner-only, whoever else shares the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KUBELET_BACKOFF } from '../../runtime/src/backoff';
import { newState, StateStore } from '../../runtime/src/state';

test('state files are 0600 in a 0700 folder, also a folder an older version left at 0755', (t) => {
  const base = mkdtempSync(join(tmpdir(), 'podwright-perm-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const dir = join(base, 'pods');
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  const store = new StateStore(dir);
  store.write(newState('u1', 'web', 'default', KUBELET_BACKOFF));
  store.requestStop('u1');
  assert.equal(store.lock('u2'), true);
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
  assert.deepEqual([mode(dir), mode(join(dir, 'u1.json')), mode(join(dir, 'u1.stop')), mode(join(dir, 'u2.lock'))], ['700', '600', '600', '600']);
  store.unlock('u2');
});
