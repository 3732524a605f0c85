// A port with hostIP but no hostPort binds nothing on the host: the API server accepts it with a
// warning (pkg/api/pod/warnings.go: "hostIP set without hostPort"). With hostNetwork, defaulting
// gives every port a hostPort (SetDefaults_Pod), so there is no warning then.
import type { PodRule } from '../../rule';
import { removeKey } from './edits';
import { containersOf, isObject, listOf, num, q, str } from './support';

export const ID = 'host-ip-without-host-port';

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'warning',
  description: 'A container port with hostIP but no hostPort, which publishes nothing.',
  check(ctx) {
    if (ctx.spec.hostNetwork === true) return;
    for (const c of containersOf(ctx)) {
      listOf(c.value.ports).forEach((p, i) => {
        if (!isObject(p)) return;
        const hostIP = str(p, 'hostIP');
        if (!hostIP || num(p, 'hostPort')) return;
        const path = [...c.path, 'ports', i, 'hostIP'];
        const edit = removeKey(ctx, path);
        ctx.report({
          path,
          anchor: 'key',
          message: `hostIP ${q(hostIP)} is set without a hostPort, so nothing is published on the host: add a hostPort or remove hostIP.`,
          fixes: edit ? [{ title: 'Remove hostIP', edits: [edit], preferred: true }] : undefined,
        });
      });
    }
  },
};
