// Writing a command's output straight to a file descriptor, from any thread: the one worker that
// lints every file writes the run's output itself (lintWorker.ts) rather than copy megabytes of it
// to the main thread to write there.
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes `text` to `fd` (1 or 2) whole. Node may have made a pipe non-blocking (the main thread's
 * process.stdout does), so a full pipe says EAGAIN: wait a millisecond for the reader and go on.
 * False when the reader has gone (EPIPE): the rest is not wanted.
 */
export function writeWhole(fd: number, text: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE') return false;
      else throw e;
    }
  }
  return true;
}
