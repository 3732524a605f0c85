// A pod's status history, as the timeline and describe read it: one record per change of a
// container's state, readiness or restart count (the engine keeps only the last two runs).
import type { StatusRecord } from './state';
import type { PodStatus } from './status';

/** Appends a record to `history` for each container of `status` that changed since its last one; true if any. */
export function recordStatus(history: StatusRecord[], status: PodStatus, time: string): boolean {
  let changed = false;
  for (const c of status.containers) {
    const r: StatusRecord = {
      time,
      container: c.name,
      state: c.state,
      reason: c.reason,
      exitCode: c.state === 'terminated' ? c.exitCode : c.lastExitCode,
      ready: c.ready,
      restarts: c.restarts,
      startedAt: c.startedAt ?? c.lastStartedAt,
      finishedAt: c.finishedAt ?? c.lastFinishedAt,
    };
    let last: StatusRecord | undefined;
    for (let i = history.length - 1; i >= 0 && !last; i--) if (history[i].container === c.name) last = history[i];
    const same = last && last.state === r.state && last.reason === r.reason && last.exitCode === r.exitCode && last.ready === r.ready && last.restarts === r.restarts && last.startedAt === r.startedAt;
    if (same) continue;
    history.push(r);
    changed = true;
  }
  return changed;
}
