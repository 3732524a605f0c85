// What a person does to one container of a running pod (the Pods view's container actions, `exec`):
// checks that the container exists and runs, worded as runtime failures, and Restart Container.
import type Docker from 'dockerode';
import { containerName } from './create';
import { readPods } from './engineView';
import { RuntimeError } from './errors';
import type { PodStatus } from './status';

/** A container of a pod, as the engine names it; throws ContainerNotFound for a name the pod lacks. */
export function memberName(pod: PodStatus, container: string): string {
  if (!pod.containers.some((c) => c.name === container)) {
    throw new RuntimeError({ code: 'ContainerNotFound', pod: { name: pod.name, namespace: pod.namespace }, container, containers: pod.containers.map((c) => c.name) });
  }
  return containerName(pod, container);
}

/** The engine's name of a container that runs now; throws ContainerNotRunning otherwise. */
export function runningMember(pod: PodStatus, container: string): string {
  const name = memberName(pod, container);
  const state = pod.containers.find((c) => c.name === container);
  if (state?.state !== 'running') {
    throw new RuntimeError({ code: 'ContainerNotRunning', pod: { name: pod.name, namespace: pod.namespace }, container, state: state?.state ?? 'unknown', reason: state?.reason });
  }
  return name;
}

/**
 * Restarts one running container the way a pod's container restarts: it is stopped within the
 * pod's grace period and its supervisor starts it again under the restart policy, counting the
 * restart and keeping the run for `logs -p`. (`docker restart` raced the supervisor: both brought
 * the container back, one of them under the previous run's name.) An app container of a `Never`
 * pod would stay stopped, so that is refused; under `OnFailure` a container that exits 0 on
 * SIGTERM stays stopped, as it would on a node.
 */
export async function restartMember(docker: Docker, pod: PodStatus, container: string, graceSeconds?: number): Promise<void> {
  const name = runningMember(pod, container);
  const [engine] = await readPods(docker, pod.uid);
  if (!engine) throw new RuntimeError({ code: 'PodNotFound', name: pod.name, namespace: pod.namespace });
  const shape = engine.shape;
  if (shape?.restartPolicy === 'Never' && pod.containers.find((c) => c.name === container)?.role === 'app') {
    const reason = "the pod's restartPolicy is Never, so a stopped container stays stopped (Restart Pod runs the whole pod again)";
    throw new RuntimeError({ code: 'CannotRestart', pod: { name: pod.name, namespace: pod.namespace }, container, reason });
  }
  await docker.getContainer(name).stop({ t: graceSeconds ?? shape?.terminationGracePeriodSeconds ?? 30 });
}
