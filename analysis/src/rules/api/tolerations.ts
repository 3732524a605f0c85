// Tolerations (ValidateTolerations in pkg/apis/core/validation/validation.go): an empty key needs
// operator Exists (it then matches every taint); tolerationSeconds only with effect NoExecute;
// operator Exists takes no value; an Equal value is a label value; a key is a label key. Unknown
// operators and effects are enum findings of the schema.
import type { PodRule } from '../../rule';
import { removeKey } from './edits';
import { labelValueProblem, qualifiedNameProblem } from './invalidLabel';
import { isObject, isSet, listOf, q, str } from './support';

export const ID = 'tolerations';

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A toleration the API server rejects: no key without operator Exists, a value with Exists, tolerationSeconds without NoExecute.',
  check(ctx) {
    listOf(ctx.spec.tolerations).forEach((t, i) => {
      if (!isObject(t)) return;
      const path = ctx.at('tolerations', i);
      const key = str(t, 'key') ?? '';
      const operator = str(t, 'operator') ?? '';
      const value = str(t, 'value') ?? '';
      const effect = str(t, 'effect') ?? '';
      if (key !== '') {
        const p = qualifiedNameProblem(key);
        if (p) ctx.report({ path: [...path, 'key'], message: `Toleration key ${q(key)} is not a valid label key: it ${p}.` });
      } else if (operator !== 'Exists') {
        ctx.report({
          path: isSet(t, 'operator') ? [...path, 'operator'] : path,
          anchor: isSet(t, 'operator') ? 'value' : 'key',
          message: 'A toleration without a key must have operator: Exists (it then tolerates every taint).',
        });
      }
      if (isSet(t, 'tolerationSeconds') && effect !== 'NoExecute') {
        ctx.report({
          path: isSet(t, 'effect') ? [...path, 'effect'] : [...path, 'tolerationSeconds'],
          anchor: isSet(t, 'effect') ? 'value' : 'key',
          message: 'tolerationSeconds needs effect: NoExecute: it is how long the pod stays bound after a NoExecute taint appears.',
        });
      }
      if (operator === 'Exists' && value !== '') {
        const edit = removeKey(ctx, [...path, 'value']);
        ctx.report({
          path: [...path, 'value'],
          message: `With operator Exists a toleration takes no value (it is ${q(value)}).`,
          fixes: edit ? [{ title: 'Remove value', edits: [edit], preferred: true }] : undefined,
        });
      } else if ((operator === 'Equal' || operator === '') && value !== '') {
        const p = labelValueProblem(value);
        if (p) ctx.report({ path: [...path, 'value'], message: `Toleration value ${q(value)} is not a valid label value: it ${p}.` });
      }
    });
  },
};
