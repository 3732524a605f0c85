// Security contexts the API server rejects (pkg/apis/core/validation/validation.go):
// - ValidateSecurityContext: allowPrivilegeEscalation false together with privileged true, or with
//   capability SYS_ADMIN added ("cannot set `allowPrivilegeEscalation` to false and …"); runAsUser
//   and runAsGroup within 0–2147483647 (IsValidUserID, IsValidGroupID);
// - validatePodSpecSecurityContext: the same IDs, fsGroup and supplementalGroups;
// - validateSeccompProfileField / ValidateAppArmorProfileField: type Localhost needs
//   localhostProfile, and only Localhost may have one;
// - validatePodSpecSecurityContext: shareProcessNamespace and hostPID not both.
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey } from './edits';
import { containersOf, isObject, listOf, objAt, q, str } from './support';

export const ID = 'security-context';

const MAX_ID = 2147483647;

function checkId(ctx: PodContext, path: Segment[], value: unknown, what: string): void {
  if (typeof value === 'number' && (!Number.isInteger(value) || value < 0 || value > MAX_ID)) {
    ctx.report({ path, message: `${what} ${value} must be between 0 and ${MAX_ID}.` });
  }
}

function checkProfile(ctx: PodContext, sc: Record<string, unknown>, base: Segment[], field: 'seccompProfile' | 'appArmorProfile'): void {
  const profile = objAt(sc, field);
  if (!profile) return;
  const type = str(profile, 'type');
  const local = profile.localhostProfile;
  const path = [...base, field];
  if (type === 'Localhost' && (local === undefined || local === null || local === '')) {
    ctx.report({ path: [...path, 'type'], message: `${field} of type Localhost needs localhostProfile: the profile's file name on the node.` });
  } else if (type !== undefined && type !== 'Localhost' && local !== undefined && local !== null) {
    const edit = removeKey(ctx, [...path, 'localhostProfile']);
    ctx.report({
      path: [...path, 'localhostProfile'],
      anchor: 'key',
      message: `localhostProfile can only be set when ${field}.type is Localhost (it is ${q(type)}).`,
      fixes: edit ? [{ title: 'Remove localhostProfile', edits: [edit], preferred: false }] : undefined,
    });
  }
}

function checkContainer(ctx: PodContext, base: Segment[], sc: Record<string, unknown>): void {
  checkId(ctx, [...base, 'runAsUser'], sc.runAsUser, 'runAsUser');
  checkId(ctx, [...base, 'runAsGroup'], sc.runAsGroup, 'runAsGroup');
  checkProfile(ctx, sc, base, 'seccompProfile');
  checkProfile(ctx, sc, base, 'appArmorProfile');
  if (sc.allowPrivilegeEscalation !== false) return;
  if (sc.privileged === true) {
    ctx.report({
      path: [...base, 'allowPrivilegeEscalation'],
      message: 'allowPrivilegeEscalation: false contradicts privileged: true (a privileged container can always escalate): drop one of them.',
      related: [{ path: [...base, 'privileged'], message: 'privileged set here' }],
    });
  }
  const caps = objAt(sc, 'capabilities');
  listOf(caps?.add).forEach((cap, i) => {
    if (cap === 'SYS_ADMIN' || cap === 'CAP_SYS_ADMIN') {
      ctx.report({
        path: [...base, 'allowPrivilegeEscalation'],
        message: `allowPrivilegeEscalation: false contradicts adding capability ${cap}, which allows escalation: drop one of them.`,
        related: [{ path: [...base, 'capabilities', 'add', i], message: `${cap} added here` }],
      });
    }
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A securityContext the API server rejects: allowPrivilegeEscalation false with privileged or SYS_ADMIN, IDs out of range, a Localhost profile without its file.',
  check(ctx) {
    const pod = objAt(ctx.spec, 'securityContext');
    if (pod) {
      const base = ctx.at('securityContext');
      for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) checkId(ctx, [...base, key], pod[key], key);
      listOf(pod.supplementalGroups).forEach((g, i) => checkId(ctx, [...base, 'supplementalGroups', i], g, 'supplementalGroups entry'));
      checkProfile(ctx, pod, base, 'seccompProfile');
      checkProfile(ctx, pod, base, 'appArmorProfile');
    }
    if (ctx.spec.shareProcessNamespace === true && ctx.spec.hostPID === true) {
      ctx.report({
        path: ctx.at('shareProcessNamespace'),
        anchor: 'key',
        message: 'shareProcessNamespace and hostPID cannot both be enabled: with hostPID the containers already see every process of the node.',
        related: [{ path: ctx.at('hostPID'), anchor: 'key', message: 'hostPID set here' }],
      });
    }
    for (const c of containersOf(ctx)) {
      const sc = c.value.securityContext;
      if (isObject(sc)) checkContainer(ctx, [...c.path, 'securityContext'], sc);
    }
  },
};
