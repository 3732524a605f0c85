// Text from manifests, file names and containers, made harmless for a terminal before it is printed.
import type { CliIO } from './io';

/**
 * Control characters that make a terminal act rather than print: C0 but for tab and newline, DEL,
 * and C1 (U+0080–U+009F; U+009B is CSI on terminals that honour 8-bit controls).
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * A string with every control character written visibly: ESC as `^[` and CR as `\r`, as kubectl
 * prints them since CVE-2021-25743 (printers.EscapeTerminal), the other C0 characters in caret
 * notation (`^G`), DEL as `^?`, C1 as `\x9b`.
 *
 * Why: a manifest from someone else's repository, a file name, an event or a container's
 * termination message could otherwise clear the screen, retitle the window, hide lines behind `\r`
 * or forge a clean `lint` summary. Tab and newline stay, as in kubectl; the escaped form has no
 * control character left, so escaping twice changes nothing.
 */
export function escapeTerminal(s: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\r') return '\\r';
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    return `\\x${code.toString(16)}`;
  });
}

/**
 * The IO every command is given: what it prints through `out` and `err` is escaped. A command's own
 * control sequences (a colour, a progress line redrawn in place) and a container's own output
 * (`logs`, `exec`, `debug`, which kubectl and docker pass through as the program wrote it) go
 * through `raw`, which writes as is.
 */
export function terminalSafe(io: CliIO): CliIO {
  const raw = io.raw ?? { out: (t: string) => io.out(t), err: (t: string) => io.err(t) };
  return {
    ...io,
    out: (t) => io.out(escapeTerminal(t)),
    err: (t) => io.err(escapeTerminal(t)),
    raw,
  };
}
