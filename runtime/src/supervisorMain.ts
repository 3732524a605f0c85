// Entry of the detached supervisor process `podwright run` leaves behind: it keeps restarting and
// probing one pod after the command (or the editor) has exited, and ends with the pod.
import { connect, engineAddress } from './engine';
import { StateStore } from './state';
import { Supervisor } from './supervisor';
import { KUBELET_BACKOFF } from './backoff';

async function main(uid: string): Promise<void> {
  const store = new StateStore();
  // Another process supervises this pod already (two `ps` may both have seen it unsupervised).
  if (!store.lock(uid)) process.exit(0);
  const backoff = store.read(uid)?.backoff ?? KUBELET_BACKOFF;
  const sup = new Supervisor(connect(engineAddress()), store, uid, { backoff });
  const end = () => sup.stop();
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  await sup.start();
  await sup.done;
  store.unlock(uid);
  process.exit(0);
}

main(process.argv[2] ?? '').catch((e) => {
  process.stderr.write(`podwright supervisor: ${(e as Error).message}\n`);
  process.exit(1);
});
