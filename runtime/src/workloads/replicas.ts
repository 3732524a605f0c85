// Keeping N pods of one template: the ReplicaSet controller's work (pkg/controller/replicaset), which
// ReplicaSets, ReplicationControllers and each ReplicaSet of a Deployment share. Missing pods are
// created, failed ones replaced, and extra ones deleted in the order upstream picks its victims.
import { createHash } from 'node:crypto';
import { generateName, NAME_ALPHABET } from '../names';
import type { PodStatus } from '../status';
import { isActive, isReady, readySince, type ControllerContext, type Obj } from './controller';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The pods to delete first when scaling down (controller.ActivePodsWithRanks): pending before
 * running, not ready before ready, ready for less time before longer, more restarts before fewer,
 * newer before older.
 */
export function victims(pods: readonly PodStatus[], count: number): PodStatus[] {
  const created = (p: PodStatus) => Math.min(...p.containers.map((c) => (c.startedAt ? Date.parse(c.startedAt) : Infinity)), Infinity);
  const ranked = [...pods].sort((a, b) => {
    const phase = (PHASE_RANK[a.phase] ?? 3) - (PHASE_RANK[b.phase] ?? 3);
    if (phase) return phase;
    const ready = Number(isReady(a)) - Number(isReady(b));
    if (ready) return ready;
    const since = (readySince(b) ?? 0) - (readySince(a) ?? 0);
    if (isReady(a) && isReady(b) && since) return since;
    if (a.restarts !== b.restarts) return b.restarts - a.restarts;
    return created(b) - created(a);
  });
  return ranked.slice(0, Math.max(0, count));
}

/**
 * pod-template-hash as the Deployment controller makes it: a 32-bit FNV-1a hash of the template
 * (here of its JSON with sorted keys; upstream hashes the Go struct) and the collision count, the
 * decimal digits spelled with the alphabet of util/rand (SafeEncodeString).
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  const canonical = JSON.stringify(sortKeys(template)) + (collisionCount ? String(collisionCount) : '');
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(canonical, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => NAME_ALPHABET[c.charCodeAt(0) % NAME_ALPHABET.length]).join('');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Obj)[k])]));
  return v;
}

/** A short, stable digest for names a controller derives (not shown to people as a hash). */
export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(sortKeys(value))).digest('hex').slice(0, 10);
}

export interface ReplicaTarget {
  /** Names of new pods: `<prefix>-<5 random characters>`. */
  prefix: string;
  replicas: number;
  /** The pod template: metadata (labels, annotations) and spec. */
  template: Obj;
  specPath: string;
  /** This set's pods among the owner's. */
  pods: PodStatus[];
}

/** A pod deleted, with the replicaset-controller's event (a pod not created yet is only forgotten). */
function deletePod(ctx: ControllerContext, p: PodStatus): void {
  ctx.deletePod(p);
  if (!p.uid.startsWith('pending:')) ctx.event('Normal', 'SuccessfulDelete', `Deleted pod: ${p.name}`);
}

/**
 * One set of replicas, one pass: failed pods go (and are replaced), missing pods are created,
 * extra pods are deleted. Returns the number of pods it created and deleted.
 */
export function syncReplicas(ctx: ControllerContext, target: ReplicaTarget): { created: number; deleted: number } {
  let deleted = 0;
  for (const p of target.pods) {
    // A pod of a ReplicaSet that failed for good (its restartPolicy gave up) is replaced.
    if (!p.terminating && (p.phase === 'Failed' || p.phase === 'Succeeded')) {
      deletePod(ctx, p);
      deleted++;
    }
  }
  const active = target.pods.filter(isActive);
  const diff = active.length - target.replicas;
  let created = 0;
  if (diff < 0) {
    const meta = (target.template.metadata ?? {}) as Obj;
    for (let i = 0; i < -diff; i++) {
      ctx.createPod({
        name: generateName(`${target.prefix}-`),
        generateName: `${target.prefix}-`,
        labels: { ...((meta.labels ?? {}) as Record<string, string>) },
        annotations: { ...((meta.annotations ?? {}) as Record<string, string>) },
        spec: structuredClone((target.template.spec ?? {}) as Obj),
        specPath: target.specPath,
      });
      created++;
    }
  } else if (diff > 0) {
    for (const p of victims(active, diff)) {
      deletePod(ctx, p);
      deleted++;
    }
  }
  return { created, deleted };
}
