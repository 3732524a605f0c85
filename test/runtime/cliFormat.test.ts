// Pure helpers of the pod commands: pull progress lines, the engine's stream frames, ps JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Demux, formatPullProgress } from '../../cli/src/commands/podCommon';
import { toJson } from '../../cli/src/commands/ps';

test('pull progress lines', () => {
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Downloading', id: '3f4d90098f5b', current: 1_234_567, total: 2_100_000 }), 'busybox:1.36: Downloading 3f4d90098f5b 1.2/2.1 MB');
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Pulling fs layer', id: '3f4d90098f5b' }), 'busybox:1.36: Pulling fs layer 3f4d90098f5b');
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Status: Downloaded newer image for busybox:1.36' }), 'busybox:1.36: Status: Downloaded newer image for busybox:1.36');
});

test('Demux splits stdout and stderr frames, also across chunk boundaries', () => {
  const frame = (type: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = type;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  const out: string[] = [];
  const err: string[] = [];
  const d = new Demux((t) => out.push(t), (t) => err.push(t));
  const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
  d.push(all.subarray(0, 5));
  d.push(all.subarray(5, 20));
  d.push(all.subarray(20));
  assert.deepEqual([out.join(''), err.join('')], ['hello world', 'oops']);
});

test('ps --format json: the shape the issue specifies, nulls where a value does not apply', () => {
  const json = toJson([
    {
      uid: 'u',
      name: 'web',
      namespace: 'default',
      manifest: 'web.yaml',
      phase: 'Running',
      status: 'CrashLoopBackOff',
      ready: '0/1',
      restarts: 3,
      terminating: false,
      containers: [{ name: 'app', role: 'app', image: 'i', state: 'waiting', reason: 'CrashLoopBackOff', restarts: 3, ready: false, started: false, lastExitCode: 2 }],
      ports: [{ containerPort: 80, hostIP: '127.0.0.1', hostPort: 8080, protocol: 'TCP' }],
    },
  ]);
  assert.deepEqual(json, {
    pods: [
      {
        name: 'web',
        namespace: 'default',
        phase: 'Running',
        status: 'CrashLoopBackOff',
        ready: '0/1',
        restarts: 3,
        containers: [{ name: 'app', role: 'app', state: 'waiting', reason: 'CrashLoopBackOff', exitCode: 2, restarts: 3, ready: false, image: 'i' }],
        ports: [{ containerPort: 80, hostIP: '127.0.0.1', hostPort: 8080, protocol: 'TCP' }],
      },
    ],
  });
});
