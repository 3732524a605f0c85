/** Exit code for a usage or I/O error (bad flag, unreadable file, engine unreachable). */
export const USAGE_ERROR = 2;

/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read whole (for `-`). */
  readStdin(): Promise<string>;
  /** True when stdout is a terminal (colours, progress). */
  isTTY: boolean;
  cwd: string;
  /**
   * `out` and `err` are this process's own stdout and stderr: a worker thread may write its output
   * to them itself (file descriptors 1 and 2) rather than hand it to this thread to write.
   */
  stdio?: boolean;
  /**
   * Writes as is, where `out` and `err` escape control characters (terminalSafe): for the command's
   * own colours and progress lines, and for a container's output.
   */
  raw?: { out(text: string): void; err(text: string): void };
}

/**
 * A reader that stops reading (`podwright lint | head`, `podwright logs -f | grep -m1 x`) is not an
 * error of the command: the process ends quietly, as a Unix filter does on SIGPIPE, instead of
 * dying on an unhandled EPIPE with a stack trace. The status is the command's, if it has one yet.
 */
function endQuietlyWhenTheReaderLeaves(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit();
  });
}

export function processIO(): CliIO {
  endQuietlyWhenTheReaderLeaves();
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: !!process.stdout.isTTY,
    cwd: process.cwd(),
    stdio: true,
  };
}
