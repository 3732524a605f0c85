// Stopping a pod: app containers first (in parallel, as the kubelet kills them), then native
// sidecars in reverse order, each given terminationGracePeriodSeconds; then every object carrying
// the pod's uid label is removed: containers, the infra container, volumes. Nothing is left behind.
import type Docker from 'dockerode';
import { statusOf } from './engine';
import { readPods } from './engineView';
import { labelFilter } from './labels';
import { runHandler } from './probes';
import type { Hook } from './types';

/**
 * Stops one container the kubelet's way (killContainer in pkg/kubelet/kuberuntime): the preStop
 * hook first, within the grace period, then SIGTERM with what is left of it (at least 2 s,
 * minimumGracePeriodInSeconds), then SIGKILL.
 */
export async function killContainer(docker: Docker, id: string, graceSeconds: number, preStop: Hook | undefined, infraId: string | undefined): Promise<void> {
  let t = graceSeconds;
  if (preStop && graceSeconds > 0) {
    const start = Date.now();
    await runHandler(docker, preStop, id, infraId ?? id, graceSeconds * 1000);
    t = Math.max(2, graceSeconds - Math.floor((Date.now() - start) / 1000));
  }
  await docker.getContainer(id).stop({ t }).catch(ignoreGone);
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

export async function stopContainers(docker: Docker, uid: string, timeoutSeconds?: number, remove = false, onKill?: (container: string) => void): Promise<void> {
  const [pod] = await readPods(docker, uid);
  if (!pod) return;
  const grace = timeoutSeconds ?? pod.shape?.terminationGracePeriodSeconds ?? 30;
  const decls: { name: string; role: string; preStop?: Hook }[] = pod.shape?.containers ?? [...pod.containers.values()].map((c) => ({ name: c.name, role: c.role }));
  const running = (name: string) => {
    const c = pod.containers.get(name);
    return c && (c.status === 'running' || c.status === 'restarting' || c.status === 'paused') ? c : undefined;
  };
  // Each container is removed as soon as it has stopped, while the next ones are still stopping.
  const removals: Promise<unknown>[] = [];
  const stop = async (name: string) => {
    const c = pod.containers.get(name);
    if (!c) return;
    if (running(name)) {
      onKill?.(name);
      await killContainer(docker, c.id, grace, decls.find((d) => d.name === name)?.preStop, pod.infra?.id);
    }
    if (remove) removals.push(docker.getContainer(c.id).remove({ force: true, v: true }).catch(ignoreGone));
  };
  await Promise.all(decls.filter((d) => d.role === 'app' || d.role === 'init').map((d) => stop(d.name)));
  for (const d of decls.filter((x) => x.role === 'sidecar').reverse()) await stop(d.name);
  // Every member has stopped: the sandbox (infra container) goes now, alongside their removal.
  if (remove && pod.infra) removals.push(docker.getContainer(pod.infra.id).remove({ force: true, v: true }).catch(ignoreGone));
  await Promise.all(removals);
}

/** Removes every container and volume labelled with `uid`; returns how many objects went. */
export async function removePodObjects(docker: Docker, uid: string): Promise<number> {
  let removed = 0;
  const containers = await docker.listContainers({ all: true, filters: labelFilter(uid) });
  // Members first, then the infra container whose namespaces they hold.
  const isInfra = (c: Docker.ContainerInfo) => c.Labels?.['io.podwright.role'] === 'infra' && !c.Labels?.['io.podwright.container'];
  const rm = async (c: Docker.ContainerInfo) => {
    await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone);
    removed++;
  };
  await Promise.all(containers.filter((c) => !isInfra(c)).map(rm));
  await Promise.all(containers.filter(isInfra).map(rm));
  const { Volumes } = await docker.listVolumes({ filters: labelFilter(uid) });
  await Promise.all(
    (Volumes ?? []).map(async (v) => {
      await docker.getVolume(v.Name).remove().catch(ignoreGone);
      removed++;
    }),
  );
  return removed;
}
