// Pieces every kubectl describer shares (staging/src/k8s.io/kubectl/pkg/describe/describe.go): the
// timestamp format, label lists, the events table, and volumes (a pod's and a pod template's).
import type { EventView } from '../describe';
import type { VolumeDetail } from '../detail';
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

/**
 * describeVolumes, for the sources a pod can have here: a pod's at the top level, a template's
 * (`inTemplate`) one level in, with its names one space further, as DescribePodTemplate prints them.
 */
export function volumeLines(w: TabWriter, list: VolumeDetail[], inTemplate = false): void {
  const level = inTemplate ? 1 : 0;
  if (!list.length) return w.write(level, 'Volumes:\t<none>\n');
  w.write(level, 'Volumes:\n');
  for (const v of list) {
    w.write(1, `${inTemplate ? ' ' : ''}${v.name}:\n`);
    switch (v.kind) {
      case 'hostPath':
        w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.path}\n    HostPathType:\t${v.type ?? '<none>'}\n`);
        break;
      case 'emptyDir':
        w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.medium}\n    SizeLimit:\t${v.sizeLimit ?? '<unset>'}\n`);
        break;
      case 'secret':
        w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.source}\n    Optional:\t${v.optional}\n`);
        break;
      case 'configMap':
        w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.source}\n    Optional:\t${v.optional}\n`);
        break;
      case 'persistentVolumeClaim':
        w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.claimName}\n    ReadOnly:\t${v.readOnly}\n`);
        break;
      case 'downwardAPI':
        w.write(2, `Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n`);
        for (const item of v.items) w.write(3, `${item.field} -> ${item.path}\n`);
        break;
      default:
        w.write(1, '<unknown>\n');
    }
  }
}
