// What `rollout history|undo|restart|pause|resume` read and check, apart from the Workloads API that
// writes their changes (api.ts): the revisions a workload kept, and what a paused Deployment refuses.
import { volumeDetail, type VolumeDetail } from '../detail';
import { PAUSED, valueAt } from './commandFields';
import type { ObjectStatus } from './objectStatus';
import type { Obj } from './records';

/** A pod template a workload kept (rollout history). */
export interface Revision {
  revision: number;
  /** The template's hash: pod-template-hash, or the revision's controller-revision-hash. */
  hash: string;
  template: Obj;
  /** Its volumes by their sources, as `history --revision N` shows them. */
  volumes: VolumeDetail[];
}

export const ROLLED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * The pod templates a Deployment (its ReplicaSets), a StatefulSet or a DaemonSet (their
 * ControllerRevisions) kept, oldest first. A Deployment's are given without the pod-template-hash
 * label its controller adds: as the Deployment's own template would be.
 */
export function keptRevisions(kind: string, status: ObjectStatus | undefined): Revision[] {
  const kept =
    kind === 'Deployment'
      ? (status?.replicaSets ?? []).map((rs) => {
          const template = structuredClone(rs.template) as Obj & { metadata?: { labels?: Record<string, string> } };
          if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
          return { revision: rs.revision, hash: rs.hash, template };
        })
      : (status?.revisions ?? []).map((r) => ({ revision: r.revision, hash: r.hash, template: structuredClone(r.template) }));
  const volumesOf = (template: Obj) => (((template.spec ?? {}) as Obj).volumes as Obj[] | undefined ?? []).map(volumeDetail);
  return kept.map((r) => ({ ...r, volumes: volumesOf(r.template) })).sort((a, b) => a.revision - b.revision);
}

const PAUSED_REFUSALS = {
  restart: "can't restart paused deployment (run rollout resume first)",
  undo: "you cannot rollback a paused deployment; resume it first with 'podwright rollout resume' and try again",
};

/** kubectl's refusal of `verb` on a paused Deployment, or undefined when it may go on. */
export function pausedRefusal(verb: keyof typeof PAUSED_REFUSALS, kind: string, body: Obj): string | undefined {
  return kind === 'Deployment' && valueAt(body, PAUSED) === true ? PAUSED_REFUSALS[verb] : undefined;
}
