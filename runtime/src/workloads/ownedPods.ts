// The pods a controller asks the manager for, between the ask and the engine's listing: how they are
// planned from their owner's template, and how they count meanwhile (as Pending pods of the owner).
import type Docker from 'dockerode';
import { hostAccessOf } from '../../../analysis/src';
import { planPod, type PlanProblem } from '../plan';
import type { PodStatus } from '../status';
import type { PodPlan } from '../types';
import { dataOf, mountsClaim, usableClaims } from './claims';
import type { PodRequest } from './controller';
import type { StoredObject } from './records';

/** A pod asked for and not yet on the engine: it counts as Pending, so that no pass asks twice. */
export interface PendingPod {
  request: PodRequest;
  owner: StoredObject;
  since: number;
  /**
   * Set once its creation has ended: the number of the first pass whose listing began after that,
   * and so shows the pod if it exists. A pass that began listing earlier still counts it as pending:
   * else that pass would see it neither listed nor pending and make another (ControllerExpectations
   * in pkg/controller/controller_utils.go keep upstream's controllers from the same overshoot).
   */
  listedFrom?: number;
}

/** A pending pod as its owner's controller sees it: Pending, ContainerCreating, no containers yet. */
export function pendingStatus(p: PendingPod, cluster: string): PodStatus {
  const { owner } = p;
  return {
    uid: `pending:${p.request.name}`,
    name: p.request.name,
    namespace: owner.metadata.namespace,
    manifest: owner.manifest,
    owner: { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, cluster },
    labels: p.request.labels,
    annotations: p.request.annotations,
    phase: 'Pending',
    status: 'ContainerCreating',
    ready: '0/0',
    restarts: 0,
    containers: [],
    ports: [],
    terminating: false,
  };
}

/**
 * The plan of a pod of `owner`'s template, with the host access its owner was applied with, and the
 * ConfigMaps, Secrets and claims of its namespace.
 */
export async function planOwnedPod(docker: Docker, owner: StoredObject, request: PodRequest, objects: StoredObject[], cluster: string): Promise<{ plan: PodPlan; problems: PlanProblem[] }> {
  const namespace = owner.metadata.namespace;
  return planPod(
    {
      name: request.name,
      namespace,
      kind: 'Pod',
      document: 0,
      labels: request.labels,
      annotations: request.annotations,
      spec: request.spec,
      specPath: request.specPath,
      hostAccess: hostAccessOf(request.spec, request.specPath.split('.')),
      manifestPath: owner.manifest,
      manifestHash: owner.hash,
      owner: { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, cluster },
    },
    // Only a pod that mounts a claim costs a look at the engine's claims: it is a round trip on the
    // way to every new pod, and most templates have none.
    { ...dataOf(objects, namespace), claims: mountsClaim(request.spec) ? await usableClaims(docker, objects, namespace) : new Map<string, string>() },
    { allowHostAccess: owner.options.allowHostAccess },
  );
}
