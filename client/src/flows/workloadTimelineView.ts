// A workload's timeline as markup: one lane per pod, labelled with what it replaced or its
// revision, in the same SVG form as a pod's (timelineView.ts), so the same page script zooms,
// follows, pauses and exports it, and the same theme colours draw it.
import { escapeXml } from './timelineView';
import { podLaneLabel, type PodLane, type PodSegmentKind, type WorkloadTimeline } from './workloadTimeline';

const LABEL_W = 320;
const LANE_H = 26;
const BAR_H = 14;
const AXIS_H = 22;

const CLASS: Record<PodSegmentKind, string> = { pending: 'seg waiting', running: 'seg unready', ready: 'seg ready', succeeded: 'seg done', failed: 'seg failed' };
const WORDS: Record<PodSegmentKind, string> = { pending: 'Pending', running: 'Running, not ready', ready: 'Running, ready', succeeded: 'Succeeded', failed: 'Failed' };
const OUTCOME: Record<PodLane['outcome'], string> = { live: 'still there', succeeded: 'succeeded', failed: 'failed', removed: 'removed by its controller' };

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)}s` : s < 120 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

export function workloadTimelineSvg(t: WorkloadTimeline, width = 520): string {
  const span = Math.max(1, t.end - t.start);
  const x = (ms: number) => LABEL_W + ((ms - t.start) / span) * width;
  const height = AXIS_H + t.lanes.length * LANE_H + 8;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline workload" role="img" aria-label="${escapeXml(`${t.kind} ${t.name}: one lane per pod`)}" width="${LABEL_W + width + 10}" height="${height}" viewBox="0 0 ${LABEL_W + width + 10} ${height}" data-start="${t.start}" data-end="${t.end}" data-left="${LABEL_W}" data-width="${width}" data-axis="${AXIS_H}">`);
  out.push(`<defs><clipPath id="plot"><rect x="${LABEL_W}" y="0" width="${width + 10}" height="${height}"/></clipPath></defs>`);
  out.push('<g class="ticks">');
  for (let i = 0; i <= 10; i++) {
    const tx = LABEL_W + (width * i) / 10;
    out.push(`<line class="tick" x1="${tx}" y1="${AXIS_H - 6}" x2="${tx}" y2="${height}"/><text class="axis" x="${tx}" y="${AXIS_H - 9}" text-anchor="${i === 10 ? 'end' : 'middle'}">${seconds((span * i) / 10)}</text>`);
  }
  out.push('</g>');
  t.lanes.forEach((lane, i) => {
    const y = AXIS_H + i * LANE_H;
    // The label column holds the pod and one short fact (what it replaced, else its revision); the
    // full label is its title, and the table below says both.
    const extra = lane.replaces ? `↻ ${lane.replaces}` : lane.revision ? `rev ${lane.revision}` : '';
    out.push(`<text class="label" x="8" y="${y + LANE_H / 2 + 4}" data-lane="${i}"><title>${escapeXml(podLaneLabel(lane))}</title>${escapeXml(lane.pod)}${extra ? ` <tspan class="role">${escapeXml(extra)}</tspan>` : ''}</text>`);
    for (const s of lane.segments) {
      const title = `${lane.pod}: ${WORDS[s.kind]} (${seconds(s.from - t.start)}–${seconds(s.to - t.start)}); ${OUTCOME[lane.outcome]}`;
      out.push(`<rect tabindex="0" class="${CLASS[s.kind]}" data-lane="${i}" clip-path="url(#plot)" data-from="${s.from}" data-to="${s.to}" x="${x(s.from)}" y="${y + (LANE_H - BAR_H) / 2}" width="${Math.max(1, x(s.to) - x(s.from))}" height="${BAR_H}"><title>${escapeXml(title)}</title></rect>`);
    }
  });
  out.push('</svg>');
  return out.join('');
}

/** The lanes as a table too: a screen reader's way through them, and the facts in words. */
export function workloadTable(t: WorkloadTimeline): string {
  if (!t.lanes.length) return '<p class="none">No pods recorded.</p>';
  const rows = t.lanes.map(
    (l, i) =>
      `<tr tabindex="0" data-lane="${i}"><td>${escapeXml(l.pod)}</td><td>${escapeXml(l.revision ?? '')}</td><td>${seconds(l.from - t.start)}</td><td>${l.outcome === 'live' ? '' : seconds(l.to - t.start)}</td><td>${OUTCOME[l.outcome]}</td><td>${escapeXml(l.replaces ?? '')}</td></tr>`,
  );
  return `<table class="events"><thead><tr><th>Pod</th><th>Revision</th><th>From</th><th>To</th><th>Outcome</th><th>Replaces</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
