// Stopping a pod the kubelet's way: one terminationGracePeriodSeconds for the whole pod. App (and
// init) containers first, in parallel, each with its preStop hook; native sidecars once they have
// exited, in reverse order of definition, within what is left; SIGKILL when the budget is spent.
// Then every object carrying the pod's uid label is removed: containers, the infra container,
// volumes. Nothing is left behind.
import type Docker from 'dockerode';
import { statusOf } from './engine';
import { inspectContainer, listPod } from './engineView';
import { labelFilter } from './labels';
import { runHandler } from './probes';
import type { Hook } from './types';

/**
 * The kubelet's minimumGracePeriodInSeconds (pkg/kubelet/kuberuntime/kuberuntime_container.go): a
 * container whose preStop hook used the budget up still gets this long between SIGTERM and SIGKILL.
 */
export const MIN_GRACE_MS = 2000;

/** The end of a termination budget of `seconds` that starts now (epoch ms). */
export function deadlineIn(seconds: number, now = Date.now()): number {
  return now + Math.max(0, seconds) * 1000;
}

/**
 * Stops one container the kubelet's way (killContainer in pkg/kubelet/kuberuntime): the preStop
 * hook first, within what is left of the budget that ends at `deadline`; then SIGTERM (the image's
 * stop signal), and SIGKILL at the deadline — or 2 s after SIGTERM when the hook used the budget up
 * (minimumGracePeriodInSeconds). A budget already spent means SIGKILL now, and no hook.
 */
export async function killContainer(docker: Docker, id: string, deadline: number, preStop: Hook | undefined, infraId: string | undefined): Promise<void> {
  let killAt = deadline;
  if (preStop && deadline > Date.now()) {
    await runHandler(docker, preStop, id, infraId ?? id, deadline - Date.now());
    killAt = Math.max(deadline, Date.now() + MIN_GRACE_MS);
  }
  const container = docker.getContainer(id);
  const left = killAt - Date.now();
  // The engine takes its stop timeout in whole seconds; rounded up, it would kill up to a second
  // late, so SIGKILL is sent from here at `killAt` and the engine's own timeout is only a backstop.
  const stopped = container.stop({ t: Math.max(0, Math.ceil(left / 1000)) }).catch(ignoreGone);
  if (left <= 0) return stopped;
  let timer: NodeJS.Timeout | undefined;
  const due = new Promise<'due'>((resolve) => (timer = setTimeout(() => resolve('due'), left)));
  const first = await Promise.race([stopped.then(() => 'stopped' as const), due]);
  clearTimeout(timer);
  if (first === 'due') {
    await container.kill({ signal: 'SIGKILL' }).catch(ignoreGone);
    await stopped;
  }
}

/** The engine's answer for an object that is gone (404), already stopped (304) or being removed (409). */
export function isGone(e: unknown): boolean {
  const s = statusOf(e);
  return s === 404 || s === 304 || s === 409;
}

/** For stops and removals: an object that is gone already is what was wanted. */
export const ignoreGone = (e: unknown) => {
  if (!isGone(e)) throw e;
};

/** How long a removal waits for someone else's removal of the same container to finish. */
const REMOVAL_WAIT_MS = 15_000;

/**
 * Removes a container and its anonymous volumes, and returns once it is gone. When another caller
 * is removing it already (two stops of one pod: a Force Stop during a graceful one), the engine
 * answers 409 at once while the container still exists; returning then would let the pod be
 * listed half removed (its sandbox gone, a member left) after its stop has returned. So a 409
 * waits for that removal to end, within a bound.
 */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.remove({ force: true, v: true });
  } catch (e) {
    if (statusOf(e) !== 409) return ignoreGone(e);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, REMOVAL_WAIT_MS)));
    await Promise.race([container.wait({ condition: 'removed' }).catch(ignoreGone), bound]);
    clearTimeout(timer);
  }
}

export interface StopOptions {
  /** The budget in seconds (`podwright stop --timeout`); the pod's terminationGracePeriodSeconds by default. */
  timeoutSeconds?: number;
  /** Remove each container once it has stopped, then the infra container. */
  remove?: boolean;
  /**
   * Given each container's inspection once it has stopped (and the infra container's, once every
   * member has), before it is removed: a stop record reads the last states from these.
   */
  inspected?: (info: Docker.ContainerInspectInfo) => void;
}

/**
 * Stops the pod's containers within one budget, as the kubelet's killContainersWithSyncResult does
 * with the termination ordering of KEP-753 (pkg/kubelet/kuberuntime/kuberuntime_termination_order.go):
 * a sidecar waits for every app container and for the sidecars defined after it, and has what is
 * left of the budget; once the budget is spent, SIGKILL at once. Returns the names of the
 * containers that were running (the ones it killed).
 */
export async function stopContainers(docker: Docker, uid: string, opts: StopOptions = {}): Promise<string[]> {
  const pod = await listPod(docker, uid);
  if (!pod) return [];
  const deadline = deadlineIn(opts.timeoutSeconds ?? pod.shape?.terminationGracePeriodSeconds ?? 30);
  const decls: { name: string; role: string; preStop?: Hook }[] = pod.shape?.containers ?? [...pod.containers].map(([name, c]) => ({ name, role: c.role }));
  const running = (name: string) => {
    const c = pod.containers.get(name);
    return c && (c.status === 'running' || c.status === 'restarting' || c.status === 'paused') ? c : undefined;
  };
  const killed = decls.filter((d) => running(d.name)).map((d) => d.name);
  // Each container is inspected and removed as soon as it has stopped, while the next ones are
  // still stopping.
  const removals: Promise<unknown>[] = [];
  const done = async (id: string) => {
    if (opts.inspected) {
      const info = await inspectContainer(docker, id);
      if (info) opts.inspected(info);
    }
    if (opts.remove) await removeContainer(docker, id);
  };
  const stop = async (name: string) => {
    const c = pod.containers.get(name);
    if (!c) return;
    if (running(name)) await killContainer(docker, c.id, deadline, decls.find((d) => d.name === name)?.preStop, pod.infra?.id);
    removals.push(done(c.id));
  };
  await Promise.all(decls.filter((d) => d.role === 'app' || d.role === 'init').map((d) => stop(d.name)));
  for (const d of decls.filter((x) => x.role === 'sidecar').reverse()) await stop(d.name);
  // Every member has stopped: the sandbox (infra container) goes now, alongside their removal.
  if (pod.infra) removals.push(done(pod.infra.id));
  await Promise.all(removals);
  return killed;
}

/** Removes every container and volume labelled with `uid`; returns how many objects went. */
export async function removePodObjects(docker: Docker, uid: string): Promise<number> {
  let removed = 0;
  // Both lists at once; volumes go only after the containers that may mount them.
  const [containers, { Volumes }] = await Promise.all([docker.listContainers({ all: true, filters: labelFilter(uid) }), docker.listVolumes({ filters: labelFilter(uid) })]);
  // Members first, then the infra container whose namespaces they hold.
  const isInfra = (c: Docker.ContainerInfo) => c.Labels?.['io.podwright.role'] === 'infra' && !c.Labels?.['io.podwright.container'];
  const rm = async (c: Docker.ContainerInfo) => {
    await removeContainer(docker, c.Id);
    removed++;
  };
  await Promise.all(containers.filter((c) => !isInfra(c)).map(rm));
  await Promise.all(containers.filter(isInfra).map(rm));
  await Promise.all(
    (Volumes ?? []).map(async (v) => {
      await docker.getVolume(v.Name).remove().catch(ignoreGone);
      removed++;
    }),
  );
  return removed;
}
