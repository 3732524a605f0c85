// Where a completion is asked for, worked out from the text around the cursor rather than from the
// syntax tree alone: while someone types `    ima` the line is not yet a key, so the tree has no
// node there. The line is rewritten with a marker key (or marker value) and the text parsed again;
// the marker's field path in that tree says which mapping (or field) the cursor is in.
import { isMap, isScalar, locate, parseYaml, pathAtOffset, type OffsetRange, type Segment, type ParsedDocument, type ParsedFile } from '../../analysis/src';

export const MARKER = '__podwright_completion__';

export interface CompletionSite {
  mode: 'key' | 'value';
  /** key: path of the mapping that receives the key; value: path of the field whose value is typed. */
  path: Segment[];
  /** Keys already written in that mapping (key mode). */
  siblings: string[];
  /** What was typed so far. */
  prefix: string;
  /** The text a chosen item replaces (the whole word under the cursor). */
  replace: OffsetRange;
  /** Column of the key being written (key mode), for items that continue on the next lines. */
  keyColumn: number;
  /** The value mode cursor directly follows the colon: the item must bring its own space. */
  needsSpace: boolean;
  /** The file as parsed with the marker, and the document holding it (for reference lookups). */
  file: ParsedFile;
  document: ParsedDocument;
}

const WORD = /[A-Za-z0-9_.\/-]*$/;
const WORD_AFTER = /^[A-Za-z0-9_.\/-]*/;
const KEY_LINE = /^([ \t]*(?:-[ \t]+)*)([A-Za-z0-9_.\/-]*)$/;
const VALUE_LINE = /^([ \t]*(?:-[ \t]+)*)(["']?)([A-Za-z0-9_.\/-]+)\2:([ \t]*)(["']?)([A-Za-z0-9_.\/-]*)$/;

function documentAt(file: ParsedFile, offset: number): ParsedDocument | undefined {
  return file.documents.find((d) => d.range.start <= offset && offset <= d.range.end) ?? file.documents[file.documents.length - 1];
}

export function completionSite(text: string, offset: number): CompletionSite | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd).replace(/\r$/, '');
  const wordAfter = WORD_AFTER.exec(after)?.[0] ?? '';
  const rest = after.slice(wordAfter.length);

  const key = KEY_LINE.exec(before);
  if (key) {
    const lead = key[1];
    const prefix = key[2];
    // Keep what follows the key (`: value`) so the line still parses as it will be.
    const tail = rest.trimStart().startsWith(':') ? rest : ':';
    const line = `${lead}${MARKER}${tail}`;
    const markerAt = lineStart + lead.length;
    const parsed = reparse(text, lineStart, lineEnd, line, markerAt);
    if (!parsed) return null;
    const { file, document, path } = parsed;
    if (path[path.length - 1] !== MARKER) return null;
    const parentPath = path.slice(0, -1);
    const parent = locate(document.doc, parentPath).node;
    const siblings: string[] = [];
    if (isMap(parent)) {
      for (const item of parent.items) {
        const k = isScalar(item.key) ? String(item.key.value) : '';
        if (k && k !== MARKER) siblings.push(k);
      }
    }
    return {
      mode: 'key',
      path: parentPath,
      siblings,
      prefix,
      replace: { start: offset - prefix.length, end: offset + wordAfter.length },
      keyColumn: lead.length,
      needsSpace: false,
      file,
      document,
    };
  }

  const value = VALUE_LINE.exec(before);
  if (value) {
    const [, lead, quote, name, space, , prefix] = value;
    const line = `${lead}${quote}${name}${quote}: ${MARKER}`;
    const markerAt = lineStart + line.length - MARKER.length;
    const parsed = reparse(text, lineStart, lineEnd, line, markerAt);
    if (!parsed) return null;
    const { file, document, path } = parsed;
    const node = locate(document.doc, path).node;
    if (!isScalar(node) || node.value !== MARKER) return null;
    return {
      mode: 'value',
      path,
      siblings: [],
      prefix,
      replace: { start: offset - (WORD.exec(before)?.[0].length ?? 0), end: offset + wordAfter.length },
      keyColumn: lead.length,
      needsSpace: space.length === 0,
      file,
      document,
    };
  }
  return null;
}

function reparse(text: string, lineStart: number, lineEnd: number, line: string, markerAt: number): { file: ParsedFile; document: ParsedDocument; path: Segment[] } | null {
  const file = parseYaml(text.slice(0, lineStart) + line + text.slice(lineEnd));
  const document = documentAt(file, markerAt);
  if (!document) return null;
  return { file, document, path: pathAtOffset(document, markerAt + 1) };
}
