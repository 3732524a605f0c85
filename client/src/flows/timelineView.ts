// The timeline as markup: plain SVG for the lanes and an events table below, coloured only with the
// theme's own variables (light, dark and high contrast follow), every segment, mark and event
// reachable with the keyboard and titled for a screen reader. Plain code (no `vscode`): the panel
// (client/src/extension/timelinePanel.ts) wraps it in a page with its content security policy.
import type { Lane, Mark, Segment, Timeline } from './timeline';
import { timelineWindowModel } from './timelineWindow';

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
  // data-start/end and data-left/width: what the webview's script needs to move the window
  // (timelineWindow.ts); the picture is drawn fitted, and reads as is without the script (an export).
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="Pod timeline" width="${LABEL_W + width + 10}" height="${height}" viewBox="0 0 ${LABEL_W + width + 10} ${height}" data-start="${t.start}" data-end="${t.end}" data-left="${LABEL_W}" data-width="${width}" data-axis="${AXIS_H}">`);
  // Whatever a zoom moves out of the plot is clipped, not drawn over the labels.
  out.push(`<defs><clipPath id="plot"><rect x="${LABEL_W}" y="0" width="${width + 10}" height="${height}"/></clipPath></defs>`);
  // The time axis: ten ticks, in seconds since the pod started.
  out.push('<g class="ticks">');
  for (let i = 0; i <= 10; i++) {
    const tx = LABEL_W + (width * i) / 10;
    out.push(`<line class="tick" x1="${tx}" y1="${AXIS_H - 6}" x2="${tx}" y2="${height}"/><text class="axis" x="${tx}" y="${AXIS_H - 9}" text-anchor="${i === 10 ? 'end' : 'middle'}">${seconds((span * i) / 10)}</text>`);
  }
  out.push('</g>');
  let row = 0;
  const y = () => AXIS_H + row * LANE_H;
  for (const c of t.conditions) {
    out.push(`<text class="label condition" x="8" y="${y() + LANE_H / 2 + 4}">${escapeXml(c.type)}</text>`);
    for (const s of c.segments) {
      const title = `${c.type}: ${s.status ? 'True' : 'False'} (${seconds(s.from - t.start)}–${seconds(s.to - t.start)})`;
      out.push(`<rect tabindex="0" class="cond ${s.status ? 'true' : 'false'}" clip-path="url(#plot)" data-from="${s.from}" data-to="${s.to}" x="${x(s.from)}" y="${y() + (LANE_H - 6) / 2}" width="${Math.max(1, x(s.to) - x(s.from))}" height="6"><title>${escapeXml(title)}</title></rect>`);
    }
    row++;
  }
  t.lanes.forEach((lane: Lane, i) => {
    const top = y() + (LANE_H - BAR_H) / 2;
    out.push(`<text class="label" x="8" y="${y() + LANE_H / 2 + 4}" data-lane="${i}">${escapeXml(lane.container)} <tspan class="role">${lane.role}</tspan></text>`);
    for (const s of lane.segments) {
      const title = `${lane.container}: ${segmentText(s)} (${seconds(s.from - t.start)}–${seconds(s.to - t.start)})`;
      out.push(`<rect tabindex="0" class="${segmentClass(s)}" data-lane="${i}" clip-path="url(#plot)" data-from="${s.from}" data-to="${s.to}" x="${x(s.from)}" y="${top}" width="${Math.max(1, x(s.to) - x(s.from))}" height="${BAR_H}"><title>${escapeXml(title)}</title></rect>`);
    }
    for (const m of lane.marks) {
      if (m.kind === 'backoff') continue; // drawn as its segment (CrashLoopBackOff)
      const mx = x(m.at);
      const title = `${lane.container}: ${markText(m)} at ${seconds(m.at - t.start)}`;
      const e = t.events.findIndex((ev) => ev.lane === i && Math.abs(ev.at - m.at) < 1 && m.kind !== 'restart');
      const data = `data-lane="${i}"${e >= 0 ? ` data-e="${e}"` : ''} data-at="${m.at}"`;
      if (m.kind === 'restart') out.push(`<path tabindex="0" class="mark restart" ${data} d="M-5 ${top - 4} L5 ${top - 4} L0 ${top + 3} Z" transform="translate(${mx} 0)"><title>${escapeXml(title)}</title></path>`);
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
.toolbar { display: flex; gap: 4px; align-items: center; margin: 0.3em 0; flex-wrap: wrap; }
.toolbar button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; }
.toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.toolbar button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.toolbar .window { color: var(--vscode-descriptionForeground); margin-left: 0.6em; }
`;

/** The buttons above the picture; each has its key (the script's keydown), said in its title. */
export function timelineToolbar(): string {
  const b = (action: string, text: string, title: string, pressed?: boolean) =>
    `<button type="button" data-action="${action}" title="${escapeXml(title)}"${pressed === undefined ? '' : ` aria-pressed="${pressed}"`}>${escapeXml(text)}</button>`;
  return `<div class="toolbar" role="toolbar" aria-label="Timeline view">${[
    b('zoom-in', '+', 'Zoom in (+); the mouse wheel zooms around the pointer'),
    b('zoom-out', '−', 'Zoom out (-)'),
    b('fit', 'Fit', 'Zoom to fit: the whole life (0)'),
    b('follow', 'Follow', 'Follow the present: the right edge stays at now (F)', false),
    b('pause', 'Pause', 'Pause: freeze the picture while data keeps arriving (P)', false),
    b('export-svg', 'Export SVG', 'Save the picture as SVG'),
    b('export-png', 'Export PNG', 'Save the picture as PNG'),
  ].join('')}<span class="window" aria-live="polite"></span></div>`;
}

/**
 * The view's behaviour: the window (timelineWindow.ts, this very code), the buttons and keys, a
 * new picture from the panel (a message; held while paused), the hover sync between marks and
 * events, and the export (the picture with its computed theme colours inlined, as SVG or drawn
 * on a canvas as PNG) handed to the extension, which asks where to save it.
 */
export const TIMELINE_SCRIPT = `
const W = (${timelineWindowModel.toString()})();
const api = acquireVsCodeApi();
const picture = document.getElementById('picture');
let win = (api.getState() || {}).window;
let held;
const svgEl = () => picture.querySelector('svg.timeline');
const lifeOf = (s) => ({ start: Number(s.dataset.start), end: Number(s.dataset.end) });
const secs = (ms) => { const s = ms / 1000; return s < 10 ? s.toFixed(2) + 's' : s < 120 ? s.toFixed(1) + 's' : Math.floor(s / 60) + 'm' + Math.round(s % 60) + 's'; };
const NS = 'http://www.w3.org/2000/svg';
function layout() {
  const s = svgEl();
  if (!s) return;
  const life = lifeOf(s);
  win = win ? W.advance(win, life) : W.fit(life);
  const left = Number(s.dataset.left), width = Number(s.dataset.width), axis = Number(s.dataset.axis);
  const X = (t) => W.x(win, t, left, width);
  for (const el of s.querySelectorAll('[data-from]')) {
    const a = X(Number(el.dataset.from)), b = X(Number(el.dataset.to));
    el.setAttribute('x', String(a));
    el.setAttribute('width', String(Math.max(1, b - a)));
  }
  for (const el of s.querySelectorAll('[data-at]')) {
    const x = X(Number(el.dataset.at));
    el.style.visibility = x < left - 1 || x > left + width + 1 ? 'hidden' : '';
    if (el.tagName === 'circle') el.setAttribute('cx', String(x));
    else if (el.tagName === 'line') { el.setAttribute('x1', String(x)); el.setAttribute('x2', String(x)); }
    else el.setAttribute('transform', 'translate(' + x + ' 0)');
  }
  const ticks = s.querySelector('g.ticks');
  const height = Number(s.getAttribute('height'));
  ticks.replaceChildren();
  for (let i = 0; i <= 10; i++) {
    const tx = left + (width * i) / 10;
    const line = document.createElementNS(NS, 'line');
    line.setAttribute('class', 'tick');
    for (const [k, v] of [['x1', tx], ['x2', tx], ['y1', axis - 6], ['y2', height]]) line.setAttribute(k, String(v));
    const text = document.createElementNS(NS, 'text');
    text.setAttribute('class', 'axis');
    text.setAttribute('x', String(tx));
    text.setAttribute('y', String(axis - 9));
    text.setAttribute('text-anchor', i === 10 ? 'end' : 'middle');
    text.textContent = secs(win.from - life.start + ((win.to - win.from) * i) / 10);
    ticks.append(line, text);
  }
  document.querySelector('[data-action="follow"]').setAttribute('aria-pressed', String(win.mode === 'follow'));
  document.querySelector('[data-action="pause"]').setAttribute('aria-pressed', String(win.paused));
  document.querySelector('.toolbar .window').textContent = (win.mode === 'fit' ? 'Whole life' : secs(win.from - life.start) + ' – ' + secs(win.to - life.start)) + (win.paused ? ' · paused' : win.mode === 'follow' ? ' · following' : '');
  document.body.dataset.window = win.mode + (win.paused ? ' paused' : '');
  api.setState({ window: win });
}
function act(action, at) {
  const s = svgEl();
  if (!s || !win) return;
  const life = lifeOf(s);
  if (action === 'zoom-in') win = W.zoom(win, life, 0.5, at);
  else if (action === 'zoom-out') win = W.zoom(win, life, 2, at);
  else if (action === 'fit') win = W.fit(life, win.paused);
  else if (action === 'follow') win = win.mode === 'follow' ? { ...win, mode: 'free' } : W.follow(win, life);
  else if (action === 'pan-left') win = W.pan(win, life, -0.25);
  else if (action === 'pan-right') win = W.pan(win, life, 0.25);
  else if (action === 'pause') {
    win = W.togglePause(win);
    if (!win.paused && held !== undefined) { show(held); held = undefined; return; }
  } else if (action === 'export-svg' || action === 'export-png') return void exportPicture(action.slice(7));
  layout();
}
/** The picture with the theme's computed colours written on it, so that it reads outside VS Code. */
function standalone() {
  const s = svgEl();
  const copy = s.cloneNode(true);
  const from = s.querySelectorAll('*'), to = copy.querySelectorAll('*');
  const props = ['fill', 'stroke', 'stroke-width', 'opacity', 'font-family', 'font-size', 'font-style', 'visibility'];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    to[i].setAttribute('style', props.map((p) => p + ':' + cs.getPropertyValue(p)).join(';'));
    to[i].removeAttribute('tabindex');
  });
  const bg = getComputedStyle(document.body).backgroundColor;
  const rect = document.createElementNS(NS, 'rect');
  for (const [k, v] of [['x', 0], ['y', 0], ['width', '100%'], ['height', '100%']]) rect.setAttribute(k, String(v));
  rect.setAttribute('style', 'fill:' + bg);
  copy.insertBefore(rect, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
function exportPicture(format) {
  const text = standalone();
  if (format === 'svg') return api.postMessage({ type: 'export', format, data: btoa(unescape(encodeURIComponent(text))) });
  // Drawn from a data: URL (the policy's img-src allows data: for this alone), then read back as PNG.
  const img = new Image();
  img.onload = () => {
    const s = svgEl();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Number(s.getAttribute('width')) * scale;
    canvas.height = Number(s.getAttribute('height')) * scale;
    const g = canvas.getContext('2d');
    g.scale(scale, scale);
    g.drawImage(img, 0, 0);
    api.postMessage({ type: 'export', format, data: canvas.toDataURL('image/png').split(',')[1] });
  };
  img.onerror = () => api.postMessage({ type: 'export-failed', format, message: 'the picture could not be drawn as PNG' });
  img.src = 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(text)));
}
const hot = (el, on) => {
  const e = el.getAttribute('data-e');
  const lane = el.getAttribute('data-lane');
  const sel = e !== null ? '[data-e="' + e + '"]' : lane !== null ? '.label[data-lane="' + lane + '"], tr[data-lane="' + lane + '"]' : null;
  if (!sel) return;
  document.querySelectorAll(sel).forEach((x) => x.classList.toggle('hot', on));
  if (lane !== null) document.querySelectorAll('.label[data-lane="' + lane + '"]').forEach((x) => x.classList.toggle('hot', on));
};
function bind() {
  for (const el of picture.querySelectorAll('[data-e], [data-lane]')) {
    el.addEventListener('mouseenter', () => hot(el, true));
    el.addEventListener('mouseleave', () => hot(el, false));
    el.addEventListener('focus', () => hot(el, true));
    el.addEventListener('blur', () => hot(el, false));
  }
  const s = svgEl();
  if (s) s.addEventListener('wheel', (ev) => {
    const left = Number(s.dataset.left), width = Number(s.dataset.width);
    const box = s.getBoundingClientRect();
    const px = ((ev.clientX - box.left) / box.width) * Number(s.getAttribute('width'));
    if (px < left) return;
    ev.preventDefault();
    act(ev.deltaY < 0 ? 'zoom-in' : 'zoom-out', Math.min(1, Math.max(0, (px - left) / width)));
  }, { passive: false });
}
function show(body) {
  picture.innerHTML = body;
  bind();
  layout();
}
for (const b of document.querySelectorAll('.toolbar button')) b.addEventListener('click', () => act(b.dataset.action));
const KEYS = { '+': 'zoom-in', '=': 'zoom-in', '-': 'zoom-out', '0': 'fit', f: 'follow', p: 'pause', ArrowLeft: 'pan-left', ArrowRight: 'pan-right' };
document.addEventListener('keydown', (ev) => {
  const action = KEYS[ev.key];
  if (!action || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  ev.preventDefault();
  act(action);
});
window.addEventListener('message', (ev) => {
  const m = ev.data;
  if (!m || m.type !== 'picture') return;
  if (win && win.paused) held = m.body;
  else show(m.body);
});
bind();
layout();
`;

/** The part a new picture replaces (the panel posts it; the toolbar and the window stay). */
export function timelinePicture(t: Timeline): string {
  return `${timelineSvg(t)}${eventsTable(t)}`;
}

/** The page's body: a heading, the toolbar, the picture, the events. */
export function timelineBody(title: string, t: Timeline): string {
  return `<h2>${escapeXml(title)}</h2>${timelineToolbar()}<div id="picture">${timelinePicture(t)}</div>`;
}
