// Edits the API rules' fixes need beyond analysis/src/edits.ts: removing one key of a block
// mapping, and adding a one-line key to one. Both return null for layouts they do not handle (flow
// style, a key sharing its line with another), so that a rule offers no fix rather than a wrong one.
import { isMap, isScalar, Node, Pair } from 'yaml';
import type { Segment, TextEdit } from '../../types';
import { lineStart, nextLineStart } from '../../edits';
import type { EditSource } from '../../edits';
import { findPair, locate } from '../../yamlModel';

export { applyEdits, insertSeqItem, removeSeqItem, replaceScalar } from '../../edits';

function keyStart(pair: Pair): number | null {
  const k = pair.key as Node | null;
  return k && k.range ? k.range[0] : null;
}

/** The end of what a pair writes: its value, or its key when the value is empty. */
function pairEnd(pair: Pair): number | null {
  const v = pair.value as Node | null;
  if (v && v.range) return v.range[1];
  const k = pair.key as Node | null;
  return k && k.range ? k.range[1] : null;
}

/** An edit removing the key at `path` (with its value) from a block mapping. */
export function removeKey(src: EditSource, path: readonly Segment[]): TextEdit | null {
  if (path.length === 0) return null;
  const text = src.file.text;
  const parent = locate(src.document.doc, path.slice(0, -1)).node;
  const key = path[path.length - 1];
  if (!isMap(parent) || parent.flow || typeof key !== 'string') return null;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (!pair || pair !== findPair(src.document.doc, parent, key)) return null;
  const start = keyStart(pair);
  const end = pairEnd(pair);
  if (start === null || end === null) return null;
  const index = parent.items.indexOf(pair);
  const next = parent.items[index + 1] as Pair | undefined;
  const nextStart = next ? keyStart(next) : null;
  const before = text.slice(lineStart(text, start), start);
  if (/^ *$/.test(before)) {
    // The key starts its line: take its lines, up to the next key's line or past the value.
    const to = nextStart !== null ? lineStart(text, nextStart) : nextLineStart(text, end);
    return { range: { start: lineStart(text, start), end: to }, newText: '' };
  }
  if (/^ *- +$/.test(before) && nextStart !== null) {
    // `- key: v` as the first entry of a sequence item: the next key moves up behind the dash.
    return { range: { start, end: nextStart }, newText: '' };
  }
  return null;
}

/**
 * An edit adding the line `line` (`key: value`) to the block mapping at `mapPath`: after its `name`
 * entry when that is a one-line scalar, else after its last entry.
 */
export function addKeyLine(src: EditSource, mapPath: readonly Segment[], line: string): TextEdit | null {
  const text = src.file.text;
  const map = locate(src.document.doc, mapPath).node;
  if (!isMap(map) || map.flow || map.items.length === 0 || !map.range) return null;
  const first = keyStart(map.items[0]);
  if (first === null) return null;
  const column = first - lineStart(text, first);
  const name = map.items.find((p) => isScalar(p.key) && p.key.value === 'name');
  const nameValue = name?.value as Node | null | undefined;
  let at: number;
  if (name && isScalar(nameValue) && nameValue.range && !text.slice(keyStart(name) ?? 0, nameValue.range[1]).includes('\n')) {
    at = nextLineStart(text, nameValue.range[1]);
  } else {
    at = nextLineStart(text, map.range[1]);
  }
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { range: { start: at, end: at }, newText: prefix + ' '.repeat(column) + line + '\n' };
}
