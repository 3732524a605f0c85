// Deployments, ReplicaSets and ReplicationControllers. A Deployment's ReplicaSets are kept in its
// status (name `<deployment>-<pod-template-hash>`, replicas, revision) rather than as objects of
// their own: nothing but the Deployment controller changes them, and its pods carry the hash. The
// rollout follows pkg/controller/deployment: RollingUpdate within maxSurge and maxUnavailable, a new
// pod counting once Ready for minReadySeconds; Recreate removes every old pod before the new ones;
// progressDeadlineSeconds turns Progressing to False with ProgressDeadlineExceeded. A paused
// Deployment (spec.paused) makes no ReplicaSet for a new template and rolls nothing out; it still
// scales, and its deadline does not run while it is paused.
import { isAvailable, type Controller, type ControllerContext, type Obj } from './controller';
import { setCondition, type ReplicaSetStatus } from './objectStatus';
import type { StoredObject } from './records';
import { syncReplicas, templateHash } from './replicas';
import { fenceposts, newReplicaSetTarget, oldReplicaSetTargets, type IntOrPercent } from './rolling';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** The template with the hash in its labels, as the ReplicaSet carries it. */
function labelled(template: Obj, hash: string): Obj {
  const metadata = (template.metadata ?? {}) as Obj;
  const labels = { ...((metadata.labels ?? {}) as Record<string, string>), 'pod-template-hash': hash };
  return { ...template, metadata: { ...metadata, labels } };
}

export const deploymentController: Controller = {
  kind: 'Deployment',
  sync(d: StoredObject, ctx: ControllerContext) {
    const spec = (d.body.spec ?? {}) as Obj;
    const desired = num(spec.replicas, 1);
    const template = (spec.template ?? {}) as Obj;
    const minReadySeconds = num(spec.minReadySeconds, 0);
    const strategy = (spec.strategy ?? {}) as Obj;
    const rolling = (strategy.rollingUpdate ?? {}) as Obj;
    const status = ctx.status;
    const sets = (status.replicaSets ??= []);
    const hash = templateHash(template);
    const paused = spec.paused === true;
    let current = sets.find((rs) => rs.hash === hash);
    if (!current && !paused) {
      current = { hash, name: `${d.metadata.name}-${hash}`, replicas: 0, revision: Math.max(0, ...sets.map((rs) => rs.revision)) + 1, created: ctx.now, template: labelled(template, hash) };
      sets.push(current);
      ctx.event('Normal', 'ScalingReplicaSet', `Created new replica set "${current.name}"`);
      status.lastProgress = ctx.now;
    } else if (current && current.revision < Math.max(...sets.map((rs) => rs.revision))) {
      // A template that comes back (a rollback by apply) takes the next revision, as upstream.
      current.revision = Math.max(...sets.map((rs) => rs.revision)) + 1;
    }
    const podsOf = (rs: ReplicaSetStatus) => ctx.pods.filter((p) => p.labels['pod-template-hash'] === rs.hash);
    const counts = (rs: ReplicaSetStatus) => ({ replicas: rs.replicas, available: podsOf(rs).filter((p) => isAvailable(p, minReadySeconds, ctx.now)).length, created: rs.created });
    const old = sets.filter((rs) => rs !== current);
    const before = new Map(sets.map((rs) => [rs, rs.replicas]));
    if (paused) {
      // dc.scale on a paused Deployment (FindActiveOrLatest): the one ReplicaSet with replicas, or
      // with none the newest, follows spec.replicas; a rollout paused halfway keeps its sizes.
      const active = sets.filter((rs) => rs.replicas > 0);
      const newest = current ?? sets.reduce<ReplicaSetStatus | undefined>((a, rs) => (!a || rs.created > a.created ? rs : a), undefined);
      const target = active.length === 1 ? active[0] : active.length === 0 ? newest : undefined;
      if (target) target.replicas = desired;
    } else if (current) {
      if (strategy.type === 'Recreate') {
        // Every old pod goes first; the new ones only once none is left, terminating included.
        for (const rs of old) rs.replicas = 0;
        if (old.every((rs) => podsOf(rs).length === 0)) current.replicas = desired;
      } else {
        const { surge, unavailable } = fenceposts(rolling.maxSurge as IntOrPercent, rolling.maxUnavailable as IntOrPercent, desired);
        const all = sets.map(counts);
        current.replicas = newReplicaSetTarget(desired, surge, all, counts(current));
        const targets = oldReplicaSetTargets(desired, unavailable, sets.map(counts), counts(current), old.map(counts));
        old.forEach((rs, i) => (rs.replicas = targets[i]));
      }
    }
    // One event for each ReplicaSet scaled, in the words of the Deployment controller's
    // scaleReplicaSet (the size it came from is left out when it was none).
    for (const rs of sets) {
      const was = before.get(rs) ?? 0;
      if (rs.replicas === was) continue;
      status.lastProgress = ctx.now;
      ctx.event('Normal', 'ScalingReplicaSet', `Scaled ${rs.replicas > was ? 'up' : 'down'} replica set ${rs.name} to ${rs.replicas}${was ? ` from ${was}` : ''}`);
    }
    for (const rs of sets) {
      const r = syncReplicas(ctx, { prefix: rs.name, replicas: rs.replicas, template: rs.template, specPath: 'spec.template.spec', pods: podsOf(rs) });
      if (r.created || r.deleted) status.lastProgress = ctx.now;
    }
    // Old ReplicaSets with no pods left are history (revisionHistoryLimit, default 10).
    const history = num(spec.revisionHistoryLimit, 10);
    const empty = old.filter((rs) => rs.replicas === 0 && podsOf(rs).length === 0).sort((a, b) => a.revision - b.revision);
    for (const rs of empty.slice(0, Math.max(0, empty.length - history))) sets.splice(sets.indexOf(rs), 1);
    deploymentConditions(ctx, spec, desired, paused ? undefined : current, sets.map(counts), minReadySeconds);
  },
};

/**
 * Available and Progressing, as the Deployment controller's syncRolloutStatus sets them; `current`
 * undefined for a paused Deployment, whose Progressing says so (checkPausedConditions).
 */
function deploymentConditions(ctx: ControllerContext, spec: Obj, desired: number, current: ReplicaSetStatus | undefined, all: { replicas: number; available: number }[], minReadySeconds: number): void {
  const status = ctx.status;
  const rolling = ((spec.strategy ?? {}) as Obj).rollingUpdate as Obj | undefined;
  const { unavailable } = fenceposts(rolling?.maxSurge as IntOrPercent, rolling?.maxUnavailable as IntOrPercent, desired);
  const available = all.reduce((n, rs) => n + rs.available, 0);
  const minAvailable = spec.strategy && (spec.strategy as Obj).type === 'Recreate' ? desired : desired - unavailable;
  setCondition(
    status,
    available >= minAvailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    ctx.now,
  );
  if (minReadySeconds > 0) ctx.wakeAt(ctx.now + 1000);
  const was = status.conditions.find((c) => c.type === 'Progressing');
  if (!current) {
    // A deadline missed before the pause stays reported; none runs while paused.
    if (was?.reason !== 'ProgressDeadlineExceeded') setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, ctx.now);
    return;
  }
  // Resumed: the deadline counts from now, not from the last progress before the pause.
  if (was?.reason === 'DeploymentPaused') status.lastProgress = ctx.now;
  const updated = ctx.pods.filter((p) => p.labels['pod-template-hash'] === current.hash && !p.terminating);
  const updatedAvailable = updated.filter((p) => isAvailable(p, minReadySeconds, ctx.now)).length;
  const others = ctx.pods.filter((p) => p.labels['pod-template-hash'] !== current.hash);
  const complete = updated.length === desired && updatedAvailable === desired && others.length === 0;
  const deadline = num(spec.progressDeadlineSeconds, 600);
  const progressing = ((): Parameters<typeof setCondition>[1] => {
    if (complete) return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${current.name}" has successfully progressed.` };
    if (status.lastProgress !== undefined && ctx.now - status.lastProgress > deadline * 1000) {
      return { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${current.name}" has timed out progressing.` };
    }
    return { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${current.name}" is progressing.` };
  })();
  if (setCondition(status, progressing, ctx.now) && progressing.reason === 'ProgressDeadlineExceeded') ctx.event('Warning', 'ProgressDeadlineExceeded', String(progressing.message));
  // Check the deadline again when it would pass, and the availability of pods still short of minReadySeconds.
  if (!complete && status.lastProgress !== undefined) ctx.wakeAt(status.lastProgress + deadline * 1000 + 1);
}

/** ReplicaSets and ReplicationControllers applied directly: one set of replicas, their own name. */
function replicaSetController(kind: 'ReplicaSet' | 'ReplicationController'): Controller {
  return {
    kind,
    sync(rs: StoredObject, ctx: ControllerContext) {
      const spec = (rs.body.spec ?? {}) as Obj;
      const minReadySeconds = num(spec.minReadySeconds, 0);
      syncReplicas(ctx, { prefix: rs.metadata.name, replicas: num(spec.replicas, 1), template: (spec.template ?? {}) as Obj, specPath: 'spec.template.spec', pods: ctx.pods });
      const available = ctx.pods.filter((p) => isAvailable(p, minReadySeconds, ctx.now)).length;
      ctx.status.counters = { ...ctx.status.counters, availableReplicas: available };
      if (minReadySeconds > 0) ctx.wakeAt(ctx.now + 1000);
    },
  };
}

export const replicaSetControllers = [replicaSetController('ReplicaSet'), replicaSetController('ReplicationController')];
