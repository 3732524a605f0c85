// Messages quote what a document says, and a document may say a megabyte in one scalar or key. A
// problem list must stay readable (a terminal, the Problems panel, the protocol's messages), so
// quoted text is cut to its first QUOTE_MAX characters and "…": enough to recognise the value,
// which the problem's range shows in full.
import { formatPath } from './fieldPath';
import type { Segment } from './types';

export const QUOTE_MAX = 60;

/** `text` cut to its first `max` characters and "…" when longer. */
export function shortened(text: string, max = QUOTE_MAX): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `'value'`, shortened: for messages. */
export function quote(value: unknown): string {
  return `'${shortened(String(value))}'`;
}

/** A word longer than this in a message can only be quoted document text. */
const LONG_WORD = /[^\s']{81,}/g;

/**
 * The last line of defence, applied to every message: any run of more than 80 characters without a
 * space or a quote (quoted text a rule forgot to shorten) is cut to QUOTE_MAX characters and "…".
 */
export function withShortWords(message: string): string {
  return hasLongWord(message) ? message.replace(LONG_WORD, (w) => shortened(w)) : message;
}

/**
 * Whether `message` has a run of more than 80 characters without a space or a quote: one pass, where
 * LONG_WORD alone backtracks over every word of every message (a tenth of lint's time, measured).
 */
function hasLongWord(message: string): boolean {
  if (message.length <= 80) return false;
  // Spaces are among the characters that end a word: when no two are more than 80 apart (nearly
  // every message), no word is longer, and indexOf finds that without looking at each character.
  let space = -1;
  for (;;) {
    const next = message.indexOf(' ', space + 1);
    if ((next < 0 ? message.length : next) - space - 1 > 80) break;
    if (next < 0) return false;
    space = next;
  }
  let run = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    // The whitespace LONG_WORD's \s stops at, in the range messages use, and the quote.
    if (c === 0x20 || c === 0x27 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000) run = 0;
    else if (++run > 80) return true;
  }
  return false;
}

/** Paths deeper than this are shown shortened. The deepest a pod field goes is about 15 segments. */
export const PATH_SEGMENTS_SHOWN = 20;
const PATH_HEAD = 10;
const PATH_TAIL = 6;

/**
 * A field path for a problem, as formatPath writes it, kept readable whatever the document: long keys
 * are shortened like quoted values, and a path deeper than PATH_SEGMENTS_SHOWN keeps its first and
 * last segments around a "…" (`[0][0][0][0]…[0][0]`), where the range says exactly where it is.
 */
export function displayPath(path: readonly Segment[], document?: unknown, version?: string): string {
  const segs = path.map((s) => (typeof s === 'string' ? shortened(s) : s));
  if (segs.length <= PATH_SEGMENTS_SHOWN) return formatPath(segs, document, version);
  // The tail is formatted as a continuation: after any first segment, then without it.
  const tail = formatPath(['x', ...segs.slice(-PATH_TAIL)]).slice(1);
  return `${formatPath(segs.slice(0, PATH_HEAD), document, version)}…${tail}`;
}
