// The timeline as markup: plain SVG for the lanes and an events table below, coloured only with the
// theme's own variables (light, dark and high contrast follow), every segment, mark and event
// reachable with the keyboard and titled for a screen reader. Plain code (no `vscode`): the panel
// (client/src/extension/timelinePanel.ts) wraps it in a page with its content security policy.
import type { Lane, Mark, Segment, Timeline } from './timeline';

const LABEL_W = 150;
const LANE_H = 26;
const BAR_H = 14;
const AXIS_H = 22;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)}s` : s < 120 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

export function segmentText(s: Segment): string {
  if (s.kind === 'waiting') return `Waiting: ${s.reason}`;
  if (s.kind === 'running') return `Running, ${s.ready ? 'ready' : 'not ready'}`;
  return `Terminated: ${s.reason}, exit code ${s.exitCode}`;
}

function segmentClass(s: Segment): string {
  if (s.kind === 'waiting') return s.reason === 'CrashLoopBackOff' ? 'seg backoff' : 'seg waiting';
  if (s.kind === 'running') return s.ready ? 'seg ready' : 'seg unready';
  return s.exitCode === 0 ? 'seg done' : 'seg failed';
}

export function markText(m: Mark): string {
  switch (m.kind) {
    case 'restart':
      return `Restart #${m.restarts}`;
    case 'probe-failure':
      return `${m.probe[0].toUpperCase()}${m.probe.slice(1)} probe failed${m.output ? `: ${m.output}` : ''}`;
    case 'killing':
      return m.message;
    case 'backoff':
      return `Back-off for ${seconds(m.to - m.at)}`;
  }
}

/** The picture: width in pixels for the lanes' time axis; the label column comes on top of it. */
export function timelineSvg(t: Timeline, width = 520): string {
  const span = Math.max(1, t.end - t.start);
  const x = (ms: number) => LABEL_W + ((ms - t.start) / span) * width;
  const rows = t.conditions.length + t.lanes.length;
  const height = AXIS_H + rows * LANE_H + 8;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="Pod timeline" width="${LABEL_W + width + 10}" height="${height}" viewBox="0 0 ${LABEL_W + width + 10} ${height}">`);
  // The time axis: ten ticks, in seconds since the pod started.
  for (let i = 0; i <= 10; i++) {
    const tx = LABEL_W + (width * i) / 10;
    out.push(`<line class="tick" x1="${tx}" y1="${AXIS_H - 6}" x2="${tx}" y2="${height}"/><text class="axis" x="${tx}" y="${AXIS_H - 9}" text-anchor="${i === 10 ? 'end' : 'middle'}">${seconds((span * i) / 10)}</text>`);
  }
  let row = 0;
  const y = () => AXIS_H + row * LANE_H;
  for (const c of t.conditions) {
    out.push(`<text class="label condition" x="8" y="${y() + LANE_H / 2 + 4}">${escapeXml(c.type)}</text>`);
    for (const s of c.segments) {
      const title = `${c.type}: ${s.status ? 'True' : 'False'} (${seconds(s.from - t.start)}–${seconds(s.to - t.start)})`;
      out.push(`<rect tabindex="0" class="cond ${s.status ? 'true' : 'false'}" x="${x(s.from)}" y="${y() + (LANE_H - 6) / 2}" width="${Math.max(1, x(s.to) - x(s.from))}" height="6"><title>${escapeXml(title)}</title></rect>`);
    }
    row++;
  }
  t.lanes.forEach((lane: Lane, i) => {
    const top = y() + (LANE_H - BAR_H) / 2;
    out.push(`<text class="label" x="8" y="${y() + LANE_H / 2 + 4}" data-lane="${i}">${escapeXml(lane.container)} <tspan class="role">${lane.role}</tspan></text>`);
    for (const s of lane.segments) {
      const title = `${lane.container}: ${segmentText(s)} (${seconds(s.from - t.start)}–${seconds(s.to - t.start)})`;
      out.push(`<rect tabindex="0" class="${segmentClass(s)}" data-lane="${i}" x="${x(s.from)}" y="${top}" width="${Math.max(1, x(s.to) - x(s.from))}" height="${BAR_H}"><title>${escapeXml(title)}</title></rect>`);
    }
    for (const m of lane.marks) {
      if (m.kind === 'backoff') continue; // drawn as its segment (CrashLoopBackOff)
      const mx = x(m.at);
      const title = `${lane.container}: ${markText(m)} at ${seconds(m.at - t.start)}`;
      const e = t.events.findIndex((ev) => ev.lane === i && Math.abs(ev.at - m.at) < 1 && m.kind !== 'restart');
      const data = `data-lane="${i}"${e >= 0 ? ` data-e="${e}"` : ''}`;
      if (m.kind === 'restart') out.push(`<path tabindex="0" class="mark restart" ${data} d="M${mx - 5} ${top - 4} L${mx + 5} ${top - 4} L${mx} ${top + 3} Z"><title>${escapeXml(title)}</title></path>`);
      else if (m.kind === 'probe-failure') out.push(`<circle tabindex="0" class="mark probe" ${data} cx="${mx}" cy="${top + BAR_H + 2}" r="3.5"><title>${escapeXml(title)}</title></circle>`);
      else out.push(`<line tabindex="0" class="mark kill" ${data} x1="${mx}" y1="${top - 3}" x2="${mx}" y2="${top + BAR_H + 3}"><title>${escapeXml(title)}</title></line>`);
    }
    row++;
  });
  out.push('</svg>');
  return out.join('');
}

/** The events below the picture, newest last, each tied to its lane for the hover sync. */
export function eventsTable(t: Timeline): string {
  if (!t.events.length) return '<p class="none">No events.</p>';
  const rows = t.events.map(
    (e, i) =>
      `<tr tabindex="0" class="event ${e.type === 'Warning' ? 'warning' : ''}" data-e="${i}"${e.lane !== undefined ? ` data-lane="${e.lane}"` : ''}><td>${seconds(e.at - t.start)}</td><td>${e.type}</td><td>${escapeXml(e.reason)}</td><td>${escapeXml(e.container ?? '')}</td><td>${escapeXml(e.message)}</td></tr>`,
  );
  return `<table class="events"><thead><tr><th>At</th><th>Type</th><th>Reason</th><th>Container</th><th>Message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Theme colours only: `--vscode-charts-*` and the editor's own, so every theme draws it. */
export const TIMELINE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
h2 { font-size: 1.1em; margin: 0.4em 0; }
svg.timeline { max-width: 100%; height: auto; }
.timeline text { fill: var(--vscode-foreground); font-size: 12px; }
.timeline .axis { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.timeline .role { fill: var(--vscode-descriptionForeground); font-style: italic; }
.timeline .tick { stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border)); stroke-width: 0.5; }
.seg.waiting { fill: var(--vscode-charts-yellow); }
.seg.backoff { fill: var(--vscode-charts-orange); }
.seg.ready { fill: var(--vscode-charts-green); }
.seg.unready { fill: var(--vscode-charts-green); opacity: 0.45; }
.seg.done { fill: var(--vscode-charts-blue); opacity: 0.6; }
.seg.failed { fill: var(--vscode-charts-red); }
.cond.true { fill: var(--vscode-charts-green); }
.cond.false { fill: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); opacity: 0.5; }
.mark.restart { fill: var(--vscode-charts-purple); }
.mark.probe { fill: var(--vscode-charts-red); stroke: var(--vscode-editor-background); }
.mark.kill { stroke: var(--vscode-charts-purple); stroke-width: 2; }
.hot, rect:focus, path:focus, circle:focus, line:focus { outline: 2px solid var(--vscode-focusBorder); stroke: var(--vscode-focusBorder); stroke-width: 2; }
table.events { border-collapse: collapse; margin-top: 0.6em; }
.events th, .events td { text-align: left; padding: 1px 10px 1px 0; vertical-align: top; }
.events th { color: var(--vscode-descriptionForeground); font-weight: normal; }
.events tr.warning td:nth-child(2) { color: var(--vscode-editorWarning-foreground); }
.events tr.hot, .events tr:focus { background: var(--vscode-list-hoverBackground); outline: 1px solid var(--vscode-focusBorder); }
.legend span { margin-right: 1em; }
`;

/** Hovering or focusing an event lights up its mark and lane label, and the other way round. */
export const TIMELINE_SCRIPT = `
const hot = (el, on) => {
  const e = el.getAttribute('data-e');
  const lane = el.getAttribute('data-lane');
  const sel = e !== null ? '[data-e="' + e + '"]' : lane !== null ? '.label[data-lane="' + lane + '"], tr[data-lane="' + lane + '"]' : null;
  if (!sel) return;
  document.querySelectorAll(sel).forEach((x) => x.classList.toggle('hot', on));
  if (lane !== null) document.querySelectorAll('.label[data-lane="' + lane + '"]').forEach((x) => x.classList.toggle('hot', on));
};
for (const el of document.querySelectorAll('[data-e], [data-lane]')) {
  el.addEventListener('mouseenter', () => hot(el, true));
  el.addEventListener('mouseleave', () => hot(el, false));
  el.addEventListener('focus', () => hot(el, true));
  el.addEventListener('blur', () => hot(el, false));
}
`;

/** The page's body: a heading, the picture, the events. */
export function timelineBody(title: string, t: Timeline): string {
  return `<h2>${escapeXml(title)}</h2>${timelineSvg(t)}${eventsTable(t)}`;
}
