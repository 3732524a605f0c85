// `podwright cp` both ways on a real container: a folder in and out again, one file out, a link in the
// container left out and named, a stopped container's files still readable, and what is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHarness } from './cliHarness';
import { uniqueName } from './helpers';

const podwright = cliHarness('podwright-cp');

test('cp a folder into a container and back, a file out, a link left out; a stopped container still gives its files', { timeout: 150_000 }, async (t) => {
  const name = uniqueName('pw-cp');
  t.after(() => podwright(['stop', name, '--timeout', '0']));
  // The app writes a file and a link, then exits: its files are copied out after it stopped.
  writeFileSync(
    join(podwright.work, 'pod.yaml'),
    `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: podwright-test/busybox:1
    imagePullPolicy: Never
    command: [sh, -c, 'echo "crash report" > /tmp/report.txt; ln -s /etc/passwd /tmp/pw; trap "exit 0" TERM; while [ ! -e /tmp/stop ]; do sleep 0.2; done']
`,
  );
  const run = await podwright(['run', 'pod.yaml', '--wait']);
  assert.equal(run.code, 0, run.err);

  mkdirSync(join(podwright.work, 'site', 'sub'), { recursive: true });
  writeFileSync(join(podwright.work, 'site', 'index.html'), '<h1>hi</h1>\n');
  writeFileSync(join(podwright.work, 'site', 'sub', 'a.txt'), 'a\n');
  const into = await podwright(['cp', 'site', `${name}:/tmp/copied`]);
  assert.deepEqual([into.code, into.err], [0, '']);
  const cat = await podwright(['exec', name, '--', 'cat', '/tmp/copied/index.html', '/tmp/copied/sub/a.txt']);
  assert.equal(cat.out, '<h1>hi</h1>\na\n');

  const back = await podwright(['cp', `default/${name}:/tmp/copied`, 'back']);
  assert.deepEqual([back.code, back.err], [0, '']);
  assert.equal(readFileSync(join(podwright.work, 'back', 'sub', 'a.txt'), 'utf8'), 'a\n');
  // A DEST ending in / is a folder the copy goes into.
  const intoFolder = await podwright(['cp', 'site', `${name}:/tmp/`]);
  assert.equal(intoFolder.code, 0, intoFolder.err);
  assert.equal((await podwright(['exec', name, '--', 'cat', '/tmp/site/sub/a.txt'])).out, 'a\n');
  const outFolder = await podwright(['cp', `${name}:/etc/hostname`, 'etc/']);
  assert.equal(outFolder.code, 0, outFolder.err);
  assert.equal(readFileSync(join(podwright.work, 'etc', 'hostname'), 'utf8').trim(), name);
  const hostname = await podwright(['cp', `${name}:/etc/hostname`, 'hostname.txt']);
  assert.equal(hostname.code, 0, hostname.err);
  assert.equal(readFileSync(join(podwright.work, 'hostname.txt'), 'utf8').trim(), name);

  // The app stops; its container is kept, and its files with it.
  await podwright(['exec', name, '--', 'touch', '/tmp/stop']);
  const tmp = await (async () => {
    for (let i = 0; i < 100; i++) {
      const ps = await podwright(['get', 'pods', name, '-o', 'name']);
      const phase = await podwright(['get', 'pod', name, '-o', 'json']);
      if (ps.code === 0 && /"phase": "Succeeded"/.test(phase.out)) return podwright(['cp', `${name}:/tmp`, 'tmp']);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the pod did not succeed');
  })();
  assert.equal(tmp.code, 0, tmp.err);
  assert.equal(readFileSync(join(podwright.work, 'tmp', 'report.txt'), 'utf8'), 'crash report\n');
  assert.equal(existsSync(join(podwright.work, 'tmp', 'pw')), false);
  assert.equal(tmp.err, 'podwright cp: left out tmp/pw: a link (to /etc/passwd), not copied\n');

  const missing = await podwright(['cp', `${name}:/nope`, 'x']);
  assert.deepEqual([missing.code, missing.err], [1, 'podwright cp: /nope: no such file or folder in the container\n']);
  const noSource = await podwright(['cp', 'nothing-here', `${name}:/tmp/x`]);
  assert.deepEqual([noSource.code, noSource.err], [1, 'podwright cp: nothing-here: no such file or folder\n']);
  const noPod = await podwright(['cp', 'nobody:/etc/hostname', 'x']);
  assert.equal(noPod.code, 1);
  const usage = await podwright(['cp', 'a', 'b']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /one of SRC and DEST must be POD:PATH/);
});
