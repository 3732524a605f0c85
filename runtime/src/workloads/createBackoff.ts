// The wait between an owner's failed pod creations. Upstream's controllers requeue a failing sync on
// a rate-limited work queue (client-go's exponential failure limiter); here the owner's next tries
// wait 1 s, doubling up to a minute, and a new generation of the owner (a changed object applied)
// starts again at once.
import type { StoredObject } from './records';

const FIRST_MS = 1000;
const MAX_MS = 60_000;

export class CreateBackoff {
  private readonly owners = new Map<string, { generation: number; failures: number; until: number }>();

  /** Until when (epoch ms) the owner's next creation waits, or undefined when it may go now. */
  waitUntil(owner: StoredObject, now = Date.now()): number | undefined {
    const f = this.owners.get(owner.metadata.uid);
    return f && f.generation === owner.metadata.generation && now < f.until ? f.until : undefined;
  }

  /** A creation failed: returns until when the next one waits. */
  failed(owner: StoredObject, now = Date.now()): number {
    const last = this.owners.get(owner.metadata.uid);
    const failures = last && last.generation === owner.metadata.generation ? last.failures + 1 : 1;
    const until = now + Math.min(FIRST_MS * 2 ** (failures - 1), MAX_MS);
    this.owners.set(owner.metadata.uid, { generation: owner.metadata.generation, failures, until });
    return until;
  }

  succeeded(owner: StoredObject): void {
    this.owners.delete(owner.metadata.uid);
  }
}
