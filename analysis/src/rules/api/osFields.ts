// With spec.os.name set, fields of the other operating system are Forbidden (validateWindows and
// validateLinux in pkg/apis/core/validation/validation.go, KEP-2802): a Windows pod takes no Linux
// security settings (SELinux, seccomp, AppArmor, capabilities, user IDs, host namespaces …), a
// Linux pod no windowsOptions. Without spec.os nothing is checked.
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey } from './edits';
import { containersOf, isObject, isSet, listOf, objAt } from './support';

export const ID = 'os-fields';

const WINDOWS_POD_SC = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];
const WINDOWS_CONTAINER_SC = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

function forbid(ctx: PodContext, path: Segment[], os: string): void {
  const edit = removeKey(ctx, path);
  const field = String(path[path.length - 1]);
  ctx.report({
    path,
    anchor: 'key',
    message: `${field} cannot be set for a ${os} pod (spec.os.name is ${os}).`,
    related: [{ path: ctx.at('os', 'name'), message: 'the operating system is chosen here' }],
    fixes: edit ? [{ title: `Remove ${field}`, edits: [edit], preferred: true }] : undefined,
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A field of the other operating system on a pod that sets spec.os.name (Linux security settings on Windows, windowsOptions on Linux).',
  check(ctx) {
    const os = objAt(ctx.spec, 'os')?.name;
    const podSC = objAt(ctx.spec, 'securityContext');
    if (os === 'windows') {
      for (const key of WINDOWS_POD_SC) {
        if (!podSC || !isSet(podSC, key)) continue;
        forbid(ctx, ctx.at('securityContext', key), 'windows');
      }
      if (podSC && listOf(podSC.sysctls).length > 0) forbid(ctx, ctx.at('securityContext', 'sysctls'), 'windows');
      if (isSet(ctx.spec, 'hostUsers')) forbid(ctx, ctx.at('hostUsers'), 'windows');
      if (ctx.spec.hostPID === true) forbid(ctx, ctx.at('hostPID'), 'windows');
      if (ctx.spec.hostIPC === true) forbid(ctx, ctx.at('hostIPC'), 'windows');
      if (isSet(ctx.spec, 'shareProcessNamespace')) forbid(ctx, ctx.at('shareProcessNamespace'), 'windows');
      for (const c of containersOf(ctx)) {
        const sc = c.value.securityContext;
        if (!isObject(sc)) continue;
        for (const key of WINDOWS_CONTAINER_SC) if (isSet(sc, key)) forbid(ctx, [...c.path, 'securityContext', key], 'windows');
      }
    } else if (os === 'linux') {
      if (podSC && isSet(podSC, 'windowsOptions')) forbid(ctx, ctx.at('securityContext', 'windowsOptions'), 'linux');
      for (const c of containersOf(ctx)) {
        const sc = c.value.securityContext;
        if (isObject(sc) && isSet(sc, 'windowsOptions')) forbid(ctx, [...c.path, 'securityContext', 'windowsOptions'], 'linux');
      }
    }
  },
};
