// What the runtime knows of the pods started from manifests, as the plain reports runtimeProblems.ts
// reads (part of dist/runtime.js: no `vscode` here). Log tails are read only for containers that
// failed, once per failure (a new exit or restart is a new key), so following a crash-looping pod
// costs one short log call per restart, not one per refresh.
import type { PodRuntime, PodStatus, StartFailure } from '../../../runtime/src';
import type { PodReport } from '../flows/runtimeProblems';

/** Lines of log kept per failed container: a few shown, the rest one click away (the log terminal). */
const TAIL = 20;

export class PodReports {
  private tails = new Map<string, string[]>();
  /** Starts that failed, by `namespace/name`: no pod is left of them to watch. */
  private failures = new Map<string, PodReport & { manifest: string }>();

  constructor(private readonly runtime: PodRuntime) {}

  /** A run of that pod begins (its last failure no longer stands) or failed to start. */
  recordStart(pod: { uid: string; name: string; namespace: string }, manifest: string, failure?: StartFailure): void {
    const key = `${pod.namespace}/${pod.name}`;
    this.failures.delete(key);
    if (failure) this.failures.set(key, { ...pod, manifest, phase: 'Failed', containers: [], events: [], failure: { reason: failure.reason, container: failure.container, port: failure.port, detail: failure.detail } });
  }

  forget(pod: { name: string; namespace: string }): void {
    this.failures.delete(`${pod.namespace}/${pod.name}`);
  }

  /**
   * A report for each pod that records its manifest, and each failed start; `listed` is a list the
   * caller has just made (the Pods view's), so that following the engine does not list it twice.
   */
  async reports(listed?: PodStatus[]): Promise<(PodReport & { manifest: string })[]> {
    const pods = (listed ?? (await this.runtime.list())).filter((p) => p.manifest);
    const out: (PodReport & { manifest: string })[] = [...this.failures.values()].filter((f) => !pods.some((p) => p.name === f.name && p.namespace === f.namespace));
    const seen = new Set<string>();
    for (const p of pods) out.push(await this.report(p, seen));
    for (const k of [...this.tails.keys()]) if (!seen.has(k)) this.tails.delete(k);
    if (pods.some((p) => p.owner?.kind === 'Job')) out.push(...(await this.failedJobs()));
    return out;
  }

  private async report(p: PodStatus, seen: Set<string>): Promise<PodReport & { manifest: string }> {
    const containers = await Promise.all(
      p.containers.map(async (c) => {
        const failed = (c.state === 'terminated' && (c.exitCode ?? 0) !== 0) || c.reason === 'CrashLoopBackOff';
        const key = `${p.uid}/${c.name}/${c.restarts}/${c.state}/${c.finishedAt ?? ''}`;
        if (failed) seen.add(key);
        return { name: c.name, role: c.role, state: c.state, reason: c.reason, message: c.message, exitCode: c.exitCode, restarts: c.restarts, ready: c.ready, started: c.started, lastExitCode: c.lastExitCode, lastReason: c.lastReason, logTail: failed ? await this.tail(p, c.name, key) : undefined };
      }),
    );
    return {
      uid: p.uid,
      name: p.name,
      namespace: p.namespace,
      manifest: p.manifest,
      owner: p.owner ? { kind: p.owner.kind, name: p.owner.name } : undefined,
      phase: p.phase,
      reason: p.reason,
      containers,
      events: this.runtime.events(p.uid),
    };
  }

  private async tail(p: PodStatus, container: string, key: string): Promise<string[]> {
    const known = this.tails.get(key);
    if (known) return known;
    const lines: string[] = [];
    try {
      await this.runtime.logs(p, { container, tail: TAIL }, (l) => lines.push(l.text.replace(/\r?\n$/, '')));
    } catch {
      // Removed meanwhile (stopped, restarted): the problem is shown without its log this time.
      return [];
    }
    this.tails.set(key, lines);
    return lines;
  }

  /** Jobs that failed (BackoffLimitExceeded, DeadlineExceeded): the Job's condition, on the Job's field. */
  private async failedJobs(): Promise<(PodReport & { manifest: string })[]> {
    const views = await this.runtime.workloads.list(['Job']);
    return views.flatMap(({ object, status }) => {
      const failed = status?.conditions.find((c) => c.type === 'Failed' && c.status === 'True');
      if (!failed || !object.manifest) return [];
      const meta = object.metadata;
      return [{ uid: meta.uid, name: meta.name, namespace: meta.namespace, manifest: object.manifest, owner: { kind: 'Job', name: meta.name }, phase: 'Failed' as const, containers: [], events: [], jobFailure: { reason: failed.reason ?? 'Failed', message: failed.message ?? '' } }];
    });
  }
}
