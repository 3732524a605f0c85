// ConfigMap, Secret and downwardAPI volumes and env from documents of the same file, and
// Kubernetes command/args semantics against an image with ENTRYPOINT and CMD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execIn, newRuntime, objectsLeft, planFixture } from './helpers';

test('configMap/secret/downwardAPI files and env; command replaces ENTRYPOINT, args replaces CMD', async (t) => {
  const runtime = newRuntime();
  const plan = planFixture(t, runtime, 'config-and-secret.yaml', 'pw-config');
  const result = await runtime.run(plan, { supervise: 'none' });
  assert.equal(result.outcome, 'Running', result.message);

  const pod = await runtime.pod(plan);
  const logs = async (c: string) => {
    let out = '';
    await runtime.logs(pod, { container: c }, (line) => (out += line.text));
    return out;
  };
  assert.equal(await logs('args-only'), 'entrypoint from-args production\n');
  assert.equal(await logs('command-only'), 'from-command\n');
  assert.equal(await logs('image-defaults'), 'entrypoint cmd\n');

  const files = await execIn(runtime, plan, 'app', ['sh', '-c', 'pwd; cat conf/app.conf; stat -c "%a %n" conf/app.conf /etc/secret/password /etc/secret/user; cat /etc/secret/password; echo; cat /etc/secret/user; echo; cat /etc/podinfo/labels; ls /etc/app']);
  assert.equal(
    files.out,
    ['/etc/app', 'listen 8080', '400 conf/app.conf', '440 /etc/secret/password', '440 /etc/secret/user', 's3cr3t', 'admin', 'tier="backend"', 'conf', ''].join('\n'),
  );
  // Mounted read-only, as the kubelet mounts configMap and secret volumes.
  const write = await execIn(runtime, plan, 'app', ['sh', '-c', 'echo x > /etc/secret/new']);
  assert.notEqual(write.code, 0);

  const env = await execIn(runtime, plan, 'app', ['sh', '-c', 'echo "$PASSWORD|$CFG_mode"']);
  assert.equal(env.out, 's3cr3t|production\n');

  await runtime.stop(plan.uid);
  assert.deepEqual(await objectsLeft(plan.uid), { containers: 0, volumes: 0 });
});
