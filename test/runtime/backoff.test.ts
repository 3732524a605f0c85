// The kubelet's restart back-off, without an engine: 0 (first crash), then 10, 20, 40 … capped at
// 300 s, and back to 10 s for a container that ran more than 10 minutes before crashing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, BackoffEntry, KUBELET_BACKOFF, restartAt } from '../../runtime/src/backoff';

/** Simulates a container that crashes `runFor` ms after each restart; returns the waits in seconds. */
function waits(crashes: number, runFor: (i: number) => number): number[] {
  let entry: BackoffEntry | undefined;
  let now = 1_000_000;
  const out: number[] = [];
  for (let i = 0; i < crashes; i++) {
    const finished = now + runFor(i);
    const at = restartAt(entry, finished, KUBELET_BACKOFF);
    out.push((at - finished) / 1000);
    now = at;
    entry = advance(entry, finished, now, KUBELET_BACKOFF);
  }
  return out;
}

test('back-off doubles from 10 s and is capped at 300 s', () => {
  assert.deepEqual(waits(9, () => 1000), [0, 10, 20, 40, 80, 160, 300, 300, 300]);
});

test('back-off resets after 10 minutes of running', () => {
  // The fifth run lasts 11 minutes: its crash restarts at once and the schedule starts again.
  const runs = (i: number) => (i === 4 ? 11 * 60_000 : 1000);
  assert.deepEqual(waits(7, runs), [0, 10, 20, 40, 0, 10, 20]);
});

test('a run just under 10 minutes does not reset the back-off', () => {
  // 300 s max: the entry expires only when more than 2 × 300 s passed since the last restart.
  const runs = (i: number) => (i === 4 ? 9 * 60_000 : 1000);
  assert.deepEqual(waits(6, runs), [0, 10, 20, 40, 80, 160]);
});
