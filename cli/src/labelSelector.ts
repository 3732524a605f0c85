// kubectl's `-l/--selector` strings, as k8s.io/apimachinery/pkg/labels/selector.go parses them:
// requirements joined by commas, each `key`, `!key`, `key=v`, `key==v`, `key!=v`, `key in (a,b)`,
// `key notin (a,b)`, `key>N` or `key<N`. `!=` and `notin` also match objects without the label.
import { UsageError } from './args';

type Requirement =
  | { key: string; op: 'exists' | 'absent' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type LabelSelector = (labels: Record<string, string> | undefined) => boolean;

// A label key (an optional DNS prefix and a name) or value; the parser checks the shape of a
// token, validation of lengths is the API server's and not needed to match.
const TOKEN = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

export function parseLabelSelector(text: string): LabelSelector {
  const requirements = splitTopLevel(text).map((part) => requirementOf(part.trim(), text));
  return (labels) => requirements.every((r) => matches(r, labels ?? {}));
}

/** Splits on the commas that are not inside a `( … )` set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function requirementOf(part: string, whole: string): Requirement {
  const bad = (why: string): never => {
    throw new UsageError(`unable to parse requirement '${part}' of selector '${whole}': ${why}`);
  };
  if (!part) bad('it is empty');
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim());
    for (const v of values) if (v && !TOKEN.test(v)) bad(`invalid value '${v}'`);
    return { key: keyOf(set[1], bad), op: set[2] as 'in' | 'notin', values };
  }
  if (part.startsWith('!')) return { key: keyOf(part.slice(1).trim(), bad), op: 'absent' };
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(part);
  if (!cmp) return { key: keyOf(part, bad), op: 'exists' };
  const [, key, op, value] = cmp;
  if (op === '<' || op === '>') {
    if (!/^-?\d+$/.test(value)) bad(`'${op}' needs an integer, not '${value}'`);
    return { key: keyOf(key, bad), op: op === '>' ? 'gt' : 'lt', value: Number(value) };
  }
  if (value && !TOKEN.test(value)) bad(`invalid value '${value}'`);
  return { key: keyOf(key, bad), op: op === '!=' ? 'notin' : 'in', values: [value] };
}

function keyOf(key: string, bad: (why: string) => never): string {
  if (!TOKEN.test(key)) bad(`invalid label key '${key}'`);
  return key;
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case 'absent':
      return !has;
    case 'in':
      return has && r.values.includes(value);
    case 'notin':
      return !has || !r.values.includes(value);
    case 'gt':
    case 'lt': {
      // selector.go: the label must hold an integer, else the object does not match.
      if (!has || !/^-?\d+$/.test(value)) return false;
      return r.op === 'gt' ? Number(value) > r.value : Number(value) < r.value;
    }
  }
}
