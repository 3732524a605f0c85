// `# podwright-disable-next-line [rule, ...]` silences the next line; `# podwright-disable-file
// [rule, ...]` anywhere in a file silences the whole file. Without rule ids, every rule.
import type { Problem } from './types';
import type { ParsedFile } from './yamlModel';

const DIRECTIVE = /#\s*podwright-disable-(next-line|file)\b([^\n]*)/g;

interface Suppression {
  /** 1-based line the directive applies to; 0 for the whole file. */
  line: number;
  rules: Set<string> | null;
}

function parseRules(rest: string): Set<string> | null {
  const ids = rest
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('--'));
  // A `--` starts a free-text reason, as in eslint.
  const cut = rest.indexOf('--');
  const list = cut >= 0 ? rest.slice(0, cut).split(/[\s,]+/).filter(Boolean) : ids;
  return list.length ? new Set(list) : null;
}

export function findSuppressions(file: ParsedFile): Suppression[] {
  const out: Suppression[] = [];
  if (!file.text.includes('podwright-disable')) return out;
  for (const m of file.text.matchAll(DIRECTIVE)) {
    const { line } = file.lineCounter.linePos(m.index ?? 0);
    out.push({ line: m[1] === 'file' ? 0 : line + 1, rules: parseRules(m[2]) });
  }
  return out;
}

export function applySuppressions(file: ParsedFile, problems: Problem[]): Problem[] {
  const sups = findSuppressions(file);
  if (sups.length === 0) return problems;
  return problems.filter((p) => {
    const { line } = file.lineCounter.linePos(p.range.start);
    return !sups.some((s) => (s.line === 0 || s.line === line) && (!s.rules || s.rules.has(p.rule)));
  });
}
