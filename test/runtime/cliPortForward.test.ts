// `podwright port-forward` as kubectl users run it, on real containers: a local port that reaches a
// pod's port (by the pod, and by a Service's named port to its targetPort), until Ctrl+C, or until
// the pod is gone; a port in use and an address beyond loopback are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { parseMapping } from '../../cli/src/commands/portForward';
import { cliHarness } from './cliHarness';
import { ROOT, uniqueName, waitFor } from './helpers';

const podwright = cliHarness('podwright-forward');

const manifest = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'mkdir -p /www && echo "hello from $HOSTNAME" > /www/index.html && exec httpd -f -p 8080 -h /www']
    ports: [{containerPort: 8080, name: http}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{name: web, port: 80, targetPort: http}]
`;

/** A running `podwright port-forward`: its output so far, its exit, and the local port it listens on. */
function forward(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'podwright.js'), 'port-forward', ...args], { cwd: podwright.work, env: { ...process.env, PODWRIGHT_STATE_DIR: podwright.stateDir } });
  const run = { out: '', err: '', child, exited: new Promise<number | null>((r) => child.on('close', (code) => r(code))) };
  child.stdout.on('data', (d) => (run.out += d));
  child.stderr.on('data', (d) => (run.err += d));
  const port = () => waitFor('Forwarding from …', async () => Number(/^Forwarding from 127\.0\.0\.1:(\d+) -> \d+$/m.exec(run.out)?.[1]) || undefined, 20_000, 100);
  return { ...run, port, get output() { return run.out; }, get errors() { return run.err; } };
}

const fetchText = (port: number) =>
  new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

test('port-forward to a pod and to a Service; Ctrl+C ends it, the pod going ends it with 1', { timeout: 120_000 }, async (t) => {
  const name = uniqueName('pw-fwd');
  const file = join(podwright.work, `${name}.yaml`);
  writeFileSync(file, manifest(name));
  t.after(() => podwright(['delete', '-f', file, '--ignore-not-found']));
  const applied = await podwright(['apply', '-f', file]);
  assert.equal(applied.code, 0, applied.err);
  await waitFor('the pod Ready', async () => ((await podwright(['get', 'pod', name])).out.includes(' 1/1 ') ? true : undefined), 60_000, 300);

  const byPod = forward([`pod/${name}`, ':8080']);
  t.after(() => byPod.child.kill('SIGKILL'));
  const local = await byPod.port();
  assert.equal(await fetchText(local), `hello from ${name}\n`);
  assert.match(byPod.output, /^Handling connection for \d+$/m);
  // The same local port again: taken, and said so.
  const taken = await podwright(['port-forward', name, `${local}:8080`]);
  assert.deepEqual([taken.code, taken.err], [1, `podwright port-forward: unable to listen on 127.0.0.1:${local}: the port is in use\n`]);
  byPod.child.kill('SIGINT');
  assert.equal(await byPod.exited, 0, byPod.errors);

  // A Service's port by name, forwarded to its targetPort (named http: 8080) on a Ready pod.
  const bySvc = forward([`svc/${name}`, ':web']);
  t.after(() => bySvc.child.kill('SIGKILL'));
  const port = await bySvc.port();
  assert.match(bySvc.output, new RegExp(`^Forwarding from 127\\.0\\.0\\.1:${port} -> 8080$`, 'm'));
  assert.equal(await fetchText(port), `hello from ${name}\n`);

  // The pod goes: the next connection fails, and the forward ends, as kubectl's does.
  await podwright(['delete', '-f', file]);
  await fetchText(port).catch(() => '');
  assert.equal(await bySvc.exited, 1);
  assert.match(bySvc.errors, new RegExp(`lost connection to pod ${name}\\n$`));
});

test('port-forward refuses an address beyond loopback and bad ports (2), and a pod that is not there (1)', async () => {
  const name = uniqueName('pw-fwd-none');
  // Usage errors come before the engine is asked: 2.
  for (const args of [[`pod/${name}`, '8080', '--address', '0.0.0.0'], [`pod/${name}`, 'abc'], [`pod/${name}`, '99999'], [`pod/${name}`]]) {
    assert.equal((await podwright(['port-forward', ...args])).code, 2, args.join(' '));
  }
  const missing = await podwright(['port-forward', name, '18080:80']);
  assert.equal(missing.code, 1, missing.err);
});

test('parseMapping reads kubectl port specs', () => {
  assert.deepEqual(parseMapping('8080:80'), { local: 8080, remote: 80 });
  assert.deepEqual(parseMapping('5432'), { local: 5432, remote: 5432 });
  assert.deepEqual(parseMapping(':80'), { local: 0, remote: 80 });
  assert.deepEqual(parseMapping('8080:http'), { local: 8080, remote: 'http' });
  assert.throws(() => parseMapping('0'), /ports go from 1 to 65535/);
  assert.throws(() => parseMapping(':'), /is not LOCAL:REMOTE/);
});
