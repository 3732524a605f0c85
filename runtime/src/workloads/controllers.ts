// Every controller the manager runs, by the kind it owns.
import type { ClaimOps, Controller, ControllerContext } from './controller';
import { cronJobController } from './cronJobs';
import { deploymentController, replicaSetControllers } from './deployment';
import { jobController } from './jobs';
import type { Obj, StoredObject } from './records';

/** PersistentVolumeClaim objects: their volume exists while they do; deleting one deletes its data. */
const claimController: Controller = {
  kind: 'PersistentVolumeClaim',
  async sync(pvc: StoredObject, ctx: ControllerContext) {
    await ctx.ensureClaim(pvc.metadata.name, (pvc.body.spec ?? {}) as Obj);
  },
  async deleted(pvc: StoredObject, _status, claims: ClaimOps) {
    await claims.delete(pvc.metadata.name);
  },
};

export const CONTROLLERS = new Map<string, Controller>([deploymentController, ...replicaSetControllers, claimController, jobController, cronJobController].map((c) => [c.kind, c]));
