// The workload timeline's model (client/src/flows/workloadTimeline.ts) on sequences as the Pods
// store sees them: a Job whose pod fails twice, then succeeds; a rolling update of 2 replicas; a
// StatefulSet pod recreated under its own name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkloadTimeline, podLaneLabel, type PodObservation } from '../../client/src/flows/workloadTimeline';

const obs = (at: number, pod: string, phase: PodObservation['phase'], ready = false, revision?: string): PodObservation => ({ at, pod, phase, ready, revision });

test('a Job whose pod fails twice, then succeeds: three lanes, each replacing the failed one', () => {
  const t = buildWorkloadTimeline(
    'Job',
    'migrate',
    [
      obs(0, 'migrate-a', 'Pending'),
      obs(500, 'migrate-a', 'Running'),
      obs(2000, 'migrate-a', 'Failed'),
      obs(2200, 'migrate-b', 'Pending'),
      obs(2600, 'migrate-b', 'Running'),
      obs(4000, 'migrate-b', 'Failed'),
      obs(6000, 'migrate-c', 'Pending'),
      obs(6300, 'migrate-c', 'Running'),
      obs(7000, 'migrate-c', 'Succeeded'),
    ],
    [],
    8000,
  );
  assert.deepEqual(
    t.lanes.map((l) => [l.pod, l.outcome, l.replaces]),
    [
      ['migrate-a', 'failed', undefined],
      ['migrate-b', 'failed', 'migrate-a'],
      ['migrate-c', 'succeeded', 'migrate-b'],
    ],
  );
  assert.deepEqual(t.lanes[0].segments, [
    { from: 0, to: 500, kind: 'pending' },
    { from: 500, to: 2000, kind: 'running' },
    { from: 2000, to: 8000, kind: 'failed' },
  ]);
  assert.deepEqual([t.start, t.end], [0, 8000]);
  assert.equal(podLaneLabel(t.lanes[2]), 'migrate-c (replaces migrate-b)');
});

test('a rolling update of 2 replicas: each new pod replaces the old pod taken down once it was ready', () => {
  const old = 'a1b2';
  const neu = 'c3d4';
  const t = buildWorkloadTimeline(
    'Deployment',
    'web',
    [
      obs(0, 'web-a1b2-x', 'Running', true, old),
      obs(0, 'web-a1b2-y', 'Running', true, old),
      // maxSurge 1, maxUnavailable 0 (25% of 2, rounded up and down): one new pod at a time.
      obs(10_000, 'web-c3d4-p', 'Pending', false, neu),
      obs(10_500, 'web-c3d4-p', 'Running', false, neu),
      obs(12_000, 'web-c3d4-p', 'Running', true, neu),
      obs(12_200, 'web-c3d4-q', 'Pending', false, neu),
      obs(12_600, 'web-c3d4-q', 'Running', true, neu),
    ],
    [
      { at: 12_100, pod: 'web-a1b2-x' },
      { at: 12_700, pod: 'web-a1b2-y' },
    ],
    20_000,
  );
  assert.deepEqual(
    t.lanes.map((l) => [l.pod, l.revision, l.outcome, l.from, l.to, l.replaces]),
    [
      ['web-a1b2-x', old, 'removed', 0, 12_100, undefined],
      ['web-a1b2-y', old, 'removed', 0, 12_700, undefined],
      ['web-c3d4-p', neu, 'live', 10_000, 20_000, 'web-a1b2-x'],
      ['web-c3d4-q', neu, 'live', 12_200, 20_000, 'web-a1b2-y'],
    ],
  );
  assert.deepEqual(t.lanes[2].segments.map((s) => s.kind), ['pending', 'running', 'ready']);
  assert.equal(podLaneLabel(t.lanes[2]), 'web-c3d4-p (revision c3d4, replaces web-a1b2-x)');
});

test('a StatefulSet pod recreated under its own name is a new lane that replaces the old one', () => {
  const t = buildWorkloadTimeline(
    'StatefulSet',
    'db',
    [obs(0, 'db-0', 'Running', true, 'r1'), obs(0, 'db-1', 'Running', true, 'r1'), obs(5000, 'db-1', 'Pending', false, 'r2'), obs(6000, 'db-1', 'Running', true, 'r2')],
    [{ at: 4000, pod: 'db-1' }],
    9000,
  );
  assert.deepEqual(
    t.lanes.map((l) => [l.pod, l.revision, l.outcome, l.replaces]),
    [
      ['db-0', 'r1', 'live', undefined],
      ['db-1', 'r1', 'removed', undefined],
      ['db-1', 'r2', 'live', 'db-1'],
    ],
  );
});

test("a pod's observations from its container history: pending, running, ready, then failed", async () => {
  const { podObservations } = await import('../../client/src/flows/workloadTimeline');
  const at = (ms: number) => new Date(ms).toISOString();
  const o = podObservations('job-x', undefined, 0, [{ name: 'init', role: 'init' }, { name: 'main', role: 'app' }], [
    { time: at(100), container: 'init', state: 'running', ready: false },
    { time: at(200), container: 'init', state: 'terminated', exitCode: 0, ready: false },
    { time: at(300), container: 'main', state: 'running', ready: false },
    { time: at(900), container: 'main', state: 'running', ready: true },
    { time: at(1500), container: 'main', state: 'terminated', exitCode: 3, ready: false },
  ]);
  assert.deepEqual(o.map((x) => [x.at, x.phase, x.ready]), [[0, 'Pending', false], [300, 'Running', false], [900, 'Running', true], [1500, 'Failed', false]]);
});

test('the workload picture: a lane per pod labelled with what it replaced, zoomable as a pod timeline', async () => {
  const { workloadTimelineSvg, workloadTable } = await import('../../client/src/flows/workloadTimelineView');
  const t = buildWorkloadTimeline('Job', 'm<x>', [obs(0, 'm-a', 'Running'), obs(1000, 'm-a', 'Failed'), obs(1000, 'm-b', 'Running'), obs(2000, 'm-b', 'Succeeded')], [], 2000);
  const svg = workloadTimelineSvg(t, 1000);
  assert.match(svg, /aria-label="Job m&#60;x&#62;: one lane per pod"/);
  assert.match(svg, /data-start="0" data-end="2000" data-left="320" data-width="1000"/);
  assert.match(svg, /<text class="label" x="8" y="\d+" data-lane="1"><title>m-b \(replaces m-a\)<\/title>m-b <tspan class="role">↻ m-a<\/tspan><\/text>/);
  // m-a failed at 1 s: from 820 px (320 + 500) to the end.
  assert.match(svg, /<rect tabindex="0" class="seg failed" data-lane="0" clip-path="url\(#plot\)" data-from="1000" data-to="2000" x="820" [^>]*><title>m-a: Failed \(1\.00s–2\.00s\); failed<\/title>/);
  assert.match(workloadTable(t), /<td>m-b<\/td><td><\/td><td>1\.00s<\/td><td>2\.00s<\/td><td>succeeded<\/td><td>m-a<\/td>/);
});
