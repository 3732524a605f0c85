// When the controller manager's passes run: never two at once, one asked for during a pass right after
// it, at most one per short debounce, at the controllers' own timers, and never held back for good by
// a pass that waits on something that does not answer.

const PASS_DEBOUNCE_MS = 20;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Thrown in a pass that was superseded while it waited, so that it acts on nothing. */
export class Superseded extends Error {}

export interface PassLoopOptions {
  /** A pass still running after this long is logged with the step it waits in (30 s unless set). */
  slowPassMs?: number;
  /** A pass still running after this long is superseded by a new one (2 min unless set). */
  passDeadlineMs?: number;
}

export class PassLoop {
  private busy = false;
  private again = false;
  private stopped = false;
  /** The pass under way, if any: the manager's stop() waits for it. */
  current: Promise<void> | undefined;
  /** Numbers the passes begun. */
  passes = 0;
  /** The number of the pass that may act, 0 between passes. */
  private livePass = 0;
  /** What the pass under way waits for: a pass that never ends holds back every later one, so the log names it. */
  private step = '';
  private debounce: NodeJS.Timeout | undefined;
  private wake: NodeJS.Timeout | undefined;
  private wakeTime = Infinity;
  /** Waiters of nextPass(), each with the number of passes begun when it asked. */
  private waiters: { resolve: () => void; after: number }[] = [];

  constructor(
    private readonly pass: (pass: number) => Promise<void>,
    private readonly log: (message: string) => void,
    private readonly opts: PassLoopOptions = {},
  ) {}

  /**
   * Asks for a pass soon; passes never overlap, and one asked for during a pass runs after it.
   * The pass comes PASS_DEBOUNCE_MS after the first ask of a burst, not after its last: the state
   * folder and the engine's events change all the time while pods start (each container's start
   * writes its pod's state), and a timer pushed back by every change would hold back the pass that
   * creates the pods of a new workload. Everything asked for within the wait is seen by that pass.
   */
  kick(): void {
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.run();
    }, PASS_DEBOUNCE_MS);
  }

  /** A pass at `at` (epoch ms, real time), unless one is due earlier. */
  wakeAt(at: number): void {
    if (this.stopped || at >= this.wakeTime) return;
    clearTimeout(this.wake);
    this.wakeTime = at;
    // A timer longer than 2^31-1 ms fires at once (a yearly CronJob): it wakes at the limit instead,
    // and that pass asks again.
    this.wake = setTimeout(() => {
      this.wakeTime = Infinity;
      this.kick();
    }, Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
  }

  /** Resolves when a pass begun after this call has ended (not one already under way: it listed earlier). */
  nextPass(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ resolve, after: this.passes });
      this.kick();
    });
  }

  /** Names what the pass waits for next, and stops a superseded pass from doing anything more. */
  at(pass: number, step?: string): void {
    if (this.livePass !== pass) throw new Superseded();
    if (step) this.step = step;
  }

  /** No more passes; resolves with the one under way (if any) ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wake);
    clearTimeout(this.debounce);
    await this.current?.catch(() => undefined);
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private run(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const pass = ++this.passes;
    this.livePass = pass;
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    const slow = setInterval(() => this.log(`pass ${pass} still running after ${seconds()} s, at: ${this.step}`), this.opts.slowPassMs ?? 30_000);
    const end = (completed: boolean) => {
      clearInterval(slow);
      clearTimeout(deadline);
      if (this.livePass !== pass) return; // superseded: the deadline ended it already
      this.livePass = 0;
      this.busy = false;
      if (completed) {
        // The pass that ended is number `pass`, the last begun (passes never overlap).
        const done = this.waiters.filter((w) => w.after < pass);
        this.waiters = this.waiters.filter((w) => w.after >= pass);
        for (const w of done) w.resolve();
      }
      if (this.again && !this.stopped) {
        this.again = false;
        this.run();
      }
    };
    // A pass waiting on an engine call that never returns would hold back every later pass, and no
    // workload would move again. Past its deadline it is superseded: the next pass lists afresh, and
    // the old one, if it ever wakes, acts on nothing (at() throws Superseded).
    const deadline = setTimeout(() => {
      if (this.livePass !== pass) return;
      this.log(`pass ${pass} abandoned after ${seconds()} s, at: ${this.step}; the next pass starts afresh`);
      this.current = undefined;
      this.again = true;
      end(false);
    }, this.opts.passDeadlineMs ?? 120_000);
    this.current = this.pass(pass)
      .catch((e) => {
        if (!(e instanceof Superseded)) this.log(`pass failed: ${(e as Error).stack ?? String(e)}`);
      })
      .finally(() => end(true));
  }
}
