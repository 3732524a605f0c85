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
}

export function processIO(): CliIO {
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
  };
}
