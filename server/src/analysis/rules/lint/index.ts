// Accepted by the API server but almost certainly not meant; and good practice, at lower severity.
import type { PodRule } from '../../rule';

export const LINT_RULES: PodRule[] = [];
