// Shared by the API rule tests: run the analysis, pick one rule's problems, read what a range covers,
// apply a fix and analyse again.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../analysis/src/analyze';
import { applyEdits } from '../../../../analysis/src/edits';
import type { AnalysisOptions, Fix, Problem } from '../../../../analysis/src/types';

export function problemsOf(text: string, rule: string, options: AnalysisOptions = {}): Problem[] {
  return analyze(text, options).problems.filter((p) => p.rule === rule);
}

/** The text a range covers. */
export function at(text: string, p: { range: { start: number; end: number } }): string {
  return text.slice(p.range.start, p.range.end);
}

/** The one problem of `rule` (fails when there is not exactly one). */
export function single(text: string, rule: string, options: AnalysisOptions = {}): Problem {
  const ps = problemsOf(text, rule, options);
  assert.equal(ps.length, 1, `expected one ${rule} problem, got ${ps.length}: ${ps.map((p) => `${p.path}: ${p.message}`).join(' | ')}`);
  return ps[0];
}

export function fixNamed(p: Problem, prefix: string): Fix {
  const f = p.fixes?.find((x) => x.title.startsWith(prefix));
  assert.ok(f, `no fix starting '${prefix}' among ${JSON.stringify(p.fixes?.map((x) => x.title))}`);
  return f;
}

export function apply(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies a fix and checks that the rule no longer reports anything and the YAML still parses. */
export function applyAndRecheck(text: string, fix: Fix, rule: string, options: AnalysisOptions = {}): string {
  const fixed = apply(text, fix);
  const after = analyze(fixed, options).problems;
  assert.deepEqual(after.filter((p) => p.rule === 'yaml-syntax' || p.rule === 'yaml-duplicate-key'), [], `fix broke the YAML:\n${fixed}`);
  assert.deepEqual(after.filter((p) => p.rule === rule).map((p) => `${p.path}: ${p.message}`), [], `still reported after the fix:\n${fixed}`);
  return fixed;
}

const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'api');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Wraps container YAML (indented for `spec:` at column 0 plus 2) into a Pod. */
export function pod(spec: string, name = 'demo'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}
