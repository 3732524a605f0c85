// What the editor needs of the workloads API, on the real engine: applying only the document a
// person pointed at (the file's other ConfigMaps then do not count), every object with its summary
// in one listing, and a watch that wakes for records and claims but not for status written again
// unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRuntime, uniqueName, waitFor } from './helpers';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  greeting: hello\n`;
const claim = (name: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {storage: 1Mi}\n`;
const deployment = (name: string, configMapName: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: podwright-test/busybox:1
        imagePullPolicy: Never
        envFrom:
        - configMapRef: {name: ${configMapName}}
`;

test('apply of chosen documents, overview, and a watch of records, claims and changed status', { timeout: 60_000 }, async (t) => {
  const runtime = newRuntime();
  const manager = runtime.controllerManager({ tickMs: 300 });
  const [first, second, web, data] = [uniqueName('pw-cm-a'), uniqueName('pw-cm-b'), uniqueName('pw-web'), uniqueName('pw-data')];
  const changes: string[] = [];
  let watch: { dispose(): void } | undefined;
  t.after(async () => {
    watch?.dispose();
    await manager.stop();
    for (const [kind, name] of [['ConfigMap', first], ['ConfigMap', second], ['Deployment', web], ['PersistentVolumeClaim', data]]) {
      await runtime.workloads.delete({ kind, name, namespace: 'default' });
    }
    runtime.close();
  });
  assert.equal(await manager.start(), true);
  watch = await runtime.workloads.watch(() => changes.push('change'), (e) => changes.push(`end ${String(e)}`));

  // Only the second document: the first ConfigMap is not stored.
  const file = `${configMap(first)}---\n${configMap(second)}---\n${deployment(web, first)}`;
  const applied = await runtime.workloads.apply(file, `/tmp/${second}.yaml`, { allowHostAccess: false }, [1]);
  assert.deepEqual(applied.problems, []);
  assert.deepEqual(applied.documents.map((d) => [d.document, d.kind, d.name, d.result]), [[1, 'ConfigMap', second, 'created']]);
  await waitFor('the record seen by the watch', async () => (changes.length ? true : undefined));

  // The Deployment alone: the file's first ConfigMap, never applied, does not count for its template.
  const alone = await runtime.workloads.apply(file, `/tmp/${second}.yaml`, { allowHostAccess: false }, [2]);
  assert.deepEqual(alone.documents.map((d) => [d.kind, d.result]), [['Deployment', 'refused']]);
  assert.equal(alone.documents[0].problems[0].code, 'missing-reference');
  assert.match(alone.documents[0].problems[0].where, /envFrom\[0\]/);

  const overview = (await runtime.workloads.overview()).filter((v) => [first, second, web].includes(v.object.metadata.name));
  assert.deepEqual(overview.map((v) => [v.object.kind, v.object.metadata.name, v.summary.columns]), [['ConfigMap', second, [['DATA', '1']]]]);

  // A claim: its volume wakes the watch; its status, written again at every
  // pass with nothing new, does not.
  changes.length = 0;
  await runtime.workloads.apply(claim(data), `/tmp/${data}.yaml`, { allowHostAccess: false });
  // Bound at once (no pass of the manager needed), so a bare pod run right after can mount it.
  assert.ok((await runtime.workloads.claims()).some((c) => c.name === data), 'the claim volume exists when apply returns');
  await waitFor('the watch to see it', async () => (changes.length ? true : undefined));
  await manager.nextPass();
  await manager.nextPass();
  changes.length = 0;
  await manager.nextPass();
  await manager.nextPass();
  assert.deepEqual(changes, [], 'unchanged status files wake nobody');
});
