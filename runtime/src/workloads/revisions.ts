// The revision history of a StatefulSet or DaemonSet, as pkg/controller/history keeps it in
// ControllerRevisions: each pod template the object had, named `<owner>-<hash>`, numbered. The
// newest template is the update revision; a template that comes back (a rollback by apply) takes
// the next number again rather than a new name. Old revisions no pod uses any more go beyond
// revisionHistoryLimit (default 10), lowest number first.
import type { Obj } from './controller';
import type { ObjectStatus, RevisionStatus } from './objectStatus';
import { templateHash } from './replicas';

export interface Revisions {
  /** The revision of the template now. */
  update: RevisionStatus;
  /** status.currentRevision as the object's controller left it (the update revision the first time). */
  current: RevisionStatus;
  /** True when this pass made the update revision (a new template, or one that came back). */
  changed: boolean;
}

/**
 * getStatefulSetRevisions / constructHistory: finds or records the template's revision.
 * `generation` is the object's generation, kept as the revision's pod-template-generation.
 */
export function syncRevisions(status: ObjectStatus, owner: string, template: Obj, generation: number): Revisions {
  const revisions = (status.revisions ??= []);
  const hash = templateHash(template);
  const name = `${owner}-${hash}`;
  const newest = Math.max(0, ...revisions.map((r) => r.revision));
  let update = revisions.find((r) => r.name === name);
  let changed = false;
  if (!update) {
    update = { name, hash, revision: newest + 1, generation, template: structuredClone(template) };
    revisions.push(update);
    changed = true;
  } else if (update.revision < newest) {
    update.revision = newest + 1;
    update.generation = generation;
    changed = true;
  }
  status.updateRevision = name;
  const current = revisions.find((r) => r.name === status.currentRevision) ?? update;
  status.currentRevision = current.name;
  revisions.sort((a, b) => a.revision - b.revision);
  return { update, current, changed };
}

/** truncateHistory: drops revisions that are neither current, update, nor a pod's, beyond the limit. */
export function truncateHistory(status: ObjectStatus, limit: number, usedByPods: Iterable<string>): void {
  const live = new Set([status.currentRevision, status.updateRevision, ...usedByPods]);
  const history = (status.revisions ?? []).filter((r) => !live.has(r.name));
  if (limit < 0 || history.length <= limit) return;
  const drop = new Set(history.slice(0, history.length - limit).map((r) => r.name));
  status.revisions = (status.revisions ?? []).filter((r) => !drop.has(r.name));
}
