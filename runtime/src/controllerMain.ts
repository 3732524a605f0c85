// Entry of the controller manager's background process: one per state folder and engine, started by
// `podwright apply` (or the editor) when none runs. It reconciles every workload until none is left,
// then exits; the next apply starts it again.
import { KUBELET_BACKOFF } from './backoff';
import { clusterIn } from './network';
import { PodRuntime } from './runtime';

/** How long it stays with nothing to run before it exits. */
const IDLE_EXIT_MS = 60_000;

/** Tests shorten the kubelet back-off with PODWRIGHT_BACKOFF_MS="initial,max", as for `run`. */
function backoff(): { initialMs: number; maxMs: number } {
  const m = /^(\d+),(\d+)$/.exec(process.env.PODWRIGHT_BACKOFF_MS ?? '');
  return m ? { initialMs: Number(m[1]), maxMs: Number(m[2]) } : KUBELET_BACKOFF;
}

/** And the Job controller's back-off before a failed pod is replaced with PODWRIGHT_JOB_BACKOFF_MS="initial,max". */
function jobBackoff(): { initialMs: number; maxMs: number } | undefined {
  const m = /^(\d+),(\d+)$/.exec(process.env.PODWRIGHT_JOB_BACKOFF_MS ?? '');
  return m ? { initialMs: Number(m[1]), maxMs: Number(m[2]) } : undefined;
}

async function main(): Promise<void> {
  const runtime = new PodRuntime({ dockerHost: process.env.DOCKER_HOST });
  const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
  const manager = runtime.controllerManager({ backoff: backoff(), jobBackoff: jobBackoff(), log });
  let idleSince: number | undefined;
  // Read once: asking the folder later would make it again with a new id if it was removed.
  const ownCluster = runtime.workloads.cluster;
  const done = new Promise<void>((resolve) => {
    const end = () => resolve();
    process.on('SIGTERM', end);
    process.on('SIGINT', end);
    const idle = setInterval(async () => {
      // Its state folder removed (or made again, for another cluster): its cluster is no more, and
      // what it would write there would only make the folder again.
      if (clusterIn(runtime.stateDir) !== ownCluster) {
        log('state folder removed: exiting');
        clearInterval(idle);
        resolve();
        return;
      }
      try {
        // Only this cluster's pods keep it: another state folder's workloads have their own manager.
        const cluster = ownCluster;
        const busy = (await runtime.workloads.list()).length > 0 || (await runtime.list()).some((p) => p.owner?.cluster === cluster);
        idleSince = busy ? undefined : (idleSince ?? Date.now());
        if (idleSince !== undefined && Date.now() - idleSince > IDLE_EXIT_MS) {
          clearInterval(idle);
          resolve();
        }
      } catch (e) {
        // The engine is away: keep waiting for it; the workloads are still there.
        log(`idle check: ${(e as Error).message}`);
      }
    }, 5000);
  });
  // Another process is this cluster's manager already (two applies may both have started one).
  if (!(await manager.start())) return;
  log(`controller manager started (pid ${process.pid})`);
  try {
    await done;
  } finally {
    await manager.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`podwright controller manager: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
