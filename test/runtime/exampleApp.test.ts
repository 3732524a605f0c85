// The example application of test/workspace/app on the real engine, as `podwright apply -f` runs it:
// the web Deployment behind its Service (a named targetPort), the StatefulSet db behind its headless
// Service, and the Job that talks to both by name completes with both answers in its logs; deleting
// every object leaves nothing but the claim's volume. It runs in a namespace of its own, so that its
// fixed names (db-0, the claim data-db-0) meet no other run's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NETWORK_LABEL } from '../../runtime/src/network';
import { SERVICE_LABEL } from '../../runtime/src/workloads/services';
import { engine, FAST_BACKOFF, newRuntime, ROOT, uniqueName, waitFor } from './helpers';

const APP = join(ROOT, 'test', 'workspace', 'app');

test('the example application: the Job reaches db-0.db and web by name; delete leaves only the claim', { timeout: 90_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500 });
  const namespace = uniqueName('pw-app');
  const files = readdirSync(APP)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: join(APP, f), text: readFileSync(join(APP, f), 'utf8').replace(/^metadata:\n/gm, `metadata:\n  namespace: ${namespace}\n`) }));
  const objects = () => runtime.workloads.list(undefined, namespace);
  t.after(async () => {
    await manager.stop();
    for (const v of await objects()) await runtime.workloads.delete({ kind: v.object.kind, name: v.object.metadata.name, namespace });
    await runtime.workloads.deleteClaimData(namespace, 'data-db-0');
  });
  assert.equal(await manager.start(), true);
  const applied = await runtime.workloads.applyFiles(files, { allowHostAccess: false });
  assert.deepEqual(applied.flatMap((f) => f.problems), []);
  assert.ok(applied.flatMap((f) => f.documents).every((d) => d.result === 'created'), JSON.stringify(applied.flatMap((f) => f.documents.map((d) => [d.kind, d.result, d.problems]))));

  const job = await waitFor('the Job to complete', async () => {
    const [v] = (await runtime.workloads.list(['Job'], namespace)).filter((x) => x.object.metadata.name === 'check');
    return v?.status?.conditions.some((c) => c.type === 'Complete' && c.status === 'True') ? v : undefined;
  }, 60_000, 300);
  const pod = job.pods.find((p) => p.phase === 'Succeeded');
  assert.ok(pod, 'a succeeded pod of the Job');
  const lines: string[] = [];
  await runtime.logs(pod, { container: 'check' }, (l) => lines.push(l.text.trim()));
  assert.equal(lines[0], 'db on db-0');
  assert.match(lines[1], /^hello from podwright \(web-[a-z0-9]+-[a-z0-9]{5}\)$/);

  await manager.stop();
  for (const v of await objects()) await runtime.workloads.delete({ kind: v.object.kind, name: v.object.metadata.name, namespace });
  const cluster = runtime.clusterId();
  assert.deepEqual((await runtime.list()).filter((p) => p.namespace === namespace), []);
  assert.equal((await engine().listContainers({ all: true, filters: { label: [`${SERVICE_LABEL.cluster}=${cluster}`] } })).length, 0);
  assert.equal((await engine().listNetworks({ filters: { label: [`${NETWORK_LABEL.cluster}=${cluster}`] } })).length, 0);
  assert.deepEqual((await runtime.workloads.claims(namespace)).map((c) => c.name), ['data-db-0']);
});
