// Every request handler runs inside a guard: whatever the input, the answer is a result (empty when
// something went wrong, with the error in the server's log), never an internal error.
export type Logger = (message: string) => void;

export function guarded<P, R>(name: string, log: Logger, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      log(`podwright: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}

/** The same guard for notifications, which have no answer. */
export function guardedNotification<P>(name: string, log: Logger, handler: (params: P) => void): (params: P) => void {
  return (params: P) => {
    try {
      handler(params);
    } catch (e) {
      log(`podwright: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
}
