// What `rollout history|undo|restart|pause|resume` and `set image` read and check, apart from the
// Workloads API that writes their changes (api.ts): the revisions a workload kept, what a paused
// Deployment refuses, and a pod template with new images.
import { volumeDetail, type VolumeDetail } from '../detail';
import { namesInfraImage } from '../images';
import { templatePath } from './apply';
import { PAUSED, valueAt, withValueAt } from './commandFields';
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

/** Kinds whose pod template one may change (a Job's is immutable; a bare Pod is not a record). */
const IMAGE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];

/**
 * `kubectl set image` on a stored body: each named container's image, init containers included (`*`
 * names every one), or the reason it is refused. The same body when every image was so already.
 */
export function withImages(kind: string, body: Obj, images: Readonly<Record<string, string>>): Obj | string {
  if (!IMAGE_KINDS.includes(kind)) return kind === 'Job' ? "spec.template: field is immutable (a Job's pods run the template it was made with)" : 'it has no pod template whose images can be set';
  const path = (templatePath(kind) ?? []).map(String);
  const spec = (valueAt(body, path) ?? {}) as Obj;
  const lists = (['initContainers', 'containers'] as const).map((key) => ((spec[key] ?? []) as Obj[]).map((c) => ({ ...c })));
  let changed = false;
  for (const [name, image] of Object.entries(images)) {
    // The controller would refuse every pod of it (planInfraImage): said now, with nothing written.
    if (namesInfraImage(image)) return `${image} is podwright's own pod infra image; a container may not run it`;
    const named = lists.flat().filter((c) => name === '*' || c.name === name);
    if (!named.length) return `unable to find container named "${name}"`;
    for (const c of named.filter((x) => x.image !== image)) {
      c.image = image;
      changed = true;
    }
  }
  if (!changed) return body;
  return withValueAt(body, path, { ...spec, ...(spec.initContainers ? { initContainers: lists[0] } : {}), containers: lists[1] });
}
