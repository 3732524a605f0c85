// Shared by the lint rule tests: run the analysis, keep one rule's problems, read their ranges back.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../analysis/src/analyze';
import { applyEdits } from '../../../../analysis/src/edits';
import type { AnalysisOptions, Fix, Problem } from '../../../../analysis/src/types';

export function problems(text: string, rule: string, options: AnalysisOptions = {}): Problem[] {
  return analyze(text, options).problems.filter((p) => p.rule === rule);
}

/** The text a problem's range covers. */
export function at(text: string, p: { range: { start: number; end: number } }): string {
  return text.slice(p.range.start, p.range.end);
}

/** The 1-based line a problem starts on. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export function one(text: string, rule: string, options: AnalysisOptions = {}): Problem {
  const ps = problems(text, rule, options);
  assert.equal(ps.length, 1, `expected one ${rule} problem, got ${ps.length}: ${ps.map((p) => p.message).join(' | ')}`);
  return ps[0];
}

export function onlyFix(p: Problem): Fix {
  assert.ok(p.fixes && p.fixes.length === 1, `expected one fix on ${p.rule}`);
  return p.fixes[0];
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Fixtures live in test/fixtures/lint (the compiled test runs from out/test/…, so resolve from the root). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'lint', name), 'utf8');
}
