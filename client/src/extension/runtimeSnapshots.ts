// The runtime's statuses as the Pods view's snapshot (client/src/podsView/snapshot.ts): pods, applied
// objects with their summaries and notes, claims' volumes, Services with their endpoints. Plain code
// of the runtime bundle, no `vscode`.
import type { ClaimInfo, ObjectView, PodStatus, ServiceView, Summary } from '../../../runtime/src';
import { SCALABLE_KINDS, WORKLOAD_KINDS } from '../podsView/kinds';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot, ServiceSnapshot } from '../podsView/snapshot';

export function toSnapshot(s: PodStatus): PodSnapshot {
  const started = s.containers.map((c) => (c.startedAt ? Date.parse(c.startedAt) : NaN)).filter((t) => !Number.isNaN(t));
  return {
    name: s.name,
    namespace: s.namespace,
    phase: s.phase,
    status: s.status,
    ready: s.ready,
    restarts: s.restarts,
    containers: s.containers.map((c) => ({
      name: c.name,
      role: c.role,
      state: c.state,
      reason: c.reason,
      exitCode: c.exitCode,
      restarts: c.restarts,
      ready: c.ready,
      image: c.image,
    })),
    ephemeralContainers: s.ephemeralContainers?.length ? s.ephemeralContainers.map((c) => ({ name: c.name, image: c.image, target: c.target, state: c.state, exitCode: c.exitCode })) : undefined,
    ports: s.ports.map((p) => ({ ...p })),
    ip: s.podIP,
    manifest: s.manifest || undefined,
    // The earliest container start stands for the pod's creation (the infra container starts first).
    createdAt: started.length ? Math.min(...started) : undefined,
    terminatingUntil: s.deletionTimestamp ? Date.parse(s.deletionTimestamp) : undefined,
    owner: s.owner ? { kind: s.owner.kind, name: s.owner.name, uid: s.owner.uid } : undefined,
  };
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What is wrong with an object, in its own words: a rollout past its deadline, a ReplicaSet that
 * cannot make pods, a failed Job, the controller's note, its last event when that was a warning.
 */
function notesOf(view: ObjectView): string[] {
  const status = view.status;
  if (!status) return [];
  const bad = status.conditions.filter((c) => (['Failed', 'ReplicaFailure'].includes(c.type) && c.status === 'True') || (c.type === 'Progressing' && c.status === 'False'));
  const notes = bad.map((c) => `${c.type}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`);
  if (status.message) notes.push(status.message);
  const last = status.events[status.events.length - 1];
  if (last?.type === 'Warning') notes.push(`${last.reason}: ${last.message}`);
  return notes;
}

export function objectSnapshot(view: ObjectView & { summary: Summary }): ObjectSnapshot {
  const { object, summary } = view;
  const live = view.pods.filter((p) => !p.terminating).length;
  const created = Date.parse(object.metadata.creationTimestamp);
  const replicas = asObj(object.body.spec).replicas;
  return {
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    uid: object.metadata.uid,
    // A kind the runtime does not summarise (yet) still says how many pods it has.
    status: summary.short || (WORKLOAD_KINDS.includes(object.kind) ? plural(live, 'pod') : ''),
    columns: summary.columns.map(([k, v]) => [k, v] as [string, string]),
    ready: summary.ready,
    desired: summary.desired,
    // spec.replicas defaults to 1 (pkg/apis/apps/v1/defaults.go).
    replicas: SCALABLE_KINDS.includes(object.kind) ? (typeof replicas === 'number' ? replicas : 1) : undefined,
    manifest: object.manifest || undefined,
    createdAt: Number.isNaN(created) ? undefined : created,
    ...(asObj(object.body.spec).paused === true ? { paused: true } : {}),
    notes: notesOf(view),
  };
}

export function claimSnapshot(c: ClaimInfo, applied: boolean): ClaimSnapshot {
  const storage = asObj(asObj(c.spec.resources).requests).storage;
  const created = Date.parse(c.created);
  return {
    name: c.name,
    namespace: c.namespace,
    volume: c.volume,
    owner: c.owner,
    storage: storage === undefined ? undefined : String(storage),
    accessModes: Array.isArray(c.spec.accessModes) ? c.spec.accessModes.map(String) : [],
    createdAt: Number.isNaN(created) ? undefined : created,
    applied,
  };
}

export function serviceSnapshot(svc: ServiceView): ServiceSnapshot {
  return {
    type: svc.type,
    clusterIP: svc.clusterIP,
    headless: svc.headless,
    externalName: svc.externalName,
    ports: svc.ports.map(({ name, port, protocol, published }) => ({ name, port, protocol, published })),
    endpoints: svc.endpoints,
  };
}
