// What "press any key" must not take for a key: the terminal's own replies and reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTerminalReport } from '../../client/src/flows/terminalInput';

test("a cursor position reply, focus reports and device attributes are the terminal's, not a key", () => {
  for (const report of ['\x1b[6;5R', '\x1b[12;80R', '\x1b[I', '\x1b[O', '\x1b[?1;2c', '\x1b[?62;22c']) assert.equal(isTerminalReport(report), true, JSON.stringify(report));
  // Keys a person presses, arrows and function keys included, still close the terminal.
  for (const key of ['x', '\r', ' ', '\x1b', '\x1b[A', '\x1b[15~', '\x03', 'ab']) assert.equal(isTerminalReport(key), false, JSON.stringify(key));
});
