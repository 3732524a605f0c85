// The record a stopped pod leaves: its description as it stood once its containers had stopped,
// and the supervisor's events and status history. The engine objects go with the stop (nothing
// of a stopped pod runs or holds a port); this is data on disk only, so `podwright describe` and
// the timeline still work after `podwright stop`. Kept under `stopped/` in the state folder, the
// newest STOPPED_KEPT of them, and a pod's record goes when a pod of the same name runs again.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodDescription } from './describe';
import type { PodState } from './state';
import type { ContainerStatus, PodStatus } from './status';

/** How many stopped pods keep their record, per state folder. */
export const STOPPED_KEPT = 20;

export interface StoppedPod {
  uid: string;
  name: string;
  namespace: string;
  /** When the stop ended (ISO). */
  stoppedAt: string;
  /** describePod's answer once the containers had stopped, before they were removed. */
  description: PodDescription;
  /** The supervisor's record: events and status history (timeline.ts draws from them). */
  state: PodState;
  /** The workload whose controller made it (its uid tells a re-applied workload of the same name apart). */
  owner?: PodStatus['owner'];
  /** The containers in pod order with their roles, for a timeline's lanes. */
  containers: { name: string; role: ContainerStatus['role'] }[];
}

export class StoppedPods {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'stopped');
  }

  /** Keeps a record, then drops the oldest beyond STOPPED_KEPT. */
  keep(record: StoppedPod, kept = STOPPED_KEPT): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${record.uid}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    // Owner-only, as the state files: events can hold what a probe printed.
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
    renameSync(tmp, file);
    const all = this.all();
    for (const old of all.slice(kept)) this.forget(old.uid);
  }

  /** Every record, newest stop first. */
  all(): StoppedPod[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      // No folder: no pod was stopped here yet.
      return [];
    }
    const records: StoppedPod[] = [];
    for (const n of names) {
      try {
        records.push(JSON.parse(readFileSync(join(this.dir, n), 'utf8')) as StoppedPod);
      } catch {
        // Written by an atomic rename, so unreadable means removed meanwhile (pruned by another
        // process) or not ours: skipped.
      }
    }
    return records.sort((a, b) => b.stoppedAt.localeCompare(a.stoppedAt) || b.uid.localeCompare(a.uid));
  }

  /** The newest record of a pod by name (in a namespace, when given). */
  find(name: string, namespace?: string): StoppedPod[] {
    return this.all().filter((r) => r.name === name && (namespace === undefined || r.namespace === namespace));
  }

  byUid(uid: string): StoppedPod | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${uid}.json`), 'utf8')) as StoppedPod;
    } catch {
      // No record of that uid (never stopped here, or pruned).
      return undefined;
    }
  }

  forget(uid: string): void {
    rmSync(join(this.dir, `${uid}.json`), { force: true });
  }

  /** A pod of that name runs again: the records of its earlier runs go (as a deleted pod's do). */
  forgetName(name: string, namespace: string): void {
    for (const r of this.find(name, namespace)) this.forget(r.uid);
  }
}

/**
 * The phase a stopped pod ends in: the kubelet gives a deleted pod a terminal phase once its
 * containers have stopped (getPhase with podIsTerminal, pkg/kubelet/kubelet_pods.go): Succeeded
 * when every app container exited 0, Failed otherwise.
 */
export function stoppedPhase(d: PodDescription): 'Succeeded' | 'Failed' {
  if (d.phase === 'Succeeded' || d.phase === 'Failed') return d.phase;
  const apps = d.containers;
  return apps.length > 0 && apps.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0) ? 'Succeeded' : 'Failed';
}
