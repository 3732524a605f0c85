// Helpers for the rules that check objects beside their pods (Deployments' strategies, Services,
// ConfigMaps …): which object a document is, and the checks k8s.io/apimachinery's validation helpers
// make of single fields (ValidateNonnegativeField, IsValidPercent, ValidatePositiveIntOrPercent in
// pkg/apis/apps/validation). Messages are ours and short; the field path is the API server's.
import type { ObjectContext, Report } from '../../rule';
import type { Segment } from '../../types';
import { isObject } from '../../values';

/** The object a document holds when it is `apiVersion`/`kind` (a CRD of the same kind is not). */
export function objectOf(ctx: ObjectContext, apiVersion: string, kinds: readonly string[]): string | null {
  const kind = ctx.value.kind;
  return ctx.value.apiVersion === apiVersion && typeof kind === 'string' && kinds.includes(kind) ? kind : null;
}

/** The mapping at `spec`, or null. */
export function specOf(value: Record<string, unknown>): Record<string, unknown> | null {
  return isObject(value.spec) ? value.spec : null;
}

/** A whole number (YAML may give 1.5, which the schema already calls a wrong type). */
export function int(obj: Record<string, unknown>, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** ValidateNonnegativeField: reports a negative whole number at `path`; true when it reported. */
export function nonNegative(report: (r: Report) => void, obj: Record<string, unknown>, key: string, path: readonly Segment[]): boolean {
  const n = int(obj, key);
  if (n === undefined || n >= 0) return false;
  report({ path: [...path, key], message: `${key} must be greater than or equal to 0 (it is ${n}).` });
  return true;
}

/** An IntOrString as the apps validation reads it: a whole number, a percentage, or neither. */
export type IntOrPercent = { type: 'int'; value: number } | { type: 'percent'; value: number } | { type: 'invalid'; text: string };

export function intOrPercent(v: unknown): IntOrPercent | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return { type: 'int', value: v };
  // IsValidPercent: digits followed by '%' (k8s.io/apimachinery/pkg/util/validation).
  if (typeof v === 'string') return /^[0-9]+%$/.test(v) ? { type: 'percent', value: Number(v.slice(0, -1)) } : { type: 'invalid', text: v };
  return undefined;
}

/** getIntOrPercentValue: the number, percent or not; a string that is no percentage counts as its Atoi (0 when none). */
export function intOrPercentValue(v: IntOrPercent | undefined): number {
  if (!v) return 0;
  if (v.type === 'invalid') return /^[+-]?\d+$/.test(v.text) ? Number(v.text) : 0;
  return v.value;
}

/**
 * ValidatePositiveIntOrPercent and, with `max100`, IsNotMoreThan100Percent: a negative number, a
 * string that is not `N%`, or a percentage over 100 %. True when it reported.
 */
export function checkIntOrPercent(report: (r: Report) => void, obj: Record<string, unknown>, key: string, path: readonly Segment[], max100: boolean): boolean {
  const v = intOrPercent(obj[key]);
  if (!v) return false;
  const at = [...path, key];
  if (v.type === 'invalid') {
    report({ path: at, message: `${key} must be a whole number or a percentage such as '25%', not '${v.text}'.` });
    return true;
  }
  if (v.type === 'int' && v.value < 0) {
    report({ path: at, message: `${key} must not be negative (it is ${v.value}).` });
    return true;
  }
  if (max100 && v.type === 'percent' && v.value > 100) {
    report({ path: at, message: `${key} must not be more than 100% (it is ${v.value}%).` });
    return true;
  }
  return false;
}
