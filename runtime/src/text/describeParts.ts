// Pieces every kubectl describer shares (staging/src/k8s.io/kubectl/pkg/describe/describe.go): the
// timestamp format, label lists and the events table.
import type { EventView } from '../describe';
import { humanDuration } from '../status';
import type { TabWriter } from './tabbed';

/** Go's time.RFC1123Z in the local zone: `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function rfc1123z(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.floor(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${days[d.getDay()]}, ${two(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

/** kubectl's translateTimestampSince: a HumanDuration since then, `<unknown>` without a time. */
export function since(iso: string | undefined, now: number): string {
  if (!iso) return '<unknown>';
  return humanDuration(now - Date.parse(iso));
}

/** printLabelsMultiline: sorted `key=value`, one a line, `<none>` when empty. */
export function labelLines(w: TabWriter, title: string, m: Record<string, string>, sep = '=', level = 0): void {
  w.write(level, `${title}:\t`);
  const keys = Object.keys(m).sort();
  if (!keys.length) return w.write(0, '<none>\n');
  keys.forEach((k, i) => w.write(i ? level : 0, `${i ? '\t' : ''}${k}${sep}${m[k]}\n`));
}

export function eventLines(w: TabWriter, events: EventView[], now: number): void {
  if (!events.length) return w.write(0, 'Events:\t<none>\n');
  // A table of its own: kubectl flushes the writer first, so the columns above do not widen it.
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of events) {
    const first = since(e.firstTimestamp, now);
    const age = e.count > 1 ? `${since(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${age}\t${e.from}\t${e.message}\n`);
  }
}
