// Every controller the manager runs, by the kind it owns.
import type { ClaimOps, Controller, ControllerContext } from './controller';
import { cronJobController } from './cronJobs';
import { daemonSetController } from './daemonSet';
import { deploymentController, replicaSetControllers } from './deployment';
import { jobController } from './jobs';
import type { Obj, StoredObject } from './records';
import { statefulSetController } from './statefulSet';

/** PersistentVolumeClaim objects: their volume exists while they do; deleting one deletes its data. */
const claimController: Controller = {
  kind: 'PersistentVolumeClaim',
  async sync(pvc: StoredObject, ctx: ControllerContext) {
    await ctx.ensureClaim(pvc.metadata.name, (pvc.body.spec ?? {}) as Obj);
  },
  // kubernetes.io/pvc-protection (pkg/controller/volume/pvcprotection): a claim deleted while a pod
  // uses it stays, Terminating, until no container mounts its volume any more.
  async finalize(pvc: StoredObject, ctx: ControllerContext) {
    try {
      await ctx.deleteClaim(pvc.metadata.name);
      return true;
    } catch (e) {
      ctx.status.message = (e as Error).message;
      return false;
    }
  },
  async deleted(pvc: StoredObject, _status, claims: ClaimOps) {
    await claims.delete(pvc.metadata.name);
  },
};

export const CONTROLLERS = new Map<string, Controller>(
  [deploymentController, ...replicaSetControllers, statefulSetController, daemonSetController, claimController, jobController, cronJobController].map((c) => [c.kind, c]),
);
