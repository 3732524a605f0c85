// Above these sizes a file is not analysed at all (one information diagnostic says so). The analysis
// runs in a worker thread with a deadline (documentService.ts), so a large file cannot stall the
// server; the limit keeps the work bounded: 20,000 lines of manifests analyse in well under a second
// on a laptop core, and the worst shapes found of that size in about two.
export const MAX_CHARS = 2 * 1024 * 1024;
export const MAX_LINES = 20_000;

export interface SizeVerdict {
  ok: boolean;
  /** Why the file is skipped, for the person. */
  reason?: string;
}

function countLines(text: string, stopAfter: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (++lines > stopAfter) break;
  }
  return lines;
}

export function checkSize(text: string): SizeVerdict {
  if (text.length > MAX_CHARS) {
    const mb = (text.length / (1024 * 1024)).toFixed(1);
    return { ok: false, reason: `Podwright skipped this file: it has ${mb} MB of text, above the 2 MB limit. Split it into smaller files to have it checked.` };
  }
  const lines = countLines(text, MAX_LINES);
  if (lines > MAX_LINES) {
    return { ok: false, reason: `Podwright skipped this file: it has more than ${MAX_LINES.toLocaleString('en-US')} lines. Split it into smaller files to have it checked.` };
  }
  return { ok: true };
}
