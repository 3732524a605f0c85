// Entry of the detached supervisor process `podwright run` leaves behind: it keeps restarting and
// probing one pod after the command (or the editor) has exited, and ends with the pod.
import { connect, engineAddress } from './engine';
import { StateStore } from './state';
import { Supervisor } from './supervisor';
import { KUBELET_BACKOFF } from './backoff';

async function main(uid: string, store: StateStore): Promise<void> {
  let sup: Supervisor | undefined;
  let ending = false;
  // Before the lock: a stop that comes while this process starts must still end it cleanly.
  const end = () => {
    ending = true;
    sup?.stop();
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  // Another process supervises this pod already (two `ps` may both have seen it unsupervised).
  if (!store.lock(uid)) return;
  // Every way out releases the lock: a lock file left behind outlives the pod (stop removes the
  // pod's files before a late supervisor may have taken it).
  try {
    const state = store.read(uid);
    // Stopped (or removed) before this process got here: there is nothing to supervise.
    if (ending || !state || store.stopRequested(uid)) return;
    sup = new Supervisor(connect(engineAddress()), store, uid, { backoff: state.backoff ?? KUBELET_BACKOFF });
    await sup.start();
    await sup.done;
  } finally {
    store.unlock(uid);
  }
}

main(process.argv[2] ?? '', new StateStore()).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`podwright supervisor: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
