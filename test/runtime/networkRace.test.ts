// One network per namespace, whatever runs at once: two processes of one state folder making the
// namespace's network at the same moment (`apply` and its controller manager, two `run`s) made two
// networks of one name, after which the engine refused the name as ambiguous for every pod of the
// namespace, and a leftover pair failed the making of any other cluster's network too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { networkName } from '../../runtime/src/network';
import { cliHarness } from './cliHarness';
import { engine, sleeperPod, uniqueName } from './helpers';


const named = async (name: string) => (await engine().listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);

/** A fresh cluster (state folder) whose id is known before anything runs. */
function cluster(prefix: string) {
  const cli = cliHarness(prefix);
  const id = crypto.randomUUID();
  mkdirSync(join(cli.stateDir, 'objects'), { recursive: true });
  writeFileSync(join(cli.stateDir, 'objects', 'cluster-id'), id);
  return { cli, id, network: networkName(id, 'default') };
}

test('two processes starting the first pods of a namespace at once make one network', { timeout: 120_000 }, async (t) => {
  for (let round = 0; round < 3; round++) {
    const { cli, network } = cluster(`podwright-race-${round}`);
    const names = [uniqueName('pw-race'), uniqueName('pw-race')];
    t.after(async () => {
      for (const n of names) await cli(['stop', n, '--timeout', '0']);
      for (const n of await named(network)) await engine().getNetwork(n.Id).remove().catch(() => undefined);
    });
    names.forEach((n) => writeFileSync(join(cli.work, `${n}.yaml`), sleeperPod(n)));
    const runs = await Promise.all(names.map((n) => cli(['run', `${n}.yaml`])));
    for (const r of runs) assert.equal(r.code, 0, r.err);
    assert.equal((await named(network)).length, 1, `round ${round}: one network named ${network}`);
  }
});

test('two networks of one name left from before are made one, and the pod starts', { timeout: 120_000 }, async (t) => {
  const { cli, id, network } = cluster('podwright-twins');
  const name = uniqueName('pw-twins');
  t.after(async () => {
    await cli(['stop', name, '--timeout', '0']);
    for (const n of await named(network)) await engine().getNetwork(n.Id).remove().catch(() => undefined);
  });
  // As two processes made them: the engine's CheckDuplicate is no lock.
  const labels = { 'io.podwright.network.cluster': id, 'io.podwright.network.namespace': 'default', 'io.podwright.network.state-dir': cli.stateDir };
  for (let i = 0; i < 2; i++) await engine().createNetwork({ Name: network, CheckDuplicate: false, Labels: labels });
  assert.equal((await named(network)).length, 2);
  writeFileSync(join(cli.work, 'pod.yaml'), sleeperPod(name));
  const run = await cli(['run', 'pod.yaml']);
  assert.equal(run.code, 0, run.err);
  assert.equal((await named(network)).length, 1);
});
