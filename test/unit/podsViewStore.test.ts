import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodSnapshot, EngineSnapshot } from '../../client/src/podsView/snapshot';
import { Clock, PodsSource, PodsStore } from '../../client/src/podsView/store';

/** A clock the test advances by hand, so debounce and back-off are checked without sleeping. */
class ManualClock implements Clock {
  now = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now).sort((a, b) => a - b);
  }
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
      await settle();
    }
    this.now = until;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function pod(name: string): PodSnapshot {
  return { name, namespace: 'default', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [], ports: [] };
}

class FakeSource implements PodsSource {
  pods: PodSnapshot[] = [];
  up = true;
  lists = 0;
  watches = 0;
  emit: () => void = () => undefined;
  end: (e?: unknown) => void = () => undefined;
  async list(): Promise<PodSnapshot[]> {
    this.lists++;
    if (!this.up) throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
    return this.pods.map((p) => ({ ...p }));
  }
  async watch(onEvent: () => void, onEnd: (e?: unknown) => void) {
    this.watches++;
    if (!this.up) throw Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    this.emit = onEvent;
    this.end = onEnd;
    return { dispose: () => undefined };
  }
  describeHost() {
    return 'unix:///var/run/docker.sock';
  }
}

function names(s: EngineSnapshot): string {
  return s.kind === 'up' ? s.pods.map((p) => p.name).join(',') : s.kind;
}

test('a burst of events becomes one list call once the stream is quiet for the debounce time', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  const store = new PodsStore(source, { clock, debounceMs: 200 });
  await store.start();
  assert.equal(source.lists, 1);
  source.pods = [pod('web')];
  for (let i = 0; i < 5; i++) {
    source.emit();
    await clock.advance(100);
  }
  assert.equal(source.lists, 1, 'still inside the burst');
  await clock.advance(200);
  assert.equal(source.lists, 2);
  assert.equal(names(store.snapshot), 'web');
  store.dispose();
});

test('the hidden view is not redrawn; it is redrawn once when shown, the status bar always', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  const store = new PodsStore(source, { clock, debounceMs: 10 });
  const view: string[] = [];
  const all: string[] = [];
  store.onDidChangeView((s) => view.push(names(s)));
  store.onDidChange((s) => all.push(names(s)));
  await store.start();
  source.pods = [pod('a')];
  source.emit();
  await clock.advance(10);
  source.pods = [pod('a'), pod('b')];
  source.emit();
  await clock.advance(10);
  assert.deepEqual(view, []);
  assert.deepEqual(all, ['', 'a', 'a,b']);
  store.setVisible(true);
  assert.deepEqual(view, ['a,b']);
  store.setVisible(true);
  assert.deepEqual(view, ['a,b'], 'nothing changed since');
  source.emit();
  await clock.advance(10);
  assert.deepEqual(view, ['a,b'], 'an event that changes nothing redraws nothing');
  store.dispose();
});

test('engine down while the view is hidden: the message, and no polling at all', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  source.up = false;
  const store = new PodsStore(source, { clock, retryMs: 1000 });
  await store.start();
  assert.equal(store.snapshot.kind, 'down');
  assert.deepEqual(clock.pending(), []);
  await clock.advance(60_000);
  assert.equal(source.watches, 1);
  // A command of ours lists again and finds the engine back: the store follows its events anew.
  source.up = true;
  source.pods = [pod('web')];
  await store.refresh();
  await settle();
  assert.equal(names(store.snapshot), 'web');
  assert.equal(source.watches, 2);
  source.pods = [pod('web'), pod('db')];
  source.emit();
  await clock.advance(250);
  assert.equal(names(store.snapshot), 'web,db');
  store.dispose();
});

test('engine down while visible: growing retry delay, recovery when it returns; hiding stops the retries', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  source.up = false;
  const store = new PodsStore(source, { clock, retryMs: 1000, maxRetryMs: 4000 });
  store.setVisible(true);
  await store.start();
  assert.deepEqual(store.snapshot, { kind: 'down', reason: 'Nothing answers on the Docker socket (ENOENT).', dockerHost: 'unix:///var/run/docker.sock' });
  assert.deepEqual(clock.pending(), [1000]);
  await clock.advance(1000);
  assert.deepEqual(clock.pending(), [2000]);
  await clock.advance(2000);
  await clock.advance(4000);
  assert.deepEqual(clock.pending(), [4000], 'capped');
  assert.equal(source.watches, 4);
  store.setVisible(false);
  assert.deepEqual(clock.pending(), [], 'hidden: no retry');
  source.up = true;
  source.pods = [pod('web')];
  store.setVisible(true);
  await settle();
  assert.equal(names(store.snapshot), 'web');
  assert.deepEqual(clock.pending(), [], 'no timer left once connected: nothing polls');
  // The stream ends (engine stopped): down again, and the next retry starts from the first delay.
  source.up = false;
  source.end(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  assert.deepEqual(store.snapshot, { kind: 'down', reason: 'socket hang up', dockerHost: 'unix:///var/run/docker.sock' });
  assert.deepEqual(clock.pending(), [1000]);
  source.up = true;
  await clock.advance(1000);
  assert.equal(names(store.snapshot), 'web');
  store.dispose();
});

test('refresh while a list is in flight lists once more afterwards, not in parallel', async () => {
  const source = new FakeSource();
  let inFlight = 0;
  let maxInFlight = 0;
  const list = source.list.bind(source);
  source.list = async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await settle();
    inFlight--;
    return list();
  };
  const store = new PodsStore(source, { clock: new ManualClock() });
  await store.start();
  source.lists = 0;
  maxInFlight = 0;
  const a = store.refresh();
  source.pods = [pod('late')];
  const b = store.refresh();
  const c = store.refresh();
  await Promise.all([a, b, c]);
  assert.equal(maxInFlight, 1);
  assert.equal(source.lists, 2);
  assert.equal(names(store.snapshot), 'late');
  store.dispose();
});

test('a source that lists objects too: they come with the pods, and a change of theirs alone is a change', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  let status = '1/2 ready';
  const withObjects = Object.assign(source, {
    objects: async () => ({ objects: [{ kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u', status, columns: [], notes: [] }], claims: [] }),
  });
  const store = new PodsStore(withObjects, { clock, debounceMs: 10 });
  const seen: string[] = [];
  store.onDidChange((s) => seen.push(s.kind === 'up' ? (s.objects ?? []).map((o) => `${o.name} ${o.status}`).join(',') : s.kind));
  await store.start();
  status = '2/2 ready';
  source.emit();
  await clock.advance(10);
  source.emit();
  await clock.advance(10);
  assert.deepEqual(seen, ['web 1/2 ready', 'web 2/2 ready']);
  store.dispose();
});

test('an event that changes nothing the snapshot shows is still observed, though not a change', async () => {
  const clock = new ManualClock();
  const source = new FakeSource();
  source.pods = [pod('web')];
  const store = new PodsStore(source, { clock, debounceMs: 200 });
  const changes: string[] = [];
  const observed: string[] = [];
  store.onDidChange((s) => changes.push(names(s)));
  store.onDidObserve((s) => observed.push(names(s)));
  await store.start();
  assert.deepEqual([changes, observed], [['web'], ['web']]);
  // A probe failing again: a state-folder event, the same listing.
  source.emit();
  await clock.advance(200);
  assert.deepEqual([changes, observed], [['web'], ['web', 'web']]);
  store.dispose();
});
