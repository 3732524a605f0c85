// The timeline's window along time (client/src/flows/timelineWindow.ts): zoom around the pointer
// or the centre, pan within the life, fit, follow the present, pause; and the webview's copy of
// the model (its toString) works on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineWindowModel, type TimelineWindowModel } from '../../client/src/flows/timelineWindow';

const M = timelineWindowModel();
const life = { start: 0, end: 10_000 };

test('fit shows the whole life and grows with it', () => {
  const w = M.fit(life);
  assert.deepEqual(w, { from: 0, to: 10_000, mode: 'fit', paused: false });
  assert.deepEqual(M.advance(w, { start: 0, end: 15_000 }), { from: 0, to: 15_000, mode: 'fit', paused: false });
});

test('zoom keeps the time under the pointer where it is; zooming out past the life fits', () => {
  const w = M.fit(life);
  // The pointer at a quarter of the width: 2.5 s stays at a quarter.
  const z = M.zoom(w, life, 0.5, 0.25);
  assert.deepEqual(z, { from: 1250, to: 6250, mode: 'free', paused: false });
  assert.equal(M.timeAt(z, 150 + 250, 150, 1000), 2500);
  // Around the centre by default.
  assert.deepEqual(M.zoom(z, life, 0.5), { from: 2500, to: 5000, mode: 'free', paused: false });
  // Never narrower than MIN_SPAN, never outside the life.
  const tiny = M.zoom(M.zoom(z, life, 0.0001, 0), life, 0.5, 0);
  assert.equal(tiny.to - tiny.from, M.MIN_SPAN);
  const atEdge = M.zoom({ from: 9000, to: 10_000, mode: 'free', paused: false }, life, 0.5, 1);
  assert.deepEqual([atEdge.from, atEdge.to], [9500, 10_000]);
  assert.deepEqual(M.zoom(z, life, 4), M.fit(life));
});

test('pan stays within the life', () => {
  const w = { from: 2000, to: 4000, mode: 'free' as const, paused: false };
  assert.deepEqual(M.pan(w, life, 0.5), { from: 3000, to: 5000, mode: 'free', paused: false });
  assert.deepEqual(M.pan(w, life, -5), { from: 0, to: 2000, mode: 'free', paused: false });
  assert.deepEqual(M.pan(w, life, 50), { from: 8000, to: 10_000, mode: 'free', paused: false });
});

test('follow keeps the right edge at now with the span kept, also through a zoom', () => {
  const w = M.follow({ from: 2000, to: 4000, mode: 'free', paused: false }, life);
  assert.deepEqual(w, { from: 8000, to: 10_000, mode: 'follow', paused: false });
  assert.deepEqual(M.advance(w, { start: 0, end: 12_500 }), { from: 10_500, to: 12_500, mode: 'follow', paused: false });
  assert.deepEqual(M.zoom(w, life, 0.5, 0.1), { from: 9000, to: 10_000, mode: 'follow', paused: false });
  // From fit, follow starts with the whole life and then slides.
  assert.deepEqual(M.advance(M.follow(M.fit(life), life), { start: 0, end: 11_000 }), { from: 1000, to: 11_000, mode: 'follow', paused: false });
});

test('pause freezes the window while the life grows; resuming catches up', () => {
  const paused = M.togglePause(M.follow({ from: 8000, to: 10_000, mode: 'free', paused: false }, life));
  const later = { start: 0, end: 20_000 };
  assert.deepEqual(M.advance(paused, later), { from: 8000, to: 10_000, mode: 'follow', paused: true });
  assert.deepEqual(M.advance(M.togglePause(paused), later), { from: 18_000, to: 20_000, mode: 'follow', paused: false });
});

test("the webview's copy of the model is self-contained", () => {
  const copy = new Function(`return (${timelineWindowModel.toString()})();`)() as TimelineWindowModel;
  assert.deepEqual(copy.zoom(copy.fit(life), life, 0.5, 0.25), M.zoom(M.fit(life), life, 0.5, 0.25));
  assert.equal(copy.x(M.fit(life), 5000, 150, 1000), 650);
});
