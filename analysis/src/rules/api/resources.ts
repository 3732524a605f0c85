// Container resources (pkg/apis/core/validation/validation.go, ValidateContainerResourceRequirements):
// - validateContainerResourceName: a name without a '/' must be a standard container resource (cpu,
//   memory, ephemeral-storage, hugepages-<size>);
// - ValidateResourceQuantityValue: not negative; an extended resource (vendor.com/gpu) whole;
// - a request not above its limit; for resources that cannot be overcommitted (extended resources,
//   hugepages) the request must equal the limit and a limit is needed (IsOvercommitAllowed).
// Pod-level spec.resources: podLevelResources.ts.
// And a warning from pkg/api/pod/warnings.go: a fractional byte quantity of memory or
// ephemeral-storage ("500m" is half a byte; "500Mi" was probably meant).
import type { PodContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { compareQuantity, isInteger, isNegative, parseQuantity, Quantity } from '../../quantity';
import { replaceScalar } from './edits';
import { checkPodLevelResources } from './podLevelResources';
import { closest, containersOf, objAt, q } from './support';
import { locate } from '../../yamlModel';
import type { Node } from 'yaml';

export const ID = 'resources';

const STANDARD = ['cpu', 'memory', 'ephemeral-storage'];
const BYTES = new Set(['memory', 'ephemeral-storage']);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Native resources have no domain, or the kubernetes.io domain (helper.IsNativeResource). */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

interface Entry {
  name: string;
  raw: unknown;
  quantity: Quantity | null;
  path: Segment[];
}

function entries(base: Segment[], map: Record<string, unknown> | null): Entry[] {
  if (!map) return [];
  return Object.entries(map).map(([name, raw]) => ({ name, raw, quantity: parseQuantity(raw), path: [...base, name] }));
}

function checkName(ctx: PodContext, e: Entry, kind: string): boolean {
  if (e.name.includes('/')) {
    if (e.name.startsWith('requests.') || /\/requests\./.test(e.name)) {
      ctx.report({ path: e.path, anchor: 'key', message: `Resource name ${q(e.name)} may not start with 'requests.'.` });
      return false;
    }
    return true;
  }
  if (STANDARD.includes(e.name) || isHugePages(e.name)) return true;
  const suggestion = closest(e.name, STANDARD);
  const fixes: Fix[] | undefined = suggestion ? keyRenameFix(ctx, e.path, suggestion) : undefined;
  ctx.report({
    path: e.path,
    anchor: 'key',
    message: `${q(e.name)} is not a container resource: ${kind} take cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed extended resource such as example.com/gpu.`,
    fixes,
  });
  return false;
}

function keyRenameFix(ctx: PodContext, path: Segment[], newKey: string): Fix[] | undefined {
  const key = locate(ctx.document.doc, path).pair?.key as Node | null | undefined;
  const range = key?.range;
  return range ? [{ title: `Change to '${newKey}'`, edits: [{ range: { start: range[0], end: range[1] }, newText: newKey }], preferred: true }] : undefined;
}

function checkQuantity(ctx: PodContext, e: Entry, kind: 'limit' | 'request'): void {
  const q0 = e.quantity;
  if (!q0) return; // the schema reports a quantity that does not parse
  if (isNegative(q0)) {
    ctx.report({ path: e.path, message: `${e.name} ${kind} ${text(e.raw)} must not be negative.` });
    return;
  }
  if (!isNative(e.name) && !isInteger(q0)) {
    ctx.report({ path: e.path, message: `${e.name} ${kind} ${text(e.raw)} must be a whole number: extended resources are counted in units.` });
  }
  if (BYTES.has(e.name) && !isInteger(q0)) {
    const raw = text(e.raw);
    const mi = /^(\d+)m$/.exec(raw);
    const edit = mi ? replaceScalar(ctx, e.path, `${mi[1]}Mi`) : null;
    ctx.report({
      path: e.path,
      severity: 'warning',
      message: `${e.name} ${kind} ${q(raw)} is a fractional number of bytes, which is invalid${mi ? `: 'm' means milli; did you mean '${mi[1]}Mi'?` : '; use a whole number of bytes.'}`,
      fixes: edit ? [{ title: `Change to '${mi?.[1]}Mi'`, edits: [edit], preferred: false }] : undefined,
    });
  }
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A resource request above its limit, a negative or unknown resource, or (warning) a fractional byte quantity.',
  check(ctx) {
    checkPodLevelResources(ctx);
    for (const c of containersOf(ctx)) {
      const resources = objAt(c.value, 'resources');
      if (!resources) continue;
      const base = [...c.path, 'resources'];
      const limits = entries([...base, 'limits'], objAt(resources, 'limits'));
      const requests = entries([...base, 'requests'], objAt(resources, 'requests'));
      const limitByName = new Map<string, Entry>();
      for (const e of limits) {
        if (checkName(ctx, e, 'limits')) checkQuantity(ctx, e, 'limit');
        limitByName.set(e.name, e);
      }
      for (const e of requests) {
        if (!checkName(ctx, e, 'requests')) continue;
        checkQuantity(ctx, e, 'request');
        const limit = limitByName.get(e.name);
        if (!limit) {
          if (!overcommitAllowed(e.name)) {
            ctx.report({ path: e.path, anchor: 'key', message: `${e.name} cannot be overcommitted: set a limit equal to the request.` });
          }
          continue;
        }
        if (!e.quantity || !limit.quantity) continue;
        const cmp = compareQuantity(e.quantity, limit.quantity);
        const related = [{ path: limit.path, message: `${e.name} limit ${text(limit.raw)}` }];
        if (!overcommitAllowed(e.name) && cmp !== 0) {
          ctx.report({ path: e.path, message: `${e.name} request ${text(e.raw)} must equal its limit ${text(limit.raw)}: it cannot be overcommitted.`, related });
        } else if (cmp > 0) {
          const edit = replaceScalar(ctx, e.path, text(limit.raw));
          const lower: Fix[] | undefined = edit ? [{ title: `Lower the request to ${text(limit.raw)}`, edits: [edit], preferred: false }] : undefined;
          ctx.report({ path: e.path, message: `${e.name} request ${text(e.raw)} is more than its limit ${text(limit.raw)}; a request must not exceed the limit.`, related, fixes: lower });
        }
      }
    }
  },
};
