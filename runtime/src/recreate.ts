// A restart, the Kubernetes way: a new container from the same configuration, so that the
// writable layer starts afresh (Docker's own restart would keep it). The previous one is kept
// under `<name>_prev` for `podwright logs --previous`, as the kubelet keeps one dead container.
import type Docker from 'dockerode';
import { PREVIOUS_SUFFIX } from './engineView';
import { ignoreGone } from './remove';

/** Replaces container `id` by a new, created (not started) one; returns the new id. */
export async function recreateContainer(docker: Docker, id: string): Promise<string> {
  const old = docker.getContainer(id);
  const info = await old.inspect();
  const name = info.Name.replace(/^\//, '');
  // The run before the previous one, if any: only one dead container is kept, as by the kubelet.
  await docker.getContainer(`${name}${PREVIOUS_SUFFIX}`).remove({ force: true }).catch(ignoreGone);
  await old.rename({ name: `${name}${PREVIOUS_SUFFIX}` });
  // A member of the pod's network namespace may not set its own hostname (the infra's is shared).
  const { Hostname: _hostname, Domainname: _domain, ...config } = info.Config;
  void _hostname;
  void _domain;
  const created = await docker.createContainer({ ...config, name, HostConfig: info.HostConfig } as Docker.ContainerCreateOptions);
  return created.id;
}
