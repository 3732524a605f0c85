// The engine going away mid-run, simulated without touching the shared engine: the runtime talks
// to it through a socket proxy that the test cuts while the pod is starting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isRuntimeError, planManifest, PodRuntime } from '../../runtime/src';
import { removePodObjects } from '../../runtime/src/remove';
import { failureText } from '../../cli/src/words';
import { failureWords } from '../../client/src/flows/words';
import { engineProxy } from './engineProxy';
import { engine, fixture, newRuntime, objectsLeft, uniqueName, waitFor } from './helpers';

/**
 * A socket in front of the engine's. `cutAt`: the engine "goes away" as a request matching it is
 * sent: that request never reaches the engine, and every connection is cut.
 */
function proxy(path: string, cutAt?: RegExp): { server: Server; cut(): Promise<void> } {
  let cutting: Promise<void> | undefined;
  const cut = () =>
    (cutting ??= new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }));
  const { server, sockets } = engineProxy(path, (upstream) => (chunk) => {
    if (cutAt?.test(chunk.toString('latin1', 0, 200))) void cut();
    else upstream.write(chunk);
  });
  return { server, cut };
}

test('the engine stops answering while a pod starts: a clear message, and stop cleans up once it is back', async (t) => {
  const sock = join(mkdtempSync(join(tmpdir(), 'podwright-proxy-')), 'docker.sock');
  const p = proxy(sock);
  const runtime = new PodRuntime({ dockerHost: `unix://${sock}`, stateDir: mkdtempSync(join(tmpdir(), 'podwright-state-')) });
  const name = uniqueName('pw-lost');
  const { plans } = planManifest(fixture('slow-init.yaml', name), 'slow-init.yaml');
  const direct = newRuntime();
  t.after(async () => {
    await p.cut();
    await removePodObjects(engine(), plans[0].uid);
    rmSync(dirname(sock), { recursive: true, force: true });
  });
  const running = runtime.run(plans[0], { supervise: 'none', timeoutMs: 30_000 });
  // Cut the engine off once the init container runs (the pod is half made).
  await waitFor('the init container running', async () => ((await direct.list()).find((x) => x.uid === plans[0].uid)?.status === 'Init:0/1' ? true : undefined));
  await p.cut();
  // A result instead of the rejection fails the test with what run reported.
  const outcome = running.then((r) => {
    throw new Error(`run resolved: ${JSON.stringify(r).slice(0, 400)}`);
  });
  await assert.rejects(outcome, (e: unknown) => {
    assert.ok(isRuntimeError(e, 'EngineUnreachable'), String(e));
    assert.deepEqual([e.failure.address, e.failure.starting], [`unix://${sock}`, { name, namespace: 'default' }]);
    // Each front end words it for its own reader: a command for the terminal, the Pods view in VS Code.
    const facts = `Cannot reach the Docker engine at unix://${sock}: is it running? (start it with \`sudo systemctl start docker\` or \`dockerd\`); pod '${name}' was being started and may be half made`;
    assert.equal(e.message, facts);
    assert.equal(failureText(e.failure), `${facts}: once the engine answers, \`podwright stop ${name}\` removes what was created.`);
    assert.equal(failureWords(e.failure), `${facts}. Once the engine answers, stop pod ${name} from the Pods view to remove what was created.`);
    return true;
  });
  // The engine "is back" (the direct socket): stop by name finds the pod by its labels and removes it.
  const pod = (await direct.list()).find((x) => x.name === name);
  assert.ok(pod, 'the half-made pod is visible through its labels');
  await direct.stop(pod.uid, { timeoutSeconds: 0 });
  assert.deepEqual(await objectsLeft(plans[0].uid), { containers: 0, volumes: 0 });
});

test('the engine goes away as the infra container is started: unreachable, not a sandbox failure', async (t) => {
  const sock = join(mkdtempSync(join(tmpdir(), 'podwright-proxy-')), 'docker.sock');
  // The first container started is the infra container (the others start once it runs).
  const p = proxy(sock, /^POST (\/v[\d.]+)?\/containers\/[^/ ]+\/start/);
  const runtime = new PodRuntime({ dockerHost: `unix://${sock}`, stateDir: mkdtempSync(join(tmpdir(), 'podwright-state-')) });
  const name = uniqueName('pw-lost-sandbox');
  const { plans } = planManifest(fixture('slow-init.yaml', name), 'slow-init.yaml');
  t.after(async () => {
    await p.cut();
    await removePodObjects(engine(), plans[0].uid);
    rmSync(dirname(sock), { recursive: true, force: true });
  });
  const outcome = runtime.run(plans[0], { supervise: 'none', timeoutMs: 30_000 }).then((r) => {
    throw new Error(`run resolved: ${JSON.stringify(r).slice(0, 400)}`);
  });
  await assert.rejects(outcome, (e: unknown) => {
    assert.ok(isRuntimeError(e, 'EngineUnreachable'), String(e));
    assert.deepEqual([e.failure.address, e.failure.starting], [`unix://${sock}`, { name, namespace: 'default' }]);
    return true;
  });
  // What was made before the cut keeps its labels: a stop through the engine's own socket removes it.
  const direct = newRuntime();
  const pod = await waitFor('the half-made pod', async () => (await direct.list()).find((x) => x.name === name));
  await direct.stop(pod.uid, { timeoutSeconds: 0 });
  assert.deepEqual(await objectsLeft(plans[0].uid), { containers: 0, volumes: 0 });
});
