import { test } from 'node:test';
import assert from 'node:assert/strict';
// The log editor's plumbing: its addresses, [container] prefixes, the bound with its note, the
// render throttle, and that closing stops the stream.
import { logChoices, LogFollower, LogText, logPath, logTitle, parseLogPath, type LogTarget, type Timers } from '../../client/src/flows/logDocument';
import type { LogLine } from '../../client/src/flows/runtimeApi';

const line = (container: string, text: string): LogLine => ({ container, stream: 'stdout', text });

test('log paths round-trip: one container, every container, the previous run', () => {
  const targets: LogTarget[] = [
    { namespace: 'default', pod: 'web', container: 'app' },
    { namespace: 'default', pod: 'web' },
    { namespace: 'shop', pod: 'web-7d9f', container: 'side-car', previous: true },
    { namespace: 'shop', pod: 'web', previous: true },
  ];
  assert.deepEqual(targets.map(logPath), ['/default/web/app.log', '/default/web.log', '/shop/web-7d9f/side-car.previous.log', '/shop/web.previous.log']);
  assert.deepEqual(targets.map(logPath).map(parseLogPath), targets);
  assert.equal(parseLogPath('/default/web/app.txt'), undefined);
  assert.equal(parseLogPath('/web.log'), undefined);
  assert.deepEqual(targets.map(logTitle), ['web/app', 'web (all containers)', 'web-7d9f/side-car (previous)', 'web (all containers) (previous)']);
});

test('every container: lines tagged [container] as kubectl logs --all-containers --prefix; one container: bare', () => {
  const all = new LogText(true);
  all.push(line('init', 'migrating\n'));
  all.push(line('app', 'listening on 8080'));
  assert.equal(all.text(), '[init] migrating\n[app] listening on 8080\n');
  const one = new LogText(false);
  one.push(line('app', 'listening on 8080\n'));
  one.end('end of log: the container stopped');
  assert.equal(one.text(), 'listening on 8080\n[end of log: the container stopped]\n');
  assert.equal(new LogText(false).text(), '');
});

test('bounded: the last lines kept, the first line says how many were dropped', () => {
  const t = new LogText(false, 3);
  for (let i = 1; i <= 10; i++) t.push(line('app', `line ${i}`));
  assert.equal(t.text(), '[7 earlier lines not shown: this document keeps the last 3]\nline 8\nline 9\nline 10\n');
  assert.equal(t.lineCount, 3);
  const big = new LogText(false, 10_000);
  for (let i = 1; i <= 25_001; i++) big.push(line('app', `${i}`));
  const lines = big.text().split('\n');
  assert.equal(lines[0], '[15001 earlier lines not shown: this document keeps the last 10000]');
  assert.deepEqual([lines[1], lines[10_000], lines.length], ['15002', '25001', 10_002]);
});

/** A stream the test feeds by hand, and a clock it moves. */
function fakeStream() {
  let push: (l: LogLine) => void = () => undefined;
  let end: () => void = () => undefined;
  let signal: AbortSignal | undefined;
  const stream = (onLine: (l: LogLine) => void, s: AbortSignal) =>
    new Promise<void>((resolve) => {
      push = onLine;
      signal = s;
      end = resolve;
      s.addEventListener('abort', () => resolve(), { once: true });
    });
  return { stream, push: (l: LogLine) => push(l), end: () => end(), signal: () => signal };
}

function fakeTimers() {
  let now = 0;
  const pending: { at: number; fn: () => void; handle: number }[] = [];
  let next = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.push({ at: now + ms, fn, handle: ++next });
      return next;
    },
    clearTimeout: (h) => {
      const i = pending.findIndex((p) => p.handle === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const p of pending.filter((x) => x.at <= now)) {
      pending.splice(pending.indexOf(p), 1);
      p.fn();
    }
  };
  return { timers, now: () => now, advance, pending };
}

test('follows: the first line renders at once, a burst renders once per interval (~4/s), the end is written', async () => {
  const s = fakeStream();
  const clock = fakeTimers();
  const renders: string[] = [];
  const f = new LogFollower({ namespace: 'default', pod: 'web', container: 'app' }, s.stream, () => renders.push(f.text.text()), { timers: clock.timers, now: clock.now });
  s.push(line('app', 'one'));
  assert.deepEqual(renders, ['one\n']);
  for (let i = 0; i < 100; i++) s.push(line('app', `burst ${i}`));
  assert.equal(renders.length, 1, 'a burst waits for the interval');
  clock.advance(249);
  assert.equal(renders.length, 1);
  clock.advance(1);
  assert.equal(renders.length, 2);
  assert.match(renders[1], /burst 99\n$/);
  assert.equal(f.following, true);
  s.end();
  await f.done;
  assert.equal(f.following, false);
  assert.match(renders[renders.length - 1], /burst 99\n\[end of log: the container stopped\]\n$/);
  assert.equal(clock.pending.length, 0);
});

test('disposing (the tab closed) aborts the stream and renders nothing more', async () => {
  const s = fakeStream();
  const clock = fakeTimers();
  let renders = 0;
  const f = new LogFollower({ namespace: 'default', pod: 'web' }, s.stream, () => renders++, { timers: clock.timers, now: clock.now });
  s.push(line('app', 'one'));
  s.push(line('app', 'two'));
  assert.equal(clock.pending.length, 1);
  f.dispose();
  assert.equal(s.signal()?.aborted, true);
  assert.equal(clock.pending.length, 0, 'no render left scheduled');
  await f.done;
  s.push(line('app', 'late'));
  assert.equal(renders, 1);
  assert.equal(f.following, false);
});

test('a stream that fails (no previous run) says why in the document', async () => {
  const f = new LogFollower({ namespace: 'default', pod: 'web', container: 'app', previous: true }, () => Promise.reject(new Error('container app of pod web has no previous run')), () => undefined);
  await f.done;
  assert.equal(f.text.text(), '[container app of pod web has no previous run]\n');
});

test('the palette offers all containers, each one, and the previous run of those that restarted', () => {
  const choices = logChoices({ namespace: 'default', name: 'web', containers: [{ name: 'init', role: 'init', restarts: 0 }, { name: 'app', role: 'app', restarts: 2 }] });
  assert.deepEqual(
    choices.map((c) => [c.label, logPath(c.value)]),
    [['All containers', '/default/web.log'], ['init', '/default/web/init.log'], ['app', '/default/web/app.log'], ['app (previous run)', '/default/web/app.previous.log']],
  );
});
