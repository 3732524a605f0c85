// What a pod's containers use now, as `kubectl top pod` shows it from metrics-server (which has it
// from the kubelet): CPU in millicores over the engine's last sampling interval (about a second),
// and memory as the working set, usage less the inactive file cache, the figure the kubelet evicts
// by and metrics-server reports.
import type Docker from 'dockerode';
import { memberName } from './containerOps';
import { statusOf } from './engine';
import type { PodStatus } from './status';

export interface ContainerUsage {
  container: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** The part of the engine's stats (GET /containers/{id}/stats?stream=false) read here. */
interface EngineStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; stats?: { total_inactive_file?: number; inactive_file?: number } };
}

/** The usage in one stats reading: the engine takes two samples a second apart for the CPU. */
export function usageOf(s: EngineStats): { cpuMillicores: number; memoryBytes: number } {
  const cpu = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const system = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  // cgroup v1 names the inactive file cache total_inactive_file, v2 inactive_file.
  const inactive = s.memory_stats?.stats?.total_inactive_file ?? s.memory_stats?.stats?.inactive_file ?? 0;
  return {
    // Without an earlier sample (a container that just started) there is no rate yet: 0, not the
    // ratio of the two totals since boot.
    cpuMillicores: s.precpu_stats?.system_cpu_usage && cpu > 0 && system > 0 ? Math.round((cpu / system) * cpus * 1000) : 0,
    memoryBytes: Math.max(0, (s.memory_stats?.usage ?? 0) - inactive),
  };
}

/**
 * The usage of each running container of the pod, read together: the engine answers each after
 * about a second. A container that ended meanwhile is left out.
 */
export async function podUsage(docker: Docker, pod: PodStatus): Promise<ContainerUsage[]> {
  const read = await Promise.all(
    pod.containers
      .filter((c) => c.state === 'running')
      .map(async ({ name }) => {
        try {
          const stats = (await docker.getContainer(memberName(pod, name)).stats({ stream: false })) as unknown as EngineStats;
          return { container: name, ...usageOf(stats) };
        } catch (e) {
          if (statusOf(e) === 404 || statusOf(e) === 409) return undefined;
          throw e;
        }
      }),
  );
  return read.filter((u): u is ContainerUsage => u !== undefined);
}
