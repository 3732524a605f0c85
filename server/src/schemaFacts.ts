// What the shipped schema says about a field, for hover and completion: a thin view of the
// analysis' schema lookup, which never throws into a request handler.
import { fieldInfo, type FieldInfo, type Segment } from '../../analysis/src';

export type FieldFacts = FieldInfo;

/** Facts of the field at `path` (from the document root) of an object of that apiVersion/kind. */
export function fieldFacts(apiVersion: string, kind: string, path: readonly Segment[], version: string): FieldFacts | undefined {
  if (!apiVersion || !kind) return undefined;
  try {
    return fieldInfo(apiVersion, kind, [...path], version) ?? undefined;
  } catch {
    // No readable schema: hover shows the problems without the field's facts, as for an unknown kind.
    return undefined;
  }
}
