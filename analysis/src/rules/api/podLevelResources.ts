// Pod-level resources (spec.resources, KEP-2837; beta and on by default from Kubernetes 1.34), as
// validatePodResources in pkg/apis/core/validation/validation.go checks them: only cpu, memory and
// hugepages; a request not above its limit; the pod's request not below what its containers request
// together (resourcehelper.AggregateContainerRequests: regular containers and sidecars add up, a
// plain init container counts with the sidecars started before it, and the larger sum wins); no
// container limit above the pod's. Not a rule: the resources rule calls it.
import type { PodContext } from '../../rule';
import { compareQuantity, parseQuantity, Quantity } from '../../quantity';
import { containersOf, isObject, minor, objAt, q } from './support';

function add(a: Quantity, b: Quantity): Quantity {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

function max(a: Quantity, b: Quantity): Quantity {
  return compareQuantity(a, b) >= 0 ? a : b;
}

const ZERO: Quantity = { num: 0n, den: 1n };

function show(x: Quantity): string {
  return x.num % x.den === 0n ? String(x.num / x.den) : (Number(x.num) / Number(x.den)).toString();
}

/** A container's request for a resource after defaulting (a limit alone is also the request). */
function requestOf(c: Record<string, unknown>, name: string): Quantity | null {
  const r = objAt(c, 'resources');
  if (!r) return null;
  return parseQuantity(objAt(r, 'requests')?.[name]) ?? parseQuantity(objAt(r, 'limits')?.[name]);
}

export function checkPodLevelResources(ctx: PodContext): void {
  const resources = objAt(ctx.spec, 'resources');
  if (!resources || minor(ctx.kubernetesVersion) < 34) return;
  const requests = objAt(resources, 'requests') ?? {};
  const limits = objAt(resources, 'limits') ?? {};
  for (const [kind, map] of [['requests', requests], ['limits', limits]] as const) {
    for (const name of Object.keys(map)) {
      if (name !== 'cpu' && name !== 'memory' && !name.startsWith('hugepages-')) {
        ctx.report({ path: ctx.at('resources', kind, name), anchor: 'key', message: `Pod-level resources take only cpu, memory and hugepages-<size>, not ${q(name)}.` });
      }
    }
  }
  const all = containersOf(ctx, ['initContainers', 'containers']);
  for (const name of ['cpu', 'memory']) {
    const podLimit = parseQuantity(limits[name]);
    const podRequest = parseQuantity(requests[name]) ?? podLimit;
    if (podRequest && podLimit && requests[name] !== undefined && compareQuantity(podRequest, podLimit) > 0) {
      ctx.report({ path: ctx.at('resources', 'requests', name), message: `Pod-level ${name} request ${String(requests[name])} is more than the pod-level limit ${String(limits[name])}.` });
    }
    if (podRequest) {
      let sidecars = ZERO;
      let regular = ZERO;
      let inits = ZERO;
      for (const c of all) {
        const r = requestOf(c.value, name) ?? ZERO;
        if (c.list === 'containers') regular = add(regular, r);
        else if (c.isSidecar) sidecars = add(sidecars, r);
        else inits = max(inits, add(r, sidecars));
      }
      const total = max(add(regular, sidecars), inits);
      if (compareQuantity(total, podRequest) > 0) {
        ctx.report({
          path: ctx.at('resources', requests[name] !== undefined ? 'requests' : 'limits', name),
          message: `Pod-level ${name} ${requests[name] !== undefined ? 'request' : 'limit'} is less than what the containers request together (${show(total)}${name === 'memory' ? ' bytes' : ''}): raise it or lower theirs.`,
        });
      }
    }
    if (podLimit) {
      for (const c of all) {
        const r = objAt(c.value, 'resources');
        const raw = r && isObject(r.limits) ? r.limits[name] : undefined;
        const limit = parseQuantity(raw);
        if (limit && compareQuantity(limit, podLimit) > 0) {
          ctx.report({
            path: [...c.path, 'resources', 'limits', name],
            message: `${name} limit ${String(raw)} is more than the pod-level limit ${String(limits[name])}.`,
            related: [{ path: ctx.at('resources', 'limits', name), message: 'pod-level limit' }],
          });
        }
      }
    }
  }
}
