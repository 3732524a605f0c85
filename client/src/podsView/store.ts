// Keeps the engine's pods for the Pods view and the status bar, following the runtime's event stream.
//
// - Events arrive in bursts (a pod start is a dozen container events), so a refresh waits until the
//   stream has been quiet for `debounceMs`, and at most one list call is in flight.
// - The event stream is one long-lived request that costs nothing while the engine is idle; nothing
//   polls. The tree is told to redraw only while it is visible; a hidden view is redrawn once, when it
//   is shown again, if something changed meanwhile.
// - When the engine is unreachable the snapshot says so (the view shows what to do). While the view
//   is visible the store retries with a growing delay; while it is hidden it does not poll at all,
//   and retries at once when the view is shown or when a list succeeds again (a command of ours).
import type { ClaimSnapshot, EngineSnapshot, ObjectSnapshot, PodSnapshot } from './snapshot';

export interface Subscription {
  dispose(): void;
}

/** What the store needs from the runtime. */
export interface PodsSource {
  /** The pods on the engine now; rejects when the engine cannot be reached. */
  list(): Promise<PodSnapshot[]>;
  /** The applied objects and the claims' volumes, listed with the pods when the source has them. */
  objects?(): Promise<{ objects: ObjectSnapshot[]; claims: ClaimSnapshot[] }>;
  /** Follows the engine's events; `onEnd` when the stream stops (engine gone). */
  watch(onEvent: () => void, onEnd: (error?: unknown) => void): Subscription | Promise<Subscription>;
  /** Shown in the engine-down message. */
  describeHost?(): string | undefined;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StoreOptions {
  debounceMs?: number;
  /** First delay before reconnecting to an unreachable engine; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  clock?: Clock;
}

type Listener = (snapshot: EngineSnapshot) => void;

const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED') return `Nothing answers on the Docker socket (${e.code}).`;
  if (e?.code === 'EACCES') return 'Permission denied on the Docker socket: add yourself to the docker group.';
  const message = e?.message ?? String(error ?? 'the event stream ended');
  return message.split('\n')[0];
}

export class PodsStore {
  private current: EngineSnapshot = { kind: 'loading' };
  private readonly listeners = new Set<Listener>();
  private readonly viewListeners = new Set<Listener>();
  private readonly observeListeners = new Set<Listener>();
  private visible = false;
  private viewStale = false;
  private subscription: Subscription | undefined;
  private debounceTimer: unknown;
  private retryTimer: unknown;
  private retryDelay: number;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private connecting = false;
  private disposed = false;
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly source: PodsSource,
    options: StoreOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.debounceMs = options.debounceMs ?? 250;
    this.retryMs = options.retryMs ?? 2000;
    this.maxRetryMs = options.maxRetryMs ?? 30000;
    this.retryDelay = this.retryMs;
  }

  get snapshot(): EngineSnapshot {
    return this.current;
  }

  /** Every change (the status bar). */
  onDidChange(listener: Listener): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Every listing after an engine or state-folder event, changed or not: what the snapshot leaves
   * out changes too (a readiness probe failing again on a pod that stays 0/1 adds an event).
   */
  onDidObserve(listener: Listener): Subscription {
    this.observeListeners.add(listener);
    return { dispose: () => this.observeListeners.delete(listener) };
  }

  /** Changes the tree must draw: only while it is visible. */
  onDidChangeView(listener: Listener): Subscription {
    this.viewListeners.add(listener);
    return { dispose: () => this.viewListeners.delete(listener) };
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) {
      this.clock.clearTimeout(this.retryTimer);
      return;
    }
    if (this.viewStale) this.emitView();
    if (this.current.kind === 'down') this.reconnect();
  }

  /** Connects to the engine and loads the pods once. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Lists again now (after a command of ours changed something). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          const [pods, objects] = await Promise.all([this.source.list(), this.source.objects?.()]);
          this.set({ kind: 'up', pods, ...objects });
          for (const l of [...this.observeListeners]) l(this.current);
          // The engine answers again but nothing follows its events: subscribe anew.
          if (!this.subscription && !this.connecting && !this.disposed) void this.connect();
        } catch (error) {
          this.engineDown(error);
          break;
        }
      } while (this.refreshAgain && !this.disposed);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.debounceTimer);
    this.clock.clearTimeout(this.retryTimer);
    this.subscription?.dispose();
    this.subscription = undefined;
    this.listeners.clear();
    this.viewListeners.clear();
    this.observeListeners.clear();
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    this.subscription?.dispose();
    this.subscription = undefined;
    this.connecting = true;
    try {
      const sub = await this.source.watch(
        () => this.onEvent(),
        (error) => this.onStreamEnd(error),
      );
      if (this.disposed) {
        sub.dispose();
        return;
      }
      this.subscription = sub;
    } catch (error) {
      this.engineDown(error);
      return;
    } finally {
      this.connecting = false;
    }
    await this.refresh();
  }

  private onEvent(): void {
    this.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = this.clock.setTimeout(() => void this.refresh(), this.debounceMs);
  }

  private onStreamEnd(error: unknown): void {
    if (this.disposed) return;
    this.subscription = undefined;
    this.engineDown(error);
  }

  private engineDown(error: unknown): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.set({ kind: 'down', reason: reasonOf(error), dockerHost: this.source.describeHost?.() });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.disposed || !this.visible) return;
    this.clock.clearTimeout(this.retryTimer);
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.maxRetryMs);
    this.retryTimer = this.clock.setTimeout(() => void this.connect(), delay);
  }

  private reconnect(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.retryDelay = this.retryMs;
    void this.connect();
  }

  private set(next: EngineSnapshot): void {
    if (next.kind === 'up') this.retryDelay = this.retryMs;
    if (sameSnapshot(this.current, next)) return;
    this.current = next;
    for (const l of [...this.listeners]) l(next);
    if (this.visible) this.emitView();
    else this.viewStale = true;
  }

  private emitView(): void {
    this.viewStale = false;
    for (const l of [...this.viewListeners]) l(this.current);
  }
}

function sameSnapshot(a: EngineSnapshot, b: EngineSnapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
