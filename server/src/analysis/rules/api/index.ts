// What the API server rejects (errors) or accepts with a warning, one rule per family.
import type { PodRule } from '../../rule';

export const API_RULES: PodRule[] = [];
