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
  // What each line silences (0: the whole file), merged once: thousands of directives and of
  // problems cost their number, not its square. null: every rule.
  const byLine = new Map<number, Set<string> | null>();
  for (const s of sups) {
    const known = byLine.get(s.line);
    if (known === null) continue;
    if (!s.rules) byLine.set(s.line, null);
    else if (!known) byLine.set(s.line, new Set(s.rules));
    else for (const r of s.rules) known.add(r);
  }
  const silenced = (line: number, rule: string) => {
    const rules = byLine.get(line);
    return rules === null || (rules !== undefined && rules.has(rule));
  };
  return problems.filter((p) => !silenced(0, p.rule) && !silenced(file.lineCounter.linePos(p.range.start).line, p.rule));
}
