// The logs of a workload: every container of every pod its controller made, followed together, and
// the pods it makes while they are followed (a scale-up, a rollout, a pod replaced after a crash).
// kubectl follows the pods a selector matched when it started (`logs -l … -f`); a person watching a
// Deployment in the editor expects its new pods too.
import type { EngineSnapshot, PodSnapshot } from '../podsView/snapshot';
import type { Subscription } from '../podsView/store';
import type { LogLine, PodRef } from './runtimeApi';

export interface WorkloadLogSources {
  /** The engine's pods now. */
  snapshot(): EngineSnapshot;
  /** Called after each change of the snapshot. */
  onDidChange(listener: () => void): Subscription;
  /** One container's log, whole and then followed until the container stops or the signal aborts. */
  logs(pod: PodRef, container: string, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void>;
}

export interface WorkloadLogSink {
  line(pod: PodSnapshot, line: LogLine): void;
  /** A container whose log could not be read (it was removed meanwhile, the engine went away). */
  failed(pod: PodSnapshot, container: string, message: string): void;
}

/** The kinds whose controllers make pods (a CronJob's pods are its Jobs'). */
export const LOGGED_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job'];

/** Which pods are the workload's: those its controller made (their owner is the workload itself). */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Follows every container run of the workload's pods once: a container is followed when it has
 * started (running, or already terminated), again after each restart (a new container), and a
 * pod made anew under an old name (a StatefulSet's) is a new pod by its creation time.
 */
export function followWorkloadLogs(sources: WorkloadLogSources, workload: WorkloadRef, sink: WorkloadLogSink): Subscription {
  const abort = new AbortController();
  const followed = new Set<string>();
  const mine = (p: PodSnapshot) => p.namespace === workload.namespace && p.owner?.kind === workload.kind && p.owner.name === workload.name;
  const look = () => {
    const s = sources.snapshot();
    if (s.kind !== 'up' || abort.signal.aborted) return;
    for (const pod of s.pods.filter(mine)) {
      for (const c of pod.containers) {
        if (c.state === 'waiting') continue;
        const key = `${pod.namespace}/${pod.name}@${pod.createdAt ?? ''}/${c.name}/${c.restarts}`;
        if (followed.has(key)) continue;
        followed.add(key);
        sources
          .logs({ namespace: pod.namespace, name: pod.name }, c.name, (line) => sink.line(pod, line), abort.signal)
          .catch((e: Error) => abort.signal.aborted || sink.failed(pod, c.name, e.message));
      }
    }
  };
  const changes = sources.onDidChange(look);
  look();
  return {
    dispose: () => {
      abort.abort();
      changes.dispose();
    },
  };
}
