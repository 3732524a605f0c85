// What the engine's images say, for the editor's image-aware checks: never a pull, absent is null,
// facts cached by image ID (a tag is resolved again on every call: it can move).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFacts, type FactsCache } from '../../runtime/src/imageFacts';
import { imageProblems, imageUses } from '../../client/src/flows/imageChecks';
import { processOf } from '../../client/src/flows/imageProcess';
import { engine, newRuntime } from './helpers';

test('image facts: the user and command of a local image, null for one the engine lacks, cached by ID', async () => {
  const cache: FactsCache = new Map();
  const first = await imageFacts(engine(), ['podwright-test/busybox:1', 'podwright-test/never-built:1'], cache);
  const busybox = first.get('podwright-test/busybox:1');
  assert.ok(busybox);
  assert.match(busybox.id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(busybox.user, '');
  assert.equal(first.get('podwright-test/never-built:1'), null);
  assert.deepEqual([...cache.keys()], [busybox.id]);
  const again = await imageFacts(engine(), ['podwright-test/busybox:1'], cache);
  assert.equal(again.get('podwright-test/busybox:1'), busybox, 'the same facts object, from the cache');
  // Through the runtime's front door too.
  const viaRuntime = await newRuntime().imageFacts(['podwright-test/busybox:1']);
  assert.equal(viaRuntime.get('podwright-test/busybox:1')?.id, busybox.id);
});

test('the process an image will run, from its real ENTRYPOINT/CMD: what the pod prints when run (cli.test.ts)', async () => {
  const facts = await imageFacts(engine(), ['podwright-test/entrypoint:1', 'podwright-test/busybox:1']);
  const entry = facts.get('podwright-test/entrypoint:1');
  assert.ok(entry);
  assert.deepEqual([entry.entrypoint, entry.cmd, entry.exposedPorts], [['echo', 'entrypoint'], ['cmd'], []]);
  // The three init containers of fixtures/runtime/config-and-secret.yaml; run, they print
  // "entrypoint from-args production" ($(MODE) expanded), "from-command" and "entrypoint cmd".
  assert.deepEqual(processOf({ args: ['from-args', '$(MODE)'] }, entry).argv, ['echo', 'entrypoint', 'from-args', '$(MODE)']);
  assert.deepEqual(processOf({ command: ['echo', 'from-command'] }, entry).argv, ['echo', 'from-command']);
  assert.deepEqual(processOf({}, entry).argv, ['echo', 'entrypoint', 'cmd']);
  // An image that exposes no port: no containerPort is questioned.
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: podwright-test/busybox:1\n      ports:\n        - containerPort: 8080\n';
  assert.deepEqual(imageProblems(imageUses(text), facts), []);
});
