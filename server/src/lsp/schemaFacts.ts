// What the shipped schema says about a field, for hover and completion.
import type { Segment } from '../analysis/types';

export interface PropertyFacts {
  name: string;
  type?: string;
  description?: string;
  required: boolean;
}

export interface FieldFacts {
  description?: string;
  type?: string;
  enum?: string[];
  properties: PropertyFacts[];
}

/** Facts of the field at `path` (from the document root) of an object of that apiVersion/kind. */
export function fieldFacts(_apiVersion: string, _kind: string, _path: readonly Segment[], _version: string): FieldFacts | undefined {
  return undefined;
}
