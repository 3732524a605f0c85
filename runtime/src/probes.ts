// Probes. exec runs in the container itself (docker exec), as the kubelet does. httpGet and
// tcpSocket run inside the pod's network namespace through the infra container's busybox
// (`wget`, `nc`), so they work whatever the app image holds — a distroless image included.
import type Docker from 'dockerode';
import { startExec } from './streams';
import type { Hook, Probe } from './types';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface HandlerResult {
  ok: boolean;
  /** What the check printed (the engine's frames stripped), for the Unhealthy event. */
  output: string;
}

async function execIn(docker: Docker, containerId: string, cmd: string[], timeoutMs: number): Promise<HandlerResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  const session = await startExec(docker, containerId, cmd, {
    onOutput: (b) => {
      // What the check printed matters for the event; a chatty check must not grow memory.
      if (size < 4096) chunks.push(b);
      size += b.length;
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const r = await Promise.race([session.exit, timedOut]);
  clearTimeout(timer);
  if (r === 'timeout') {
    session.close();
    return { ok: false, output: `timeout: failed to complete within ${Math.round(timeoutMs / 1000)} s` };
  }
  const output = Buffer.concat(chunks).toString('utf8').trim().slice(0, 500);
  return { ok: r === 0, output: output || `exit code ${r < 0 ? 'unknown' : r}` };
}

/** One probe attempt. */
export function runProbe(docker: Docker, probe: Probe, containerId: string, infraId: string): Promise<HandlerResult> {
  return runHandler(docker, probe.handler, containerId, infraId, Math.max(1, probe.timeoutSeconds) * 1000);
}

/** Runs a probe's or a lifecycle hook's handler within `timeoutMs`. */
export async function runHandler(docker: Docker, h: Hook, containerId: string, infraId: string, timeoutMs: number): Promise<HandlerResult> {
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  try {
    if (h.kind === 'sleep') {
      await new Promise((r) => setTimeout(r, Math.min(h.seconds * 1000, timeoutMs)));
      return { ok: true, output: '' };
    }
    if (h.kind === 'exec') return await execIn(docker, containerId, h.command, timeoutMs);
    if (h.kind === 'tcpSocket') {
      // `-e true` closes the connection as soon as it is open: success means "connect succeeded".
      const cmd = ['timeout', seconds, 'nc', '-w', seconds, '127.0.0.1', String(h.port), '-e', 'true'];
      return await execIn(docker, infraId, cmd, timeoutMs + 1000);
    }
    const path = h.path.startsWith('/') ? h.path : `/${h.path}`;
    const headers = h.headers.flatMap((x) => ['--header', `${x.name}: ${x.value}`]);
    // busybox wget exits non-zero on 4xx/5xx and follows redirects: 200–399 succeed, as in the
    // kubelet. Its own -T option crashes the static build (SIGSEGV), so `timeout` bounds it.
    const cmd = ['timeout', seconds, 'wget', '-q', '-O', '/dev/null', ...headers, `http://127.0.0.1:${h.port}${path}`];
    return await execIn(docker, infraId, cmd, timeoutMs + 1000);
  } catch (e) {
    return { ok: false, output: (e as Error).message };
  }
}

/** Runs one probe of one container run on its schedule, reporting each threshold crossing. */
export class ProbeWorker {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private successes = 0;
  private failures = 0;

  constructor(
    private readonly docker: Docker,
    readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly containerId: string,
    private readonly infraId: string,
    private readonly report: (result: 'success' | 'failure', detail: string) => void,
  ) {}

  /**
   * Starts probing. initialDelaySeconds counts from the container's start, as the kubelet's worker
   * counts it, not from this call: a supervisor that takes over a running container (the CLI's
   * background one, after `run`) does not wait the delay again.
   */
  start(containerStartedAt?: number): void {
    const delay = this.probe.initialDelaySeconds * 1000;
    const elapsed = containerStartedAt === undefined ? 0 : Math.min(delay, Math.max(0, Date.now() - containerStartedAt));
    this.schedule(delay - elapsed);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.once(), ms);
    this.timer.unref?.();
  }

  private async once(): Promise<void> {
    if (this.stopped) return;
    const { ok, output } = await runProbe(this.docker, this.probe, this.containerId, this.infraId);
    if (this.stopped) return;
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (this.successes === this.probe.successThreshold) this.report('success', '');
    } else {
      this.successes = 0;
      this.failures++;
      this.report('failure', output);
    }
    // A startup probe stops once it has succeeded (pkg/kubelet/prober/worker.go).
    if (this.kind === 'startup' && ok && this.successes >= this.probe.successThreshold) return;
    this.schedule(Math.max(1, this.probe.periodSeconds) * 1000);
  }

  get failureCount(): number {
    return this.failures;
  }
}
