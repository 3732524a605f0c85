// Probes and lifecycle hooks on an init container are Forbidden unless it is a native sidecar
// (`restartPolicy: Always`): a plain init container runs to completion before anything else starts,
// so there is nothing to probe (pkg/apis/core/validation/validation.go, validateInitContainers:
// "may not be set for init containers without restartPolicy=Always"). A sidecar may have all
// three probes, the startup probe included.
import type { PodContext, PodRule } from '../../rule';
import type { Fix } from '../../types';
import { addKeyLine, removeKey } from './edits';
import { containersOf, ContainerView, isSet } from './support';

export const ID = 'probe-on-init-container';

const FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;
const PROBES = new Set<string>(['livenessProbe', 'readinessProbe', 'startupProbe']);

function fixesFor(ctx: PodContext, c: ContainerView, field: string): Fix[] {
  const fixes: Fix[] = [];
  // A probe says the author means the container to keep running: that is a native sidecar. Only
  // lifecycle hooks on a run-once container more likely belong elsewhere, so removal comes first.
  const meansLongRunning = Object.keys(c.value).some((k) => PROBES.has(k) && isSet(c.value, k));
  const canBecomeSidecar = !Object.prototype.hasOwnProperty.call(c.value, 'restartPolicy');
  const sidecar = canBecomeSidecar ? addKeyLine(ctx, c.path, 'restartPolicy: Always') : null;
  const remove = removeKey(ctx, [...c.path, field]);
  const sidecarFix: Fix | null = sidecar ? { title: 'Make it a native sidecar (restartPolicy: Always)', edits: [sidecar], preferred: meansLongRunning } : null;
  const removeFix: Fix | null = remove ? { title: `Remove ${field}`, edits: [remove], preferred: !meansLongRunning } : null;
  for (const f of meansLongRunning ? [sidecarFix, removeFix] : [removeFix, sidecarFix]) if (f) fixes.push(f);
  return fixes;
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A probe or lifecycle hook on an init container that is not a native sidecar.',
  check(ctx) {
    for (const c of containersOf(ctx, ['initContainers'])) {
      if (c.isSidecar) continue;
      const setFields = FIELDS.filter((f) => isSet(c.value, f));
      setFields.forEach((field, i) => {
        const fixes = fixesFor(ctx, c, field);
        // The sidecar fix is the same edit for every field: mark it preferred on the first only, so
        // that "fix all" does not write restartPolicy twice.
        const dedup = i === 0 ? fixes : fixes.map((f) => (f.title.startsWith('Make it') ? { ...f, preferred: false } : f));
        ctx.report({
          path: [...c.path, field],
          anchor: 'key',
          message: `${field} may not be set on an init container unless it is a native sidecar (restartPolicy: Always); a plain init container runs once before the others start.`,
          fixes: dedup.length ? dedup : undefined,
        });
      });
    }
  },
};
