// The timeline's markup (client/src/flows/timelineView.ts): lanes labelled with their role, every
// segment and mark titled and focusable, events tied to their lane, text escaped, theme colours only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsTable, TIMELINE_CSS, timelineSvg } from '../../client/src/flows/timelineView';
import type { Timeline } from '../../client/src/flows/timeline';

const T0 = 1_000_000;
const timeline: Timeline = {
  start: T0,
  end: T0 + 10_000,
  lanes: [
    { container: 'proxy', role: 'sidecar', segments: [{ from: T0, to: T0 + 1000, kind: 'waiting', reason: 'PodInitializing' }, { from: T0 + 1000, to: T0 + 10_000, kind: 'running', ready: true }], marks: [] },
    {
      container: 'app',
      role: 'app',
      segments: [
        { from: T0, to: T0 + 2000, kind: 'running', ready: false },
        { from: T0 + 2000, to: T0 + 2100, kind: 'terminated', exitCode: 1, reason: 'Error' },
        { from: T0 + 2100, to: T0 + 10_000, kind: 'waiting', reason: 'CrashLoopBackOff' },
      ],
      marks: [{ kind: 'probe-failure', at: T0 + 1500, probe: 'liveness', output: 'HTTP probe failed with statuscode: 500 <oops>' }],
    },
  ],
  conditions: [{ type: 'Ready', segments: [{ from: T0, to: T0 + 10_000, status: false }] }],
  events: [{ time: new Date(T0 + 1500).toISOString(), at: T0 + 1500, type: 'Warning', reason: 'Unhealthy', container: 'app', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500 <oops>', lane: 1 }],
};

test('lanes, segments and marks: labelled, titled, focusable, escaped', () => {
  const svg = timelineSvg(timeline, 1000);
  assert.match(svg, /<text class="label" x="8" y="\d+" data-lane="0">proxy <tspan class="role">sidecar<\/tspan><\/text>/);
  assert.match(svg, /<text class="label" x="8" y="\d+" data-lane="1">app <tspan class="role">app<\/tspan><\/text>/);
  // 10 s over 1000 px: the back-off starts at 2.1 s, 210 px right of the 150 px label column.
  assert.match(svg, /<rect tabindex="0" class="seg backoff" data-lane="1" clip-path="url\(#plot\)" data-from="1002100" data-to="1010000" x="360" y="\d+" width="790" height="14"><title>app: Waiting: CrashLoopBackOff \(2\.10s–10\.0s\)<\/title><\/rect>/);
  assert.match(svg, /class="seg failed"[^>]*><title>app: Terminated: Error, exit code 1 /);
  assert.match(svg, /class="seg unready"/);
  assert.match(svg, /<circle tabindex="0" class="mark probe" data-lane="1" data-e="0" [^>]*><title>app: Liveness probe failed: HTTP probe failed with statuscode: 500 &#60;oops&#62; at 1\.50s<\/title>/);
  assert.match(svg, /<text class="label condition" [^>]*>Ready<\/text>/);
  assert.ok(!svg.includes('<oops>'));
  const table = eventsTable(timeline);
  assert.match(table, /<tr tabindex="0" class="event warning" data-e="0" data-lane="1"><td>1\.50s<\/td><td>Warning<\/td><td>Unhealthy<\/td><td>app<\/td><td>Liveness probe failed: HTTP probe failed with statuscode: 500 &#60;oops&#62;<\/td><\/tr>/);
});

test('colours come from the theme only', () => {
  const colours = TIMELINE_CSS.match(/(?:fill|stroke|color|background|outline)\s*:\s*[^;]+/g) ?? [];
  assert.ok(colours.length > 10);
  for (const c of colours) assert.match(c, /var\(--vscode-|stroke-width|outline: 2px solid var|outline: 1px solid var/, c);
  assert.doesNotMatch(TIMELINE_CSS, /#[0-9a-f]{3,6}\b|rgb\(/i);
});
