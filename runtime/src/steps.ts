// Independent steps of one piece of work (creating a pod), run together.
/**
 * Runs the steps of a creation together. A step that fails stops the others at their next check
 * (`check` throws its failure), and the whole ends only once every step has ended, with the first
 * failure: the caller removes what was made, and nothing may still be in the making then.
 */
export class Steps {
  private failure: { error: unknown } | undefined;
  private readonly running: Promise<unknown>[] = [];

  constructor(private readonly checkStop: () => void) {}

  /** Throws when the pod was asked to stop or another step failed. */
  readonly check = (): void => {
    this.checkStop();
    if (this.failure) throw this.failure.error;
  };

  run<T>(work: () => Promise<T>): Promise<T> {
    const p = work().catch((e: unknown) => {
      this.failure ??= { error: e };
      throw e;
    });
    // Marked handled: the failure is end()'s to report, whoever else awaits this step and when.
    p.catch(() => undefined);
    this.running.push(p);
    return p;
  }

  async end(): Promise<void> {
    await Promise.allSettled(this.running);
    if (this.failure) throw this.failure.error;
    this.checkStop();
  }
}
