// Text edits for quick fixes, computed on the original text and its syntax tree. Edits keep the
// author's layout: block sequences keep their indentation style (`- ` flush with the key or indented),
// comments inside a moved item move with it. Where the layout is one these helpers do not handle
// (flow collections, anchors), they return null and the rule offers no fix rather than a wrong one.
import { isMap, isScalar, isSeq, Node } from 'yaml';
import type { OffsetRange, Segment, TextEdit } from './types';
import { locate, ParsedDocument, ParsedFile } from './yamlModel';

/** A document and the text it was parsed from. A PodContext is one. */
export interface EditSource {
  file: ParsedFile;
  document: ParsedDocument;
}

/** Applies edits (non-overlapping, offsets into `text`) and returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line holding `offset` (past its newline), or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** A node's own node in the tree, only when it is written in place (an alias points elsewhere). */
function nodeAt(doc: EditSource, path: readonly Segment[]): Node | null {
  const loc = locate(doc.document.doc, path);
  return loc.depth === path.length ? loc.node : null;
}

/** The raw node of a sequence item (unresolved, so that an alias item is seen as one). */
function rawItem(doc: EditSource, seqPath: readonly Segment[], index: number): Node | null {
  const seq = nodeAt(doc, seqPath);
  if (!isSeq(seq) || seq.flow) return null;
  const item = seq.items[index] as Node | undefined;
  return item && (isMap(item) || isScalar(item) || isSeq(item)) && item.range ? item : null;
}

/** Where a block sequence item is written: from its `-` line start to the start of the line after it. */
export function blockItemRange(doc: EditSource, seqPath: readonly Segment[], index: number): (OffsetRange & { dashColumn: number; contentColumn: number }) | null {
  const item = rawItem(doc, seqPath, index);
  if (!item || !item.range) return null;
  return itemRangeOf(doc, item);
}

function itemRangeOf(doc: EditSource, item: Node): (OffsetRange & { dashColumn: number; contentColumn: number }) | null {
  if (!item.range) return null;
  const src = sourceOf(doc);
  const contentStart = item.range[0];
  // The dash is the last non-blank character before the content on the same line.
  const start = lineStart(src, contentStart);
  const before = src.slice(start, contentStart);
  const m = /^( *)- +$/.exec(before);
  if (!m) return null; // `- - x`, a comment between dash and content, or not a block item
  return {
    start,
    end: nextLineStart(src, item.range[1]),
    dashColumn: m[1].length,
    contentColumn: contentStart - start,
  };
}

function sourceOf(src: EditSource): string {
  return src.file.text;
}

/** Options for taking an item out of a sequence. */
export interface ItemOptions {
  /**
   * Include the full-line comments written directly above the item (at its dash column or deeper):
   * they usually describe it, and should move with it rather than be left describing its neighbour.
   */
  withLeadingComments?: boolean;
}

/** The start of the comment lines directly above `start`, indented at least `column`. */
function leadingCommentsStart(src: string, start: number, column: number): number {
  let s = start;
  while (s > 0) {
    const prev = lineStart(src, s - 1);
    const m = /^( *)#/.exec(src.slice(prev, s - 1));
    if (!m || m[1].length < column) break;
    s = prev;
  }
  return s;
}

/** An edit removing item `index` of the block sequence at `seqPath`, or null. */
export function removeSeqItem(doc: EditSource, seqPath: readonly Segment[], index: number, opts: ItemOptions = {}): TextEdit | null {
  const r = blockItemRange(doc, seqPath, index);
  if (!r) return null;
  const start = opts.withLeadingComments ? leadingCommentsStart(sourceOf(doc), r.start, r.dashColumn) : r.start;
  return { range: { start, end: r.end }, newText: '' };
}

/**
 * The text of a block sequence item, re-indented so that its dash sits at column 0 and its content
 * at column 2 (`- name: a\n  image: b\n`), ready for `insertSeqItem`.
 */
export function seqItemText(doc: EditSource, seqPath: readonly Segment[], index: number, opts: ItemOptions = {}): string | null {
  const r = blockItemRange(doc, seqPath, index);
  if (!r) return null;
  const src = sourceOf(doc);
  const commentsStart = opts.withLeadingComments ? leadingCommentsStart(src, r.start, r.dashColumn) : r.start;
  const comments = src
    .slice(commentsStart, r.start)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.slice(r.dashColumn) + '\n')
    .join('');
  const lines = src.slice(r.start, r.end).replace(/\n$/, '').split('\n');
  const shift = r.contentColumn;
  const out = lines.map((line, i) => {
    if (i === 0) return '- ' + line.slice(r.contentColumn);
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    // Blank lines and lines indented less than the content (comments) keep what they can.
    return line.trim() === '' ? '' : '  ' + line.slice(Math.min(lead, shift));
  });
  return comments + out.join('\n') + '\n';
}

function indent(block: string, by: number): string {
  const pad = ' '.repeat(by);
  return block
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/**
 * An edit adding `item` (text from `seqItemText`, dash at column 0) at the end of the block sequence
 * `key` of the mapping at `mapPath`. When the key is absent, or holds null or `[]`, the key is written
 * (before the sibling `before` when that exists, else at the end of the mapping), with the dash
 * indented as in the sequence `styleLike` (when given and present). Null when the layout is not one
 * this handles.
 */
export function insertSeqItem(
  doc: EditSource,
  mapPath: readonly Segment[],
  key: string,
  item: string,
  opts: { before?: string; styleLike?: readonly Segment[] } = {},
): TextEdit | null {
  const src = sourceOf(doc);
  const map = nodeAt(doc, mapPath);
  if (!isMap(map) || map.flow || map.items.length === 0) return null;
  const pairs = map.items;
  const keyColumnOf = (k: unknown): number | null => {
    const n = k as Node | null;
    return n && n.range ? columnOf(src, n.range[0]) : null;
  };
  const keyColumn = keyColumnOf(pairs[0].key);
  if (keyColumn === null) return null;
  const existing = pairs.find((p) => isScalar(p.key) && String((p.key as { value: unknown }).value) === key);
  const value = existing?.value as Node | null | undefined;
  if (existing && isSeq(value) && !value.flow && value.items.length > 0) {
    const last = value.items[value.items.length - 1] as Node;
    const r = itemRangeOf(doc, last);
    if (!r) return null;
    return { range: { start: r.end, end: r.end }, newText: (src[r.end - 1] === '\n' || r.end === 0 ? '' : '\n') + indent(item, r.dashColumn) };
  }
  const dashOffset = styleDashOffset(doc, opts.styleLike);
  const body = indent(item, keyColumn + dashOffset);
  if (existing) {
    // `key:` with nothing, `key: null` or `key: []`: replace the value with a block sequence.
    const empty = value === null || value === undefined || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0);
    const keyNode = existing.key as Node;
    if (!empty || !keyNode.range) return null;
    const colon = src.indexOf(':', keyNode.range[1]);
    if (colon < 0) return null;
    const end = nextLineStart(src, value && value.range ? value.range[1] : colon + 1);
    return { range: { start: colon + 1, end }, newText: '\n' + body };
  }
  const beforePair = opts.before ? pairs.find((p) => isScalar(p.key) && String((p.key as { value: unknown }).value) === opts.before) : undefined;
  const beforeKey = beforePair?.key as Node | undefined;
  const at = beforeKey?.range ? lineStart(src, beforeKey.range[0]) : mapEnd(src, map);
  if (at === null) return null;
  // Insert only at a line start whose line holds this mapping's key (not mid-line in a `- key:` item).
  if (beforeKey?.range && columnOf(src, beforeKey.range[0]) !== keyColumn) return null;
  if (beforeKey?.range && src.slice(at, beforeKey.range[0]).trim() !== '') return null;
  const prefix = at > 0 && src[at - 1] !== '\n' ? '\n' : '';
  return { range: { start: at, end: at }, newText: prefix + ' '.repeat(keyColumn) + key + ':\n' + body };
}

function mapEnd(src: string, map: Node): number | null {
  if (!map.range) return null;
  return nextLineStart(src, map.range[1]);
}

/** How far a sequence's dashes sit right of its key (0 for `key:\n- a`, 2 for `key:\n  - a`). */
function styleDashOffset(doc: EditSource, like: readonly Segment[] | undefined): number {
  if (!like || like.length === 0) return 0;
  const src = sourceOf(doc);
  const loc = locate(doc.document.doc, like);
  const seq = loc.node;
  const keyNode = loc.pair?.key as Node | undefined;
  if (!isSeq(seq) || seq.flow || seq.items.length === 0 || !keyNode?.range) return 0;
  const r = itemRangeOf(doc, seq.items[0] as Node);
  if (!r) return 0;
  return Math.max(0, r.dashColumn - columnOf(src, keyNode.range[0]));
}

/** An edit replacing the scalar at `path` with `newText`, or null when it is not a scalar there. */
export function replaceScalar(doc: EditSource, path: readonly Segment[], newText: string): TextEdit | null {
  const node = nodeAt(doc, path);
  if (!isScalar(node) || !node.range) return null;
  return { range: { start: node.range[0], end: node.range[1] }, newText };
}

/**
 * Adds a one-line `key: value` entry right after the dash line of an item text produced by
 * `seqItemText`: used to give a moved container its `restartPolicy`.
 */
export function addLineToItem(item: string, line: string): string {
  // After the dash line, which leading comments may precede.
  const dash = item.startsWith('- ') ? 0 : item.indexOf('\n- ') + 1;
  const nl = item.indexOf('\n', dash);
  if (nl < 0) return item + '\n  ' + line + '\n';
  return item.slice(0, nl + 1) + '  ' + line + '\n' + item.slice(nl + 1);
}
