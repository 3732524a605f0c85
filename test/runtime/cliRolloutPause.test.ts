// `podwright rollout pause|resume`, history and undo of StatefulSets and DaemonSets, and `set image`,
// run by the background controller manager on the real engine. A paused Deployment holds a new template back
// (no revision, the old pods stay) and refuses undo and restart; an apply of its file neither resumes
// it nor, after a restart, rolls it out again: apply keeps what those commands set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness, type Cli } from './cliHarness';
import { sleeperDeployment, uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-pause');

/** The sleeper Deployment as KIND, with a VERSION in its container's env: each version a template of its own. */
function manifest(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', name: string, version: string): string {
  let text = sleeperDeployment(name)
    .replace('kind: Deployment', `kind: ${kind}`)
    .replace('        imagePullPolicy: Never\n', `        imagePullPolicy: Never\n        env: [{name: VERSION, value: "${version}"}]\n`);
  if (kind === 'StatefulSet') text = text.replace('spec:\n  replicas: 1\n', `spec:\n  serviceName: ${name}\n  replicas: 1\n`);
  if (kind === 'DaemonSet') text = text.replace('  replicas: 1\n', '');
  return text;
}

async function apply(cli: Cli, text: string): Promise<string> {
  writeFileSync(join(cli.work, 'app.yaml'), text);
  const applied = await cli(['apply', '-f', 'app.yaml']);
  assert.equal(applied.code, 0, applied.err);
  return applied.out;
}

/** The VERSION the object's only pod runs, once its rollout is complete. */
async function running(cli: Cli, ref: string, app: string): Promise<string> {
  const status = await cli(['rollout', 'status', ref, '--timeout', '90']);
  assert.equal(status.code, 0, status.err);
  const pods = (await cli(['get', 'pods', '-l', `app=${app}`, '-o', 'name'])).out.trim().split('\n');
  assert.equal(pods.length, 1, pods.join(', '));
  return (await cli(['exec', pods[0].replace('pod/', ''), '--', 'sh', '-c', 'echo $VERSION'])).out.trim();
}

const revisions = async (cli: Cli, ref: string) => {
  const history = await cli(['rollout', 'history', ref]);
  assert.equal(history.code, 0, history.err);
  return [...history.out.matchAll(/^(\d+) +<none>$/gm)].map((m) => Number(m[1]));
};

test('rollout pause holds a new template back until resume; apply keeps the pause and a restart', { timeout: 240_000 }, async (t) => {
  const name = uniqueName('pw-pause');
  const ref = `deploy/${name}`;
  t.after(() => podwright(['delete', ref, '--ignore-not-found']));
  await apply(podwright, manifest('Deployment', name, 'one'));
  assert.equal(await running(podwright, ref, name), 'one');

  assert.deepEqual(await podwright(['rollout', 'pause', ref]).then((r) => [r.code, r.out]), [0, `deployment.apps/${name} paused\n`]);
  const again = await podwright(['rollout', 'pause', ref]);
  assert.deepEqual([again.code, again.err], [1, `podwright rollout: deployment.apps/${name}: already paused\n`]);

  assert.match(await apply(podwright, manifest('Deployment', name, 'two')), /configured/);
  // Seen by the controller, the new template waits: no pod of it, no revision for it.
  const waiting = await waitFor('the paused rollout observed', async () => {
    const s = await podwright(['rollout', 'status', ref, '--watch', 'false']);
    return /0 out of 1 new replicas have been updated/.test(s.out) ? s.out : undefined;
  }, 30_000);
  assert.match(waiting, /Waiting for deployment "[^"]+" rollout to finish/);
  assert.deepEqual(await revisions(podwright, ref), [1]);
  const undo = await podwright(['rollout', 'undo', ref]);
  assert.equal(undo.code, 1);
  assert.match(undo.err, /you cannot rollback a paused deployment; resume it first/);
  const restart = await podwright(['rollout', 'restart', ref]);
  assert.equal(restart.code, 1);
  assert.match(restart.err, /can't restart paused deployment \(run rollout resume first\)/);
  // The same file again: the pause it never mentioned stays.
  assert.match(await apply(podwright, manifest('Deployment', name, 'two')), /unchanged/);

  assert.deepEqual(await podwright(['rollout', 'resume', ref]).then((r) => [r.code, r.out]), [0, `deployment.apps/${name} resumed\n`]);
  assert.match((await podwright(['rollout', 'resume', ref])).err, /not paused/);
  assert.equal(await running(podwright, ref, name), 'two');
  assert.deepEqual(await revisions(podwright, ref), [1, 2]);

  // A restart is revision 3; applying the file that made revision 2 keeps its annotation, so no revision 4.
  assert.equal((await podwright(['rollout', 'restart', ref])).code, 0);
  assert.equal(await running(podwright, ref, name), 'two');
  assert.match(await apply(podwright, manifest('Deployment', name, 'two')), /unchanged/);
  assert.deepEqual(await revisions(podwright, ref), [1, 2, 3]);

  const sts = await podwright(['rollout', 'pause', `sts/${name}`]);
  assert.equal(sts.code, 2);
  assert.match(sts.err, /statefulsets cannot be used here \(only deployments\)/);
});

for (const kind of ['StatefulSet', 'DaemonSet'] as const) {
  test(`rollout history and undo of a ${kind}: its ControllerRevisions`, { timeout: 240_000 }, async (t) => {
    const name = uniqueName(`pw-undo-${kind.toLowerCase()}`);
    const ref = `${kind.toLowerCase()}/${name}`;
    t.after(() => podwright(['delete', ref, '--ignore-not-found']));
    await apply(podwright, manifest(kind, name, 'one'));
    assert.equal(await running(podwright, ref, name), 'one');
    await apply(podwright, manifest(kind, name, 'two'));
    assert.equal(await running(podwright, ref, name), 'two');
    assert.deepEqual(await revisions(podwright, ref), [1, 2]);
    const first = await podwright(['rollout', 'history', ref, '--revision', '1']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, new RegExp(`^${kind.toLowerCase()}\\.apps/${name} with revision #1\\nPod Template:\\n`));
    assert.match(first.out, /VERSION:\s+one\n/);

    const undo = await podwright(['rollout', 'undo', ref]);
    assert.deepEqual([undo.code, undo.out], [0, `${kind.toLowerCase()}.apps/${name} rolled back\n`]);
    assert.equal(await running(podwright, ref, name), 'one');
    // The template that came back takes the next number, as upstream's ControllerRevisions do.
    assert.deepEqual(await revisions(podwright, ref), [2, 3]);
    const same = await podwright(['rollout', 'undo', ref, '--to-revision', '3']);
    assert.deepEqual([same.code, same.out], [0, `${kind.toLowerCase()}.apps/${name} skipped rollback (current template already matches revision 3)\n`]);
  });
}

test('set image rolls a new image out; the same image again says nothing; undo and apply set it back', { timeout: 240_000 }, async (t) => {
  const name = uniqueName('pw-image');
  const ref = `deploy/${name}`;
  t.after(() => podwright(['delete', ref, '--ignore-not-found']));
  await apply(podwright, manifest('Deployment', name, 'one'));
  /** The image the Deployment's only pod runs, once its rollout is complete. */
  const image = async () => {
    assert.equal(await running(podwright, ref, name), 'one');
    const pods = (await podwright(['get', 'pods', '-l', `app=${name}`, '-o', 'json'])).out;
    return (JSON.parse(pods) as { items: { status: { containerStatuses: { image: string }[] } }[] }).items[0].status.containerStatuses[0].image;
  };
  assert.equal(await image(), 'podwright-test/busybox:1');

  const set = await podwright(['set', 'image', ref, 'web=podwright-test/entrypoint:1']);
  assert.deepEqual([set.code, set.out, set.err], [0, `deployment.apps/${name} image updated\n`, '']);
  assert.equal(await image(), 'podwright-test/entrypoint:1');
  assert.deepEqual(await revisions(podwright, ref), [1, 2]);
  const again = await podwright(['set', 'image', ref, 'web=podwright-test/entrypoint:1']);
  assert.deepEqual([again.code, again.out], [0, '']);
  const missing = await podwright(['set', 'image', ref, 'db=podwright-test/busybox:1']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /unable to find container named "db"/);
  const job = await podwright(['set', 'image', `job/${name}`, 'web=podwright-test/busybox:1']);
  assert.equal(job.code, 2);
  assert.match(job.err, /jobs cannot be used here/);

  assert.equal((await podwright(['rollout', 'undo', ref])).code, 0);
  assert.equal(await image(), 'podwright-test/busybox:1');
  // The manifest names its image: an apply sets it again, over a set image, as kubectl apply does.
  assert.equal((await podwright(['set', 'image', ref, '*=podwright-test/entrypoint:1'])).code, 0);
  assert.equal(await image(), 'podwright-test/entrypoint:1');
  assert.match(await apply(podwright, manifest('Deployment', name, 'one')), /configured/);
  assert.equal(await image(), 'podwright-test/busybox:1');
});
