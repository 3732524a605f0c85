// A pod's probes as the kubelet's prober manager runs them: one set of workers per container run,
// readiness and liveness held back until the startup probe passes, a run handed over from another
// supervisor keeping what it found, and a container that fails liveness or startup killed so that
// the supervisor's next pass restarts it. Apart from the supervisor, which owns the state it writes.
import type Docker from 'dockerode';
import type { EngineContainer, EnginePod } from './engineView';
import { ProbeKind, ProbeWorker } from './probes';
import type { ContainerRuntimeState, PodEvent } from './state';
import type { PodShape } from './types';

type Decl = PodShape['containers'][number];

/** What the probes act through: the supervisor's state, its events, and its way of killing. */
export interface ProbeHost {
  readonly docker: Docker;
  shape(): PodShape;
  /** The pod reached its final phase: no container is probed any more. */
  final(): boolean;
  container(name: string): ContainerRuntimeState;
  emit(type: PodEvent['type'], reason: string, message: string, container?: string): void;
  /** A container failed its liveness or startup probe: kill it within `graceSeconds` (the next pass restarts it). */
  kill(d: Decl, c: EngineContainer, graceSeconds: number): void;
  /** A probe's result changed the state: save it and run a pass. */
  changed(): void;
  stopped(): boolean;
}

export class PodProbes {
  private readonly runs = new Map<string, { key: string; workers: ProbeWorker[] }>();

  constructor(private readonly host: ProbeHost) {}

  /** Starts the workers of each new container run, stops those of runs that ended. */
  sync(pod: EnginePod): void {
    for (const d of this.host.shape().containers) {
      const c = pod.containers.get(d.name);
      const rs = this.host.container(d.name);
      const key = c && c.status === 'running' && !this.host.final() && pod.infra ? `${c.id}:${c.startedAt}` : '';
      const cur = this.runs.get(d.name);
      if (cur && cur.key === key) continue;
      cur?.workers.forEach((w) => w.stop());
      this.runs.delete(d.name);
      // A handover (`run` to the background supervisor, a restarted manager) keeps what the last
      // supervisor found of this run: else the pod leaves its endpoints until a probe passes.
      const handedOver = !cur && !!key && rs.run === key;
      if (!handedOver) {
        // A new run starts unready and (with a startup probe) not started (pkg/kubelet/prober).
        rs.ready = false;
        rs.started = !d.startupProbe && !!key;
      }
      rs.run = key || undefined;
      if (!key || !c || !pod.infra) continue;
      const infraId = pod.infra.id;
      const make = (kind: ProbeKind, probe = d[`${kind}Probe` as const]) =>
        probe ? new ProbeWorker(this.host.docker, kind, probe, c.id, infraId, (r, detail) => this.onProbe(d, c, kind, r, detail)) : undefined;
      const workers = [make('startup'), make('liveness'), make('readiness')].filter((w): w is ProbeWorker => !!w);
      this.runs.set(d.name, { key, workers });
      // Liveness and readiness begin once the startup probe has succeeded (which a handed-over run may have done).
      const since = c.startedAt ? Date.parse(c.startedAt) : undefined;
      const started = !!d.startupProbe && handedOver && rs.started === true;
      for (const w of workers) if (w.kind === 'startup' ? !started : !d.startupProbe || started) w.start(since);
    }
  }

  stop(): void {
    for (const p of this.runs.values()) p.workers.forEach((w) => w.stop());
    this.runs.clear();
  }

  private onProbe(d: Decl, c: EngineContainer, kind: ProbeKind, result: 'success' | 'failure', detail: string): void {
    if (this.host.stopped()) return;
    const rs = this.host.container(d.name);
    const entry = this.runs.get(d.name);
    const probe = d[`${kind}Probe` as const];
    if (!entry || !probe) return;
    if (result === 'failure') this.host.emit('Warning', 'Unhealthy', `${kind[0].toUpperCase()}${kind.slice(1)} probe failed: ${detail}`, d.name);
    if (kind === 'readiness') {
      const failures = entry.workers.find((w) => w.kind === 'readiness')?.failureCount ?? 0;
      if (result === 'success') rs.ready = true;
      else if (failures >= probe.failureThreshold) rs.ready = false;
    } else if (kind === 'startup' && result === 'success') {
      rs.started = true;
      for (const w of entry.workers) if (w.kind !== 'startup') w.start(c.startedAt ? Date.parse(c.startedAt) : undefined);
    } else if (result === 'failure') {
      const failures = entry.workers.find((w) => w.kind === kind)?.failureCount ?? 0;
      if (failures >= probe.failureThreshold) {
        entry.workers.forEach((w) => w.stop());
        this.host.emit('Normal', 'Killing', `Container ${d.name} failed ${kind} probe, will be restarted`, d.name);
        // A probe's own terminationGracePeriodSeconds (ProbeTerminationGracePeriod, GA in 1.28)
        // replaces the pod's for this kill.
        this.host.kill(d, c, probe.terminationGracePeriodSeconds ?? this.host.shape().terminationGracePeriodSeconds);
      }
    }
    this.host.changed();
  }
}
