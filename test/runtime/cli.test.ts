// The command line as a person uses it: `node bin/podwright.js run|ps|logs|exec|stop`, exit codes,
// `ps --format json`, and the background supervisor that keeps restarting after `run` exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, StateStore } from '../../runtime/src/state';
import { LABEL } from '../../runtime/src/labels';
import { cliHarness } from './cliHarness';
import { engine, fixture, objectsLeft, uniqueName, waitFor } from './helpers';

const cli = cliHarness('podwright-cli');
const { stateDir, work } = cli;
const podwright = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) => cli(args, env, input);

function write(file: string, name: string): string {
  writeFileSync(join(work, file), fixture(file, name));
  return file;
}

interface PsJson {
  pods: { name: string; phase: string; status: string; ready: string; restarts: number; containers: { name: string; role: string; state: string; reason: string | null; exitCode: number | null; restarts: number; ready: boolean; image: string }[]; ports: unknown[] }[];
}

async function ps(): Promise<PsJson> {
  const r = await podwright(['ps', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as PsJson;
}

test('run, ps --format json, logs, exec, run again, stop', async (t) => {
  const name = uniqueName('pw-cli');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  const file = write('config-and-secret.yaml', name);
  const run = await podwright(['run', file]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, new RegExp(`pod/${name}: pod '${name}' is running \\(1/1 ready\\)`));
  assert.match(run.out, /Started +app: Started container app/);
  // FILE was given relative to the working folder: the pod records it absolute, so that Restart
  // and Reveal Manifest find it from any folder.
  const labelled = await engine().listContainers({ all: true, filters: { label: [`${LABEL.pod}=${name}`] } });
  assert.ok(labelled.length > 0);
  assert.deepEqual([...new Set(labelled.map((c) => c.Labels[LABEL.manifest]))], [join(work, file)]);

  const pod = (await ps()).pods.find((p) => p.name === name);
  assert.ok(pod);
  assert.deepEqual({ ...pod, containers: pod.containers.map((c) => [c.name, c.role, c.state, c.reason, c.exitCode, c.restarts, c.ready, c.image]) }, {
    name,
    namespace: 'default',
    phase: 'Running',
    status: 'Running',
    ready: '1/1',
    restarts: 0,
    owner: null,
    containers: [
      ['args-only', 'init', 'terminated', 'Completed', 0, 0, false, 'podwright-test/entrypoint:1'],
      ['command-only', 'init', 'terminated', 'Completed', 0, 0, false, 'podwright-test/entrypoint:1'],
      ['image-defaults', 'init', 'terminated', 'Completed', 0, 0, false, 'podwright-test/entrypoint:1'],
      ['app', 'app', 'running', null, null, 0, true, 'podwright-test/busybox:1'],
    ],
    ports: [],
  });

  const logs = await podwright(['logs', name, '-c', 'args-only']);
  assert.deepEqual([logs.code, logs.out], [0, 'entrypoint from-args production\n']);
  // Every container, in the pod's order (init containers first), each line tagged as kubectl's --prefix does.
  const all = await podwright(['logs', name, '--all-containers', '--prefix']);
  assert.deepEqual([all.code, all.out], [0, [`[pod/${name}/args-only] entrypoint from-args production`, `[pod/${name}/command-only] from-command`, `[pod/${name}/image-defaults] entrypoint cmd`, ''].join('\n')]);
  const both = await podwright(['logs', name, '--all-containers', '-c', 'app']);
  assert.equal(both.code, 2);
  assert.match(both.err, /--all-containers and -c name the containers twice/);
  const exec = await podwright(['exec', name, '--', 'sh', '-c', 'cat /etc/secret/user; exit 4']);
  assert.deepEqual([exec.code, exec.out], [4, 'admin']);
  const piped = await podwright(['exec', name, '-i', '--', 'sh', '-c', 'tr a-z A-Z; exit 6'], {}, 'through stdin\n');
  assert.deepEqual([piped.code, piped.out], [6, 'THROUGH STDIN\n']);
  const again = await podwright(['run', file]);
  assert.equal(again.code, 1);
  assert.match(again.err, new RegExp(`pod '${name}' is already running in namespace 'default' \\(Running\\); use --replace`));

  const stop = await podwright(['stop', name]);
  assert.deepEqual([stop.code, stop.out], [0, `pod/${name} stopped\n`]);
  assert.equal((await ps()).pods.find((p) => p.name === name), undefined);
  const missing = await podwright(['stop', name]);
  assert.deepEqual([missing.code, missing.err], [1, `podwright stop: no pod named '${name}'.\n`]);
});

test('run returns at Running, run --wait at Ready; --wait with a timeout says what it waited for', async (t) => {
  const name = uniqueName('pw-cli-ready');
  t.after(async () => {
    await podwright(['stop', name, '--timeout', '0']);
    await podwright(['stop', `${name}-w`, '--timeout', '0']);
    await podwright(['stop', `${name}-t`, '--timeout', '0']);
  });
  const run = await podwright(['run', write('slow-ready.yaml', name)]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, new RegExp(`pod/${name}: pod '${name}' is running \\(0/1 ready\\)`));
  const waited = await podwright(['run', '--wait', write('slow-ready.yaml', `${name}-w`)]);
  assert.equal(waited.code, 0, waited.err);
  assert.match(waited.out, new RegExp(`pod/${name}-w: pod '${name}-w' is ready \\(1/1 ready\\)`));
  assert.equal((await ps()).pods.find((p) => p.name === `${name}-w`)?.ready, '1/1');
  const late = await podwright(['run', '--wait', '--timeout', '1', write('slow-ready.yaml', `${name}-t`)]);
  assert.equal(late.code, 1);
  assert.match(late.err, new RegExp(`pod/${name}-t: pod '${name}-t' did not become Ready within 1 s`));
});

test('a crash loop: run --wait exits 1, the background supervisor keeps restarting, stop ends it', async (t) => {
  const name = uniqueName('pw-cli-crash');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  const run = await podwright(['run', '--wait', write('crash-loop.yaml', name)]);
  assert.equal(run.code, 1);
  assert.match(run.err, new RegExp(`pod/${name}: pod '${name}' is not running: container 'crasher' is in CrashLoopBackOff \\(last exit code 3\\)`));
  // `run` has exited; restarts go on in the background process it left.
  const restarted = await waitFor('restarts in the background', async () => {
    const p = (await ps()).pods.find((x) => x.name === name);
    // Seen between two runs (not right after a restart), so that the last exit code shows.
    return p && p.restarts >= 2 && p.containers[0].state !== 'running' ? p : undefined;
  }, 20_000, 250);
  assert.equal(restarted.containers[0].exitCode, 3);
  const store = new StateStore(stateDir);
  const state = store.all().find((s) => s.name === name);
  const pid = state?.supervisorPid;
  assert.ok(pid && isAlive(pid), 'a background supervisor runs');
  // The background supervisor dies (a kill, a reboot): the next `ps` starts another one.
  process.kill(pid, 'SIGKILL');
  await waitFor('the supervisor to die', async () => (isAlive(pid) ? undefined : true), 5_000);
  const seen = (await ps()).pods.find((x) => x.name === name)?.restarts ?? 0;
  const successor = await waitFor('a new supervisor', async () => {
    const p = store.all().find((s) => s.name === name)?.supervisorPid;
    return p && p !== pid && isAlive(p) ? p : undefined;
  }, 10_000);
  await waitFor('restarts to go on', async () => (((await ps()).pods.find((x) => x.name === name)?.restarts ?? 0) > seen ? true : undefined), 20_000, 250);
  const stop = await podwright(['stop', name, '--timeout', '0']);
  assert.equal(stop.code, 0, stop.err);
  await waitFor('the supervisor to exit', async () => (isAlive(successor) ? undefined : true), 10_000);
  assert.deepEqual(await objectsLeft(state?.uid), { containers: 0, volumes: 0 });
});

test('a manifest with errors: exit 1, file:line:col messages, nothing created', async () => {
  const file = write('errors.yaml', uniqueName('pw-cli-errors'));
  const r = await podwright(['run', file]);
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    [
      "errors.yaml:10:7: containers[1] ('app') needs an image. [containers]",
      "errors.yaml:10:13: Container name 'app' is already used by containers[0]; names must be unique across init, regular and ephemeral containers. [containers]",
      'podwright run: errors.yaml was refused (2 problems); nothing was created.',
      '',
    ].join('\n'),
  );
});

test('host access is refused with each field and the flag that allows it; two namespaces of one name need NAMESPACE/NAME', async () => {
  const name = uniqueName('pw-cli-host');
  const pod = (ns: string, extra: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  containers:\n  - name: app\n    image: podwright-test/busybox:1\n    imagePullPolicy: Never\n${extra}`;
  writeFileSync(join(work, 'twins.yaml'), `${pod('one', '    securityContext: {capabilities: {add: [SYS_ADMIN]}}\n')}---\n${pod('two', '    ports: [{containerPort: 80, hostPort: 38473, hostIP: 0.0.0.0}]\n')}`);
  const r = await podwright(['run', 'twins.yaml', '--pod', `one/${name}`]);
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    [
      "spec.containers[0].securityContext.capabilities.add[0]: capability SYS_ADMIN for container 'app' reaches the host. Run with --allow-host-access to allow it.",
      'podwright run: twins.yaml was refused (1 problem); nothing was created.',
      '',
    ].join('\n'),
  );
  const ambiguous = await podwright(['run', 'twins.yaml', '--pod', name]);
  assert.equal(ambiguous.code, 1);
  assert.match(ambiguous.err, new RegExp(`^twins\\.yaml: pods named '${name}' are in several namespaces of this file \\(one, two\\)\\. Choose one with --pod NAMESPACE/NAME\\.`));
  assert.equal((await ps()).pods.find((p) => p.name === name), undefined, 'nothing was created');
});

test('stop --force gives no grace period: a pod that ignores SIGTERM with 120 s of grace goes at once', { timeout: 60_000 }, async () => {
  const name = uniqueName('pw-cli-force');
  writeFileSync(
    join(work, 'stubborn.yaml'),
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  terminationGracePeriodSeconds: 120\n  containers:\n  - name: app\n    image: podwright-test/busybox:1\n    imagePullPolicy: Never\n    command: [sleep, '3600']\n`,
  );
  assert.equal((await podwright(['run', 'stubborn.yaml'])).code, 0);
  const stop = await podwright(['stop', '--force', name]);
  assert.deepEqual([stop.code, stop.out], [0, `pod/${name} stopped\n`]);
  assert.equal((await ps()).pods.find((p) => p.name === name), undefined);
});

test('engine unreachable: exit 2 and how to start it; usage errors: exit 2', async () => {
  const r = await podwright(['ps'], { DOCKER_HOST: 'unix:///tmp/podwright-no-engine.sock' });
  assert.equal(r.code, 2);
  assert.equal(r.err, 'podwright ps: Cannot reach the Docker engine at unix:///tmp/podwright-no-engine.sock: is it running? (start it with `sudo systemctl start docker` or `dockerd`)\n');
  const usage = await podwright(['run']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /^podwright run: expected exactly one FILE/);
  const bad = await podwright(['stop']);
  assert.equal(bad.code, 2);
  // A usage error is reported as such even when the engine is down.
  const both = await podwright(['exec', 'pod'], { DOCKER_HOST: 'unix:///tmp/podwright-no-engine.sock' });
  assert.equal(both.code, 2);
  assert.match(both.err, /^podwright exec: expected a command after --/);
});
