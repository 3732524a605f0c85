import type { RuleMeta } from '../rule';

export const YAML_SYNTAX: RuleMeta = {
  id: 'yaml-syntax',
  category: 'yaml',
  defaultSeverity: 'error',
  description: 'The text is not valid YAML.',
};

export const YAML_DUPLICATE_KEY: RuleMeta = {
  id: 'yaml-duplicate-key',
  category: 'yaml',
  defaultSeverity: 'error',
  description: 'A key appears twice in one mapping; the API server rejects duplicate fields.',
};

export const YAML_RULES: RuleMeta[] = [YAML_SYNTAX, YAML_DUPLICATE_KEY];
