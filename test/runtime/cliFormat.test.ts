// Pure helpers of the pod commands: pull progress lines, the engine's log frames into lines, ps JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPullProgress } from '../../cli/src/commands/podCommon';
import { demultiplexBuffer, LineSplitter } from '../../runtime/src/streams';
import { toJson } from '../../cli/src/commands/ps';

test('pull progress lines', () => {
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Downloading', id: '3f4d90098f5b', current: 1_234_567, total: 2_100_000 }), 'busybox:1.36: Downloading 3f4d90098f5b 1.2/2.1 MB');
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Pulling fs layer', id: '3f4d90098f5b' }), 'busybox:1.36: Pulling fs layer 3f4d90098f5b');
  assert.equal(formatPullProgress({ image: 'busybox:1.36', status: 'Status: Downloaded newer image for busybox:1.36' }), 'busybox:1.36: Status: Downloaded newer image for busybox:1.36');
});

test('log frames split into stdout and stderr, and into whole lines across chunks', () => {
  const frame = (type: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = type;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  const lines: [string, string][] = [];
  const splitter = new LineSplitter((text, stream) => lines.push([stream, text]));
  demultiplexBuffer(Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\nsecond'), frame(1, ' half\n'), frame(1, 'no newline')]), false, (b, s) => splitter.push(b.toString(), s));
  splitter.flush();
  assert.deepEqual(lines, [
    ['stderr', 'oops\n'],
    ['stdout', 'hello world\n'],
    ['stdout', 'second half\n'],
    ['stdout', 'no newline'],
  ]);
  // A TTY container's log has no frames: all of it is stdout.
  const tty: [string, string][] = [];
  demultiplexBuffer(Buffer.from('\u0001raw'), true, (b, s) => tty.push([s, b.toString()]));
  assert.deepEqual(tty, [['stdout', '\u0001raw']]);
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
      labels: { app: 'web' },
      annotations: {},
      owner: { kind: 'Deployment', name: 'web', uid: 'd1', cluster: 'c1' },
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
        owner: { kind: 'Deployment', name: 'web' },
        containers: [{ name: 'app', role: 'app', state: 'waiting', reason: 'CrashLoopBackOff', exitCode: 2, restarts: 3, ready: false, image: 'i' }],
        ports: [{ containerPort: 80, hostIP: '127.0.0.1', hostPort: 8080, protocol: 'TCP' }],
      },
    ],
  });
});
