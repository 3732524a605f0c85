// Following the engine for a watcher (the Pods view, `get -w`): the engine's container lifecycle
// events of pods, and the state folder, where supervisors write readiness, restarts and back-off.
import type Docker from 'dockerode';
import { watch as watchDir } from 'node:fs';
import { LABEL } from './labels';
import type { Watch } from './runtimeTypes';
import type { StateStore } from './state';

/** Container lifecycle events; exec events (every exec probe) would wake watchers for nothing. */
const LIFECYCLE = ['create', 'start', 'die', 'destroy', 'oom', 'kill', 'stop', 'restart', 'pause', 'unpause'];

/**
 * `onChange` after any container event of a pod (debounce on your side) and after any change of
 * the supervisors' state; `onEnd` once, when the engine's event stream ends (the engine stopped).
 */
export async function watchEngine(docker: Docker, store: StateStore, onChange: () => void, onEnd: (error: unknown) => void): Promise<Watch> {
  const stream = (await docker.getEvents({ filters: { type: ['container'], label: [LABEL.uid], event: LIFECYCLE } })) as NodeJS.ReadableStream & { destroy(): void };
  let dirWatcher: ReturnType<typeof watchDir> | undefined;
  try {
    store.ensureDir();
    dirWatcher = watchDir(store.dir, () => onChange());
  } catch (e) {
    // Without the folder watch, readiness changes show at the next engine event instead.
    process.emitWarning(`podwright: cannot watch ${store.dir}: ${(e as Error).message}`);
  }
  let ended = false;
  const end = (error: unknown) => {
    if (ended) return;
    ended = true;
    dirWatcher?.close();
    onEnd(error);
  };
  stream.on('data', () => onChange());
  stream.on('end', () => end(new Error('The Docker engine closed the event stream (stopped?).')));
  stream.on('error', (e: Error) => end(e));
  return {
    dispose: () => {
      ended = true;
      dirWatcher?.close();
      stream.destroy();
    },
  };
}
