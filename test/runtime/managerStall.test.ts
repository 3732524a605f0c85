// A controller-manager pass that waits on an engine call that never returns. The engine cannot be
// made to hang on purpose, so the manager talks to the real engine through a socket proxy that holds
// one request back until the test lets it go; everything else passes through to the real engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server, Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PodRuntime } from '../../runtime/src';
import { engineProxy } from './engineProxy';
import { FAST_BACKOFF, sleeperDeployment, uniqueName, waitFor } from './helpers';

/** Once armed, the next request whose first line matches `pattern` is held (with what follows on its connection) until release(). */
function holdingProxy(path: string): { server: Server; hold(pattern: RegExp): void; held(): boolean; release(): void } {
  let armed: RegExp | undefined;
  let holding: { upstream: Socket; chunks: Buffer[] } | undefined;
  const { server } = engineProxy(path, (upstream) => {
    let mine: Buffer[] | undefined;
    return (data) => {
      // One request per connection: a held request's connection is never reused for another.
      const chunk = Buffer.from(data.toString('latin1').replace(/\r\nConnection: keep-alive\r\n/i, '\r\nConnection: close\r\n'), 'latin1');
      if (!mine && armed?.test(chunk.toString('latin1', 0, 300).split('\r\n')[0])) {
        armed = undefined;
        mine = [];
        holding = { upstream, chunks: mine };
      }
      if (mine) mine.push(chunk);
      else upstream.write(chunk);
    };
  });
  return {
    server,
    hold: (pattern) => (armed = pattern),
    held: () => holding !== undefined,
    release: () => {
      if (!holding) return;
      for (const c of holding.chunks) holding.upstream.write(c);
      // Later data of that connection goes straight on.
      holding.chunks.push = (...c: Buffer[]) => {
        for (const x of c) holding?.upstream.write(x);
        return 0;
      };
    },
  };
}

test('a pass stuck on the engine is superseded: the log says where it waits, workloads go on, and the stale pass acts on nothing', { timeout: 120_000 }, async (t) => {
  const sock = join(mkdtempSync(join(tmpdir(), 'podwright-proxy-')), 'docker.sock');
  const proxy = holdingProxy(sock);
  const stateDir = mkdtempSync(join(tmpdir(), 'podwright-state-'));
  const runtime = new PodRuntime({ dockerHost: `unix://${sock}`, stateDir });
  const log: string[] = [];
  const manager = runtime.controllerManager({ backoff: FAST_BACKOFF, tickMs: 500, slowPassMs: 500, passDeadlineMs: 3000, log: (m) => log.push(m) });
  const name = uniqueName('pw-stall');
  t.after(async () => {
    proxy.release();
    await runtime.workloads.delete({ kind: 'Deployment', name, namespace: 'default' });
    await waitFor('the pods to go', async () => ((await runtime.list()).some((p) => p.name.startsWith(`${name}-`)) ? undefined : true), 60_000);
    await manager.stop();
    proxy.server.close();
    rmSync(dirname(sock), { recursive: true, force: true });
  });
  assert.equal(await manager.start(), true);
  await manager.nextPass();

  // The next pass's listing of the object records (volumes) gets no answer.
  proxy.hold(/^GET \/[^ ]*volumes/);
  manager.kick();
  await waitFor('the pass to be held', async () => (proxy.held() ? true : undefined), 10_000, 50);
  await waitFor('the slow pass in the log', async () => log.find((l) => /^pass \d+ still running after \d+ s, at: listing objects and pods$/.test(l)), 10_000, 100);

  // A Deployment applied meanwhile gets its pod: the stuck pass is superseded at its deadline.
  await runtime.workloads.apply(sleeperDeployment(name), `/tmp/${name}.yaml`, { allowHostAccess: false });
  await waitFor('the Deployment\'s pod to run', async () => ((await runtime.list()).find((p) => p.phase === 'Running' && p.name.startsWith(`${name}-`)) ? true : undefined), 60_000, 200).catch(async (e: Error) => {
    const pods = (await runtime.list()).map((p) => `${p.name} ${p.owner?.kind} ${p.phase}`);
    const objs = (await runtime.workloads.list()).map((v) => `${v.object.kind} ${v.object.metadata.name} ${JSON.stringify(v.status?.events)}`);
    throw new Error(`${e.message}; pods ${pods}; objects ${objs}; the manager's log: ${log.join('\n')}`);
  });
  assert.ok(log.some((l) => /^pass \d+ abandoned after \d+ s, at: listing objects and pods; the next pass starts afresh$/.test(l)), log.join('\n'));

  // The held listing now answers, with the Deployment in it but with the pods of before it: the
  // stale pass would make a second pod. It makes none.
  proxy.release();
  await manager.nextPass();
  await manager.nextPass();
  const { status } = await runtime.workloads.get({ kind: 'Deployment', name, namespace: 'default' });
  const created = status?.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message);
  assert.equal(created?.length, 1, JSON.stringify(created));
  assert.equal((await runtime.list()).filter((p) => p.name.startsWith(`${name}-`)).length, 1);
});
