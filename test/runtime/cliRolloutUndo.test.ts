// `podwright rollout history|undo` on a Deployment run by the background controller manager: two
// revisions, a rollback to the first (which becomes revision 3, as upstream numbers a template that
// comes back), the pods running its template again, and the refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { sleeperDeployment, uniqueName } from './helpers';

const podwright = cliHarness('podwright-undo');

/** The sleeper Deployment with a VERSION in its container's env: each version a template of its own. */
const deployment = (name: string, version: string) =>
  sleeperDeployment(name).replace('        imagePullPolicy: Never\n', `        imagePullPolicy: Never\n        env: [{name: VERSION, value: "${version}"}]\n`);

test('rollout history lists the revisions; undo goes back to the previous template, which rolls out as revision 3', { timeout: 240_000 }, async (t) => {
  const name = uniqueName('pw-undo');
  t.after(() => podwright(['delete', `deploy/${name}`, '--ignore-not-found']));
  const rollOut = async (version: string) => {
    writeFileSync(join(podwright.work, 'deploy.yaml'), deployment(name, version));
    const applied = await podwright(['apply', '-f', 'deploy.yaml']);
    assert.equal(applied.code, 0, applied.err);
    const status = await podwright(['rollout', 'status', `deploy/${name}`, '--timeout', '90']);
    assert.equal(status.code, 0, status.err);
  };
  /** The VERSION the Deployment's only running pod has, once the old one has gone. */
  const running = async () => {
    const status = await podwright(['rollout', 'status', `deploy/${name}`, '--timeout', '90']);
    assert.equal(status.code, 0, status.err);
    const pods = (await podwright(['get', 'pods', '-l', `app=${name}`, '-o', 'name'])).out.trim().split('\n');
    assert.equal(pods.length, 1, pods.join(', '));
    return (await podwright(['exec', pods[0].replace('pod/', ''), '--', 'sh', '-c', 'echo $VERSION'])).out.trim();
  };
  await rollOut('one');
  await rollOut('two');
  const history = await podwright(['rollout', 'history', `deployment/${name}`]);
  assert.deepEqual([history.code, history.out], [0, `deployment.apps/${name} \nREVISION   CHANGE-CAUSE\n1          <none>\n2          <none>\n\n`]);

  const undo = await podwright(['rollout', 'undo', `deploy/${name}`]);
  assert.deepEqual([undo.code, undo.out], [0, `deployment.apps/${name} rolled back\n`]);
  assert.equal(await running(), 'one');
  const after = await podwright(['rollout', 'history', `deploy/${name}`]);
  assert.match(after.out, /\nREVISION {3}CHANGE-CAUSE\n2 {10}<none>\n3 {10}<none>\n/);

  const same = await podwright(['rollout', 'undo', `deploy/${name}`, '--to-revision', '3']);
  assert.deepEqual([same.code, same.out], [0, `deployment.apps/${name} skipped rollback (current template already matches revision 3)\n`]);
  const missing = await podwright(['rollout', 'undo', `deploy/${name}`, '--to-revision', '9']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /unable to find specified revision 9 in history/);
  const job = await podwright(['rollout', 'undo', `job/${name}`]);
  assert.equal(job.code, 2);
  assert.match(job.err, /jobs cannot be used here \(only deployments, statefulsets, daemonsets\)/);
});
