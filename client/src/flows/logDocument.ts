// A pod's log as a read-only document (the "Open Logs in Editor" tab): where it lives, what it
// reads, and how it follows. Plain code: the extension's content provider (extension/logEditor.ts)
// only hands its text to VS Code.
import type { LogLine } from './runtimeApi';

export const LOG_SCHEME = 'podwright-logs';
/** Lines kept per document: a chatty container must not grow the editor without end. */
export const MAX_LOG_LINES = 10_000;
/** At most four renders a second however fast lines come: each one re-reads the whole document. */
export const LOG_RENDER_INTERVAL_MS = 250;

/**
 * Which log a document shows. `container` absent: every container, each line prefixed
 * `[container]` (`kubectl logs --all-containers --prefix`); `previous`: the run before the last
 * restart (`kubectl logs -p`), its own document since it never grows.
 */
export interface LogTarget {
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
}

/**
 * `/NAMESPACE/POD.log` (all containers), `/NAMESPACE/POD/CONTAINER.log`,
 * `/NAMESPACE/POD/CONTAINER.previous.log`. Container names are DNS labels (no dot, no slash), so the
 * suffixes cannot be taken for part of a name.
 */
export function logPath(t: LogTarget): string {
  if (t.container === undefined) return `/${t.namespace}/${t.pod}${t.previous ? '.previous' : ''}.log`;
  return `/${t.namespace}/${t.pod}/${t.container}${t.previous ? '.previous' : ''}.log`;
}

export function parseLogPath(path: string): LogTarget | undefined {
  const m = /^\/([^/]+)\/([^/]+?)(?:\/([^/.]+))?(\.previous)?\.log$/.exec(path);
  if (!m) return undefined;
  const [, namespace, pod, container, previous] = m;
  return { namespace, pod, ...(container !== undefined ? { container } : {}), ...(previous ? { previous: true } : {}) };
}

/** The tab's title: what `kubectl logs` would be asked. */
export function logTitle(t: LogTarget): string {
  return `${t.pod}${t.container ? `/${t.container}` : ' (all containers)'}${t.previous ? ' (previous)' : ''}`;
}

/** The last `max` lines of a log, with the note that earlier ones were dropped. */
export class LogText {
  private lines: string[] = [];
  private dropped = 0;
  private ending: string | undefined;

  constructor(
    /** Prefix each line with `[container]`: a document of every container. */
    private readonly prefix: boolean,
    private readonly max = MAX_LOG_LINES,
  ) {}

  push(line: LogLine): void {
    const text = line.text.replace(/\r?\n$/, '');
    this.lines.push(this.prefix ? `[${line.container}] ${text}` : text);
    // Trim in batches: a splice per line would make a long log quadratic.
    if (this.lines.length > this.max * 1.1) this.trim();
  }

  /** A last line in brackets: why the log stops here ("the pod stopped", an error). */
  end(note: string): void {
    this.ending = note;
  }

  get lineCount(): number {
    return Math.min(this.lines.length, this.max);
  }

  text(): string {
    this.trim();
    const head = this.dropped > 0 ? [`[${this.dropped} earlier line${this.dropped === 1 ? '' : 's'} not shown: this document keeps the last ${this.max}]`] : [];
    const tail = this.ending !== undefined ? [`[${this.ending}]`] : [];
    const body = [...head, ...this.lines, ...tail];
    return body.length ? `${body.join('\n')}\n` : '';
  }

  private trim(): void {
    const over = this.lines.length - this.max;
    if (over <= 0) return;
    this.lines.splice(0, over);
    this.dropped += over;
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/**
 * Follows one log document: reads the stream into a LogText, and calls `changed` at most once per
 * interval (the first line at once). Disposing aborts the stream: a closed tab keeps no stream open.
 */
export class LogFollower {
  readonly text: LogText;
  private readonly abort = new AbortController();
  private timer: unknown;
  private lastRender = -Infinity;
  private disposed = false;
  private ended = false;
  /** Settles when the stream ends (the pod stopped, the tab closed, or an error, written into the text). */
  readonly done: Promise<void>;

  constructor(
    target: LogTarget,
    stream: (onLine: (line: LogLine) => void, signal: AbortSignal) => Promise<void>,
    private readonly changed: () => void,
    private readonly options: { intervalMs?: number; timers?: Timers; now?: () => number; max?: number } = {},
  ) {
    this.text = new LogText(target.container === undefined, options.max);
    this.done = stream((line) => this.add(line), this.abort.signal).then(
      () => this.finish(target.previous ? 'end of the previous run' : 'end of log: the container stopped'),
      (e: Error) => this.finish(e.message),
    );
  }

  get following(): boolean {
    return !this.abort.signal.aborted && !this.ended;
  }

  private add(line: LogLine): void {
    if (this.disposed) return;
    this.text.push(line);
    this.schedule();
  }

  private finish(note: string): void {
    this.ended = true;
    if (this.disposed) return;
    this.text.end(note);
    this.flush();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const interval = this.options.intervalMs ?? LOG_RENDER_INTERVAL_MS;
    const now = (this.options.now ?? Date.now)();
    const wait = Math.max(0, this.lastRender + interval - now);
    if (wait === 0) return this.flush();
    this.timer = (this.options.timers ?? REAL_TIMERS).setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer !== undefined) (this.options.timers ?? REAL_TIMERS).clearTimeout(this.timer);
    this.timer = undefined;
    this.lastRender = (this.options.now ?? Date.now)();
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) (this.options.timers ?? REAL_TIMERS).clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
  }
}

/**
 * What the palette offers for a pod: every container, each one, and the previous run of each
 * container that restarted (only those have one, `kubectl logs -p`).
 */
export function logChoices(pod: { namespace: string; name: string; containers: { name: string; role: string; restarts: number }[] }): { label: string; description: string; value: LogTarget }[] {
  const base = { namespace: pod.namespace, pod: pod.name };
  return [
    { label: 'All containers', description: `[container] before each line`, value: base },
    ...pod.containers.map((c) => ({ label: c.name, description: c.role, value: { ...base, container: c.name } })),
    ...pod.containers
      .filter((c) => c.restarts > 0)
      .map((c) => ({ label: `${c.name} (previous run)`, description: `before restart ${c.restarts}`, value: { ...base, container: c.name, previous: true } })),
  ];
}
