// What a pod command loads before its first engine call: dockerode without the modules it needs
// only for ssh:// engines, BuildKit sessions and build contexts, and no analysis unless a manifest
// is planned. Each of these cost a pod command tens to hundreds of milliseconds of start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers';

test('a pod command loads dockerode with stand-ins for ssh2, gRPC, uuid and tar-fs, and no analysis', () => {
  // A fresh process, as `podwright stop` starts: which module each unused name resolves to in
  // dockerode's and docker-modem's eyes, and what else got loaded.
  const code = `
    require('./out/cli/src/commands/stop.js');
    require('./out/runtime/src/engine.js').connect('unix:///var/run/docker.sock');
    const { dirname } = require('node:path');
    const { UNUSED_MODULES } = require('./out/runtime/src/unusedModules.js');
    const from = [dirname(require.resolve('dockerode')), dirname(require.resolve('docker-modem'))];
    const standIns = Object.keys(UNUSED_MODULES).filter((n) => require.cache[require.resolve(n, { paths: from })]?.exports === UNUSED_MODULES[n]);
    console.log(JSON.stringify({ standIns, names: Object.keys(UNUSED_MODULES), files: Object.keys(require.cache) }));`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { standIns, names, files } = JSON.parse(r.stdout) as { standIns: string[]; names: string[]; files: string[] };
  assert.deepEqual(standIns, names);
  assert.deepEqual(names, ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'uuid', 'tar-fs', '@balena/dockerignore']);
  assert.ok(files.some((f) => f.includes('/node_modules/dockerode/')), 'dockerode is loaded');
  // Of each, only the stand-in's own entry; nothing they would have loaded, and no YAML parser.
  for (const n of names) assert.equal(files.filter((f) => f.includes(`/node_modules/${n}/`)).length, 1, n);
  assert.deepEqual(files.filter((f) => /\/node_modules\/(protobufjs|long|tar-stream|yaml)\//.test(f)), []);
  assert.deepEqual(files.filter((f) => f.includes('/out/analysis/')), [], 'the analysis is not loaded');
});
