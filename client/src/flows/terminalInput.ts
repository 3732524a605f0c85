// Input a terminal sends on its own, not typed by a person: replies to a program's queries (the
// cursor position a line editor asks for, device attributes) and focus reports. A shell that asked
// just before it ended gets its reply after: "press any key to close" must not take it for a key.
const REPORT = /^\x1b\[(\d+;\d+R|[IO]|\?[\d;]*c)$/;

export function isTerminalReport(data: string): boolean {
  return REPORT.test(data);
}
