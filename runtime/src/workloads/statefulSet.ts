// StatefulSets as pkg/controller/statefulset runs them (stateful_set_control.go, stateful_set_utils.go):
// pods `<set>-<ordinal>` with a stable identity (hostname = pod name, subdomain = serviceName) and
// their own claims `<template>-<set>-<ordinal>`, which outlive the pods and come back with them.
// OrderedReady creates in ordinal order, each pod waiting for the one before to be Running and Ready
// (and available for minReadySeconds), and removes in reverse order, one at a time; Parallel does
// both at once. A changed template rolls from the highest ordinal down to `partition`, maxUnavailable
// pods at a time (default 1); OnDelete replaces a pod only when it is deleted. A pod that is deleted
// or fails is made again under the same name, once the old one is gone.
import type { PodStatus } from '../status';
import { isAvailable, isReady, readySince, type Controller, type ControllerContext, type Obj, type PodRequest } from './controller';
import type { RevisionStatus } from './objectStatus';
import type { StoredObject } from './records';
import { syncRevisions, truncateHistory } from './revisions';
import { scaled, type IntOrPercent } from './rolling';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/** What the controller reads of a StatefulSet's spec, with the API server's defaults. */
export interface SetSpec {
  replicas: number;
  /** spec.ordinals.start. */
  start: number;
  minReadySeconds: number;
  /** OrderedReady (true) or Parallel. */
  monotonic: boolean;
  onDelete: boolean;
  partition: number;
  maxUnavailable: IntOrPercent;
  serviceName: string;
  claimTemplates: Obj[];
  whenScaled: 'Retain' | 'Delete';
  whenDeleted: 'Retain' | 'Delete';
  historyLimit: number;
  template: Obj;
}

export function setSpec(body: Obj): SetSpec {
  const spec = obj(body.spec);
  const strategy = obj(spec.updateStrategy);
  const rolling = obj(strategy.rollingUpdate);
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  return {
    replicas: num(spec.replicas, 1),
    start: num(obj(spec.ordinals).start, 0),
    minReadySeconds: num(spec.minReadySeconds, 0),
    monotonic: spec.podManagementPolicy !== 'Parallel',
    onDelete: strategy.type === 'OnDelete',
    partition: num(rolling.partition, 0),
    maxUnavailable: rolling.maxUnavailable as IntOrPercent,
    serviceName: typeof spec.serviceName === 'string' ? spec.serviceName : '',
    claimTemplates: list(spec.volumeClaimTemplates),
    whenScaled: retention.whenScaled === 'Delete' ? 'Delete' : 'Retain',
    whenDeleted: retention.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    historyLimit: num(spec.revisionHistoryLimit, 10),
    template: obj(spec.template),
  };
}

/** getParentNameAndOrdinal: the ordinal of a pod of this set, or -1. */
export function ordinalOf(set: string, pod: string): number {
  if (!pod.startsWith(`${set}-`)) return -1;
  const rest = pod.slice(set.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function claimName(template: Obj, set: string, ordinal: number): string {
  return `${String(obj(template.metadata).name)}-${set}-${ordinal}`;
}

/**
 * newStatefulSetPod: the template's pod named for its ordinal, with its identity (initIdentity) and
 * its claims as volumes (updateStorage: a template volume of a claim template's name is replaced).
 */
export function statefulPod(set: string, spec: SetSpec, revision: RevisionStatus, ordinal: number): PodRequest {
  const meta = obj(revision.template.metadata);
  const podSpec = structuredClone(obj(revision.template.spec));
  const name = `${set}-${ordinal}`;
  podSpec.hostname = name;
  if (spec.serviceName) podSpec.subdomain = spec.serviceName;
  const claims = new Map(spec.claimTemplates.map((t) => [String(obj(t.metadata).name), claimName(t, set, ordinal)]));
  const claimVolume = (volume: string, claim: string) => ({ name: volume, persistentVolumeClaim: { claimName: claim } });
  // The template's own volumes keep their places (problems name them by index); the claims follow.
  const volumes = list(podSpec.volumes).map((v) => (claims.has(String(v.name)) ? claimVolume(String(v.name), claims.get(String(v.name)) as string) : v));
  for (const [volume, claim] of claims) if (!volumes.some((v) => v.name === volume)) volumes.push(claimVolume(volume, claim));
  if (volumes.length) podSpec.volumes = volumes;
  return {
    name,
    labels: { ...((meta.labels ?? {}) as Record<string, string>), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision.name },
    annotations: { ...((meta.annotations ?? {}) as Record<string, string>) },
    spec: podSpec,
    specPath: 'spec.template.spec',
  };
}

const isFinished = (p: PodStatus) => p.phase === 'Failed' || p.phase === 'Succeeded';
/** isUnavailable: not Running, Ready and available for minReadySeconds, or going. */
const unavailable = (p: PodStatus | undefined, min: number, now: number) => !p || p.terminating || !isAvailable(p, min, now);

export const statefulSetController: Controller = {
  kind: 'StatefulSet',
  async sync(set: StoredObject, ctx: ControllerContext) {
    const name = set.metadata.name;
    const spec = setSpec(set.body);
    const { update, current } = syncRevisions(ctx.status, name, spec.template, set.metadata.generation);
    const end = spec.start + spec.replicas - 1;
    const slots: (PodStatus | undefined)[] = new Array(Math.max(0, spec.replicas)).fill(undefined);
    const condemned: PodStatus[] = [];
    for (const p of ctx.pods) {
      const ordinal = ordinalOf(name, p.name);
      if (ordinal < 0) continue;
      if (ordinal >= spec.start && ordinal <= end) slots[ordinal - spec.start] = p;
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(name, b.name) - ordinalOf(name, a.name));
    const { minReadySeconds: min, monotonic } = spec;
    const now = ctx.now;
    // The first unhealthy pod, replicas first, then the condemned from the lowest ordinal up.
    const firstUnavailable = [...slots, ...[...condemned].reverse()].find((p) => unavailable(p, min, now));
    const claims = spec.claimTemplates.length ? await ctx.listClaims() : [];
    let blocked = false;

    // processReplica, in ordinal order: replace what failed, create what is missing (claims first).
    for (let i = 0; i < slots.length && !blocked; i++) {
      const ordinal = spec.start + i;
      const pod = slots[i];
      if (pod && isFinished(pod)) {
        // Made again under the same name on a later pass, once this one is gone.
        if (!pod.terminating) {
          ctx.deletePod(pod);
          ctx.event('Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata.namespace}/${name} is recreating failed Pod ${pod.name}`);
        }
        if (monotonic) blocked = true;
        continue;
      }
      if (!pod) {
        for (const t of spec.claimTemplates) {
          const claim = claimName(t, name, ordinal);
          if (claims.some((c) => c.name === claim)) continue;
          await ctx.ensureClaim(claim, obj(t.spec), { kind: 'StatefulSet', name });
          ctx.event('Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${name}-${ordinal} in StatefulSet ${name} success`);
        }
        // newVersionedStatefulSetPod: below the partition, a pod made again keeps the current revision.
        const revision = !spec.onDelete && ordinal < spec.start + spec.partition ? current : update;
        ctx.createPod(statefulPod(name, spec, revision, ordinal));
        if (monotonic) blocked = true;
        continue;
      }
      if (monotonic && (pod.terminating || !isReady(pod) || !isAvailable(pod, min, now))) {
        wakeForAvailability(ctx, pod, min);
        blocked = true;
      }
    }

    // processCondemned, from the highest ordinal down: one at a time once every replica is available.
    for (const pod of condemned) {
      if (blocked) break;
      if (pod.terminating) {
        if (monotonic) blocked = true;
        continue;
      }
      if (monotonic && unavailable(pod, min, now) && pod !== firstUnavailable) {
        blocked = true;
        break;
      }
      ctx.deletePod(pod);
      ctx.event('Normal', 'SuccessfulDelete', `delete Pod ${pod.name} in StatefulSet ${name} successful`);
      if (monotonic) blocked = true;
    }

    // whenScaled: Delete — the claims of ordinals scaled away go once their pods are gone.
    if (spec.whenScaled === 'Delete') {
      for (const c of claims) {
        const ordinal = claimOrdinal(spec, name, c.name);
        if (ordinal === undefined || (ordinal >= spec.start && ordinal <= end) || c.owner !== `StatefulSet/${name}`) continue;
        if (ctx.pods.some((p) => ordinalOf(name, p.name) === ordinal)) continue;
        await ctx.deleteClaim(c.name).then(
          () => ctx.event('Normal', 'SuccessfulDelete', `delete Claim ${c.name} in StatefulSet ${name} successful`),
          // Still mounted by a container being removed: the next pass tries again.
          (e: Error) => ctx.event('Warning', 'FailedDelete', `delete Claim ${c.name} in StatefulSet ${name} failed: ${e.message}`),
        );
      }
    }

    if (!blocked && !spec.onDelete) rollingUpdate(ctx, name, spec, slots, update);
    setStatus(ctx, spec, slots, condemned, current.name, update.name);
    truncateHistory(ctx.status, spec.historyLimit, ctx.pods.map((p) => p.labels[REVISION_LABEL]).filter(Boolean));
  },

  /** whenDeleted: Delete — the set's claims go with it (its pods are gone by now). */
  async deleted(set, _status, claims) {
    const spec = setSpec(set.body);
    if (spec.whenDeleted !== 'Delete') return;
    const name = set.metadata.name;
    for (const c of await claims.list()) {
      if (c.owner === `StatefulSet/${name}` && claimOrdinal(spec, name, c.name) !== undefined) await claims.delete(c.name);
    }
  },
};

/** The ordinal of one of this set's claims (`<template>-<set>-<ordinal>`), if it is one. */
function claimOrdinal(spec: SetSpec, set: string, claim: string): number | undefined {
  for (const t of spec.claimTemplates) {
    const ordinal = ordinalOf(`${String(obj(t.metadata).name)}-${set}`, claim);
    if (ordinal >= 0) return ordinal;
  }
  return undefined;
}

/**
 * updateStatefulSetAfterInvariantEstablished (MaxUnavailableStatefulSet, on by default since 1.35):
 * from the highest ordinal down to the partition, delete pods of an older revision while fewer than
 * maxUnavailable (default 1, at least 1) replicas are unavailable. They come back at the update
 * revision on the next pass.
 */
function rollingUpdate(ctx: ControllerContext, set: string, spec: SetSpec, slots: (PodStatus | undefined)[], update: RevisionStatus): void {
  const maxUnavailable = Math.max(1, scaled(spec.maxUnavailable ?? 1, spec.replicas, true, '1'));
  const down = slots.filter((p) => unavailable(p, spec.minReadySeconds, ctx.now)).length;
  let budget = maxUnavailable - down;
  for (let i = slots.length - 1; i >= spec.partition && budget > 0; i--) {
    const pod = slots[i];
    if (!pod || pod.terminating || pod.labels[REVISION_LABEL] === update.name) continue;
    ctx.deletePod(pod);
    ctx.event('Normal', 'SuccessfulDelete', `delete Pod ${pod.name} in StatefulSet ${set} successful`);
    budget--;
  }
}

/** Ready but not yet for minReadySeconds: a pass when it will be. */
function wakeForAvailability(ctx: ControllerContext, pod: PodStatus, min: number): void {
  const since = readySince(pod);
  if (min > 0 && isReady(pod) && since !== undefined) ctx.wakeAt(since + min * 1000 + 1);
}

/** updateStatus and completeRollingUpdate: the counters, and the current revision once all are updated. */
function setStatus(ctx: ControllerContext, spec: SetSpec, slots: (PodStatus | undefined)[], condemned: PodStatus[], current: string, update: string): void {
  const pods = [...slots.filter((p): p is PodStatus => p !== undefined && !p.uid.startsWith('pending:')), ...condemned];
  const live = pods.filter((p) => !p.terminating);
  const counters = {
    replicas: pods.length,
    readyReplicas: pods.filter(isReady).length,
    availableReplicas: pods.filter((p) => isAvailable(p, spec.minReadySeconds, ctx.now)).length,
    currentReplicas: live.filter((p) => p.labels[REVISION_LABEL] === current).length,
    updatedReplicas: live.filter((p) => p.labels[REVISION_LABEL] === update).length,
  };
  if (!spec.onDelete && counters.updatedReplicas === counters.replicas && counters.readyReplicas === counters.replicas) {
    counters.currentReplicas = counters.updatedReplicas;
    ctx.status.currentRevision = update;
  }
  ctx.status.counters = { ...ctx.status.counters, ...counters };
  for (const p of pods) wakeForAvailability(ctx, p, spec.minReadySeconds);
}
