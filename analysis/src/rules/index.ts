import type { PodRule, RuleMeta } from '../rule';
import { SCHEMA_RULES } from '../schema';
import { API_RULES } from './api';
import { LINT_RULES } from './lint';
import { YAML_RULES } from './yamlRules';
import { WORKSPACE_RULES } from '../workspace/checks';

export const POD_RULES: PodRule[] = [...API_RULES, ...LINT_RULES];

/** Every rule, in the order the README lists them. */
export const ALL_RULES: RuleMeta[] = [...YAML_RULES, ...SCHEMA_RULES, ...POD_RULES, ...WORKSPACE_RULES];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
