// Lifecycle hooks and stop order: postStart after start; on stop the app's preStop, then its
// SIGTERM, and only then the sidecar's preStop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planManifest } from '../../runtime/src/plan';
import { cleanup, fixture, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

test('postStart runs after start; stop runs preStop, then SIGTERM, apps before sidecars', async (t) => {
  const runtime = newRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'podwright-hooks-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = fixture('lifecycle.yaml', uniqueName('pw-hooks')).replace('path: /tmp/podwright-hooks', `path: ${dir}`);
  const refused = planManifest(text, 'lifecycle.yaml');
  assert.deepEqual(refused.problems.map((p) => p.where), ['spec.volumes[0].hostPath'], 'hostPath needs --allow-host-access');
  const { plans } = planManifest(text, 'lifecycle.yaml', { allowHostAccess: true });
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans[0], { supervise: 'none' });
  assert.equal(result.outcome, 'Running', result.message);
  const log = () => readFileSync(join(dir, 'events'), 'utf8');
  await waitFor('postStart', async () => (log().includes('app-postStart') ? true : undefined), 5000);
  await runtime.stop(plans[0].uid);
  assert.equal(log(), 'app-postStart\napp-preStop\napp-TERM\nside-preStop\n');
  assert.deepEqual(await objectsLeft(plans[0].uid), { containers: 0, volumes: 0 });
});
