// What a stop keeps of a pod before its engine objects go (stoppedPods.ts stores it): the pod's
// description with its containers' last states, and the supervisor's events and status history.
import type Docker from 'dockerode';
import { describePod } from './describe';
import { podsOf } from './engineView';
import type { PodState, StateStore } from './state';
import { recordStatus } from './statusHistory';
import { computeStatus } from './status';
import { stoppedPhase, type StoppedPods } from './stoppedPods';

/**
 * Records a pod whose containers a stop has just stopped, from their inspections taken as each
 * stopped (stopContainers' `inspected`), so that the record costs the engine no second reading.
 */
export async function keepStopRecord(docker: Docker, store: StateStore, stopped: StoppedPods, uid: string, killed: string[], inspected: readonly Docker.ContainerInspectInfo[]): Promise<void> {
  const [pod] = podsOf(inspected);
  const state = store.read(uid);
  // A pod that never got its sandbox (stopped while starting) has nothing to describe.
  if (!pod || !state) return;
  const now = new Date().toISOString();
  const status = computeStatus(pod, state, Date.now(), {});
  const record: PodState = { ...state, events: [...state.events], history: [...(state.history ?? [])] };
  // The kubelet's Killing event for each container a deletion stops (killContainer in
  // pkg/kubelet/kuberuntime/kuberuntime_container.go), then the containers' last states.
  for (const c of killed) record.events.push({ time: now, type: 'Normal', reason: 'Killing', container: c, message: `Stopping container ${c}` });
  recordStatus(record.history ?? [], status, now);
  const description = await describePod(docker, status, record, new Map(inspected.map((i) => [i.Name.replace(/^\//, ''), i])));
  description.phase = stoppedPhase(description);
  description.status = 'Stopped';
  description.stoppedAt = now;
  description.deletionTimestamp = undefined;
  description.deletionGracePeriodSeconds = undefined;
  const containers = status.containers.map((c) => ({ name: c.name, role: c.role }));
  stopped.keep({ uid, name: state.name, namespace: state.namespace, stoppedAt: now, description, state: record, containers, owner: status.owner });
}
