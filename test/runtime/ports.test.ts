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
  // One line: which port, where, and that no container holds it.
  assert.equal(result.message, `PortInUse: host port ${taken} on 127.0.0.1 is already in use by a program on this machine (not a container); free it or change hostPort.`);
  assert.deepEqual([result.failure?.reason, result.failure?.port], ['PortInUse', taken]);
  assert.deepEqual(await objectsLeft(plans[0].uid), { containers: 0, volumes: 0 });
});

test('a host port another pod publishes: the message names that pod', async (t) => {
  const runtime = newRuntime();
  const first = uniqueName('pw-holder');
  const second = uniqueName('pw-second');
  const [holder] = planManifest(fixture('ports.yaml', first).replace('hostPort: 31080', 'hostPort: 31081'), 'ports.yaml').plans;
  const [late] = planManifest(fixture('ports.yaml', second).replace('hostPort: 31080', 'hostPort: 31081'), 'ports.yaml').plans;
  t.after(() => cleanup(runtime, [holder, late]));
  assert.equal((await runtime.run(holder, { supervise: 'none' })).outcome, 'Running');
  const result = await runtime.run(late, { supervise: 'none' });
  assert.equal(result.message, `PortInUse: host port 31081 on 127.0.0.1 is already in use by pod '${first}'; stop it, or change hostPort.`);
  assert.deepEqual(await objectsLeft(late.uid), { containers: 0, volumes: 0 });
});
