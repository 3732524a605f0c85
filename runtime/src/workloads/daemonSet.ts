// DaemonSets as pkg/controller/daemon runs them (daemon_controller.go, update.go), on a cluster of
// one node, this machine (node.ts): one pod `<daemonset>-<5 chars>` when the template suits the
// node, none when its nodeName, nodeSelector or required node affinity does not, with a
// FailedPlacement event and the status message saying why. A changed template rolls as
// RollingUpdate does it on one node — maxSurge 0 (the default): the old pod goes first (within
// maxUnavailable, default 1), the new one comes when it is gone; maxSurge 1: the new pod comes first
// and the old one goes once the new one is available — or, with OnDelete, only when the pod is deleted.
import { generateName } from '../names';
import type { PodStatus } from '../status';
import { isAvailable, isReady, readySince, type Controller, type ControllerContext, type Obj } from './controller';
import { localNode, unsuitable, type LocalNode } from './node';
import type { RevisionStatus } from './objectStatus';
import type { StoredObject } from './records';
import { syncRevisions, truncateHistory } from './revisions';
import { scaled, type IntOrPercent } from './rolling';

export const HASH_LABEL = 'controller-revision-hash';
export const GENERATION_LABEL = 'pod-template-generation';
const SPEC_PATH = 'spec.template.spec';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const isFinished = (p: PodStatus) => p.phase === 'Failed' || p.phase === 'Succeeded';

/** Why the node cannot run this DaemonSet's pod, or undefined when it can. */
export function placement(ds: StoredObject, node: LocalNode = localNode()): string | undefined {
  return unsuitable(obj(obj(obj(ds.body.spec).template).spec), node, SPEC_PATH);
}

/** util.UnavailableCount and SurgeCount over the desired pods (rounded up), unavailable 1 if both are 0. */
export function updateBudget(rolling: Obj, desired: number): { maxSurge: number; maxUnavailable: number } {
  const maxSurge = scaled((rolling.maxSurge ?? 0) as IntOrPercent, desired, true, '0');
  let maxUnavailable = scaled((rolling.maxUnavailable ?? 1) as IntOrPercent, desired, true, '1');
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function podFor(ds: StoredObject, revision: RevisionStatus): Parameters<ControllerContext['createPod']>[0] {
  const meta = obj(revision.template.metadata);
  return {
    name: generateName(`${ds.metadata.name}-`),
    generateName: `${ds.metadata.name}-`,
    labels: { ...((meta.labels ?? {}) as Record<string, string>), [HASH_LABEL]: revision.hash, [GENERATION_LABEL]: String(revision.generation) },
    annotations: { ...((meta.annotations ?? {}) as Record<string, string>) },
    spec: structuredClone(obj(revision.template.spec)),
    specPath: SPEC_PATH,
  };
}

export const daemonSetController: Controller = {
  kind: 'DaemonSet',
  sync(ds: StoredObject, ctx: ControllerContext) {
    const spec = obj(ds.body.spec);
    const strategy = obj(spec.updateStrategy);
    const min = num(spec.minReadySeconds, 0);
    const node = localNode();
    const { update } = syncRevisions(ctx.status, ds.metadata.name, obj(spec.template), ds.metadata.generation);
    // There is no current revision to roll back to for a DaemonSet: each pod says its own.
    ctx.status.currentRevision = undefined;
    const why = placement(ds, node);
    const deleteWith = (p: PodStatus, reason = 'SuccessfulDelete', type: 'Normal' | 'Warning' = 'Normal', message = `Deleted pod: ${p.name}`) => {
      ctx.deletePod(p);
      ctx.event(type, reason, message);
    };
    if (why) {
      // NodeShouldRunDaemonPod is false: no pod here, and one that is here goes.
      ctx.status.message = `failed to place pod on "${node.name}": ${why}`;
      ctx.event('Warning', 'FailedPlacement', ctx.status.message);
      for (const p of ctx.pods) if (!p.terminating) deleteWith(p);
    } else {
      ctx.status.message = undefined;
      manage(ds, ctx, update, min, obj(strategy.rollingUpdate), strategy.type === 'OnDelete', node, deleteWith);
    }
    setStatus(ctx, why ? 0 : 1, update, min);
    truncateHistory(ctx.status, num(spec.revisionHistoryLimit, 10), ctx.status.revisions?.filter((r) => ctx.pods.some((p) => p.labels[HASH_LABEL] === r.hash)).map((r) => r.name) ?? []);
  },
};

/** podsShouldBeOnNode and rollingUpdate for the one node. */
function manage(ds: StoredObject, ctx: ControllerContext, update: RevisionStatus, min: number, rolling: Obj, onDelete: boolean, node: LocalNode, deleteWith: (p: PodStatus, reason?: string, type?: 'Normal' | 'Warning', message?: string) => void): void {
  // A failed daemon pod is deleted, and made again once it is gone.
  for (const p of ctx.pods) {
    if (!p.terminating && isFinished(p)) deleteWith(p, 'FailedDaemonPod', 'Warning', `Found failed daemon pod ${p.namespace}/${p.name} on node ${node.name}, will try to kill it`);
  }
  // A pod being deleted still holds the node (its ports, its name) until it is gone.
  const present = ctx.pods.filter((p) => !(p.terminating && isFinished(p)));
  const live = ctx.pods.filter((p) => !p.terminating && !isFinished(p));
  if (!present.length) {
    ctx.createPod(podFor(ds, update));
    return;
  }
  const fresh = live.filter((p) => p.labels[HASH_LABEL] === update.hash);
  const old = live.filter((p) => p.labels[HASH_LABEL] !== update.hash);
  // More than one pod of the template on the node: all but the oldest go.
  const byAge = (a: PodStatus, b: PodStatus) => (readySince(a) ?? Infinity) - (readySince(b) ?? Infinity);
  for (const extra of [...fresh].sort(byAge).slice(1)) deleteWith(extra);
  if (onDelete || !old.length) return;
  const { maxSurge, maxUnavailable } = updateBudget(rolling, 1);
  if (maxSurge === 0) {
    // The old pod goes when it is not available anyway, or while the node's unavailability is within budget.
    const nodeUnavailable = live.some((p) => isAvailable(p, min, ctx.now)) ? 0 : 1;
    for (const p of old) if (!isAvailable(p, min, ctx.now) || nodeUnavailable < maxUnavailable) deleteWith(p);
    return;
  }
  // Surge: the new pod first (at once if the old one is not available), the old one when it is.
  if (!fresh.length) {
    if (ctx.pods.every((p) => p.labels[HASH_LABEL] !== update.hash)) ctx.createPod(podFor(ds, update));
  } else if (fresh.some((p) => isAvailable(p, min, ctx.now))) {
    for (const p of old) deleteWith(p);
  }
}

/** updateDaemonSetStatus for the one node. */
function setStatus(ctx: ControllerContext, desired: number, update: RevisionStatus, min: number): void {
  const live = ctx.pods.filter((p) => !p.terminating && !p.uid.startsWith('pending:'));
  const scheduled = desired > 0 && live.length > 0;
  const ready = scheduled && live.some(isReady);
  const available = scheduled && live.some((p) => isAvailable(p, min, ctx.now));
  ctx.status.counters = {
    ...ctx.status.counters,
    desiredNumberScheduled: desired,
    currentNumberScheduled: Number(scheduled),
    numberMisscheduled: desired === 0 && live.length > 0 ? 1 : 0,
    numberReady: Number(ready),
    updatedNumberScheduled: Number(scheduled && live.some((p) => p.labels[HASH_LABEL] === update.hash)),
    numberAvailable: Number(available),
    numberUnavailable: desired - Number(available),
  };
  // Ready, not yet for minReadySeconds: a pass when it will be.
  for (const p of live) {
    const since = readySince(p);
    if (min > 0 && isReady(p) && since !== undefined && !isAvailable(p, min, ctx.now)) ctx.wakeAt(since + min * 1000 + 1);
  }
}
