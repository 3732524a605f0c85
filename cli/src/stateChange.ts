// Waiting for the next change of a state folder, or a time limit, whichever comes first. The
// controller manager writes each object's status (objects/<uid>.json) and each pod's supervisor its
// state (<uid>.json) as things happen, so a command that follows a rollout can look again the moment
// one of them is written instead of on a fixed poll, and sees the end about when the manager does.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface StateWatch {
  /** Resolves at the next change in the folder since the last call, or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

export function watchState(stateDir: string): StateWatch {
  let changed = false;
  let wake: (() => void) | undefined;
  const watchers: FSWatcher[] = [];
  for (const dir of [stateDir, join(stateDir, 'objects')]) {
    try {
      const w = watch(dir, () => {
        changed = true;
        wake?.();
      });
      // A folder removed while watched: the time limit still bounds every wait.
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // The folder does not exist (yet): the time limit alone paces the looks, as a plain poll.
    }
  }
  return {
    next(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          changed = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
        if (changed) done();
      });
    },
    close() {
      for (const w of watchers) w.close();
    },
  };
}
