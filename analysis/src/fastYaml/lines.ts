// The line scan of the fast YAML path: indentation and what each line holds.
import { bail, HASH, SPACE, TAB } from './nodes';

export const enum Kind {
  Blank,
  Comment,
  Content,
  DocStart,
  DocEnd,
}

export interface Line {
  start: number;
  /** End of the line's text, without the newline. */
  end: number;
  /** Start of the next line (or the end of the text). */
  next: number;
  indent: number;
  kind: Kind;
}

export function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    const last = end < 0;
    if (last) end = n;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end && text.charCodeAt(i) === TAB) {
      // A tab before content is indentation YAML forbids; a tab-only line is blank.
      let j = i;
      while (j < end && (text.charCodeAt(j) === TAB || text.charCodeAt(j) === SPACE)) j++;
      if (j < end && text.charCodeAt(j) !== HASH) bail();
    }
    const c = i < end ? text.charCodeAt(i) : -1;
    let kind: Kind;
    if (c === -1 || c === TAB) kind = Kind.Blank;
    else if (c === HASH) kind = Kind.Comment;
    else if (i === start && text.startsWith('---', start) && isEndOrSpace(text, start + 3, end)) {
      if (!restIsComment(text, start + 3, end)) bail();
      kind = Kind.DocStart;
    } else if (i === start && text.startsWith('...', start) && isEndOrSpace(text, start + 3, end)) {
      if (!restIsComment(text, start + 3, end)) bail();
      kind = Kind.DocEnd;
    } else if (i === start && c === 37 /* % directive */) bail();
    else kind = Kind.Content;
    lines.push({ start, end, next: last ? n : end + 1, indent: i - start, kind });
    if (last) break;
    start = end + 1;
  }
  return lines;
}

function isEndOrSpace(text: string, i: number, end: number): boolean {
  return i >= end || text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB;
}

export function restIsComment(text: string, i: number, end: number): boolean {
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  return i >= end || text.charCodeAt(i) === HASH;
}
