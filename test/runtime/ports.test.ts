// Published ports on 127.0.0.1: hostPort, every containerPort with publishAll, and a host port
// already taken (a clear message, nothing left).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:net';
import { get } from 'node:http';
import { planManifest } from '../../runtime/src/plan';
import { cleanup, fixture, newRuntime, objectsLeft, uniqueName } from './helpers';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

async function freePort(): Promise<number> {
  const s = await listen();
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function httpGetWhenUp(port: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await httpGet(port);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

test('hostPort and publishAll ports answer on 127.0.0.1', async (t) => {
  const runtime = newRuntime();
  const hostPort = await freePort();
  const name = uniqueName('pw-ports');
  const { plans } = planManifest(fixture('ports.yaml', name).replace('hostPort: 31080', `hostPort: ${hostPort}`), 'ports.yaml');
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans[0], { supervise: 'none', publishAll: true });
  assert.equal(result.outcome, 'Running', result.message);
  const ports = result.status?.ports ?? [];
  const web = ports.find((p) => p.containerPort === 8080);
  const other = ports.find((p) => p.containerPort === 9090);
  assert.deepEqual(web, { containerPort: 8080, hostIP: '127.0.0.1', hostPort, protocol: 'TCP' });
  assert.ok(other && other.hostIP === '127.0.0.1' && other.hostPort > 0, JSON.stringify(ports));
  assert.equal(await httpGetWhenUp(hostPort), 'from-pod\n');
  assert.equal(await httpGetWhenUp(other.hostPort), 'other\n');
});

test('a host port already taken: refused with a clear message, nothing left', async (t) => {
  const runtime = newRuntime();
  const blocker = await listen();
  t.after(() => new Promise((r) => blocker.close(r)));
  const taken = (blocker.address() as { port: number }).port;
  const name = uniqueName('pw-taken');
  const { plans } = planManifest(fixture('ports.yaml', name).replace('hostPort: 31080', `hostPort: ${taken}`), 'ports.yaml');
  t.after(() => cleanup(runtime, plans));
  const result = await runtime.run(plans[0], { supervise: 'none' });
  assert.equal(result.outcome, 'Failed');
  assert.match(result.message, new RegExp(`^PortInUse: host port ${taken} is already in use on this machine`));
  assert.deepEqual(await objectsLeft(plans[0].uid), { containers: 0, volumes: 0 });
});
