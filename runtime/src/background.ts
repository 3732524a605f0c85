// The detached processes that keep pods supervised after the command (or the editor) that started
// them has exited: one per pod, started from supervisorMain.js, found again through the state folder;
// and the controller manager of a state folder (controllerMain.js).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from './errors';
import { isAlive, StateStore } from './state';
import type { PodStatus } from './status';

export class BackgroundSupervisors {
  constructor(
    private readonly store: StateStore,
    /** The engine the pods run on: the supervisor uses it whatever its environment says. */
    private readonly address: string,
    /** The supervisor's script; a bundle ships it next to itself as supervisorMain.js. */
    private readonly entry: string,
  ) {}

  /** Hands the pod to a detached process, so restarts and probes go on after this one exits. */
  spawn(uid: string): boolean {
    if (!existsSync(this.entry)) {
      // A bundle that left the entry out: the pod runs, but nothing restarts it after this process.
      this.noSupervisor(uid, `${this.entry} is missing`);
      return false;
    }
    this.store.ensureDir();
    const log = openSync(this.store.logFile(uid), 'a', 0o600);
    const child = spawn(process.execPath, [this.entry, uid], {
      detached: true,
      stdio: ['ignore', log, log],
      // In an editor's extension host, execPath is Electron: this makes it run the script as Node.
      // The engine it was started for, whatever the environment says (podwright.docker.host).
      env: { ...process.env, PODWRIGHT_STATE_DIR: this.store.dir, DOCKER_HOST: this.address, ELECTRON_RUN_AS_NODE: '1' },
    });
    child.on('error', (e) => this.noSupervisor(uid, e.message));
    child.unref();
    closeSync(log);
    // Recorded at once, not when the process gets to it: a stop that comes meanwhile must know
    // there is a process to end and wait for, or that process would start after the pod is gone.
    const s = this.store.read(uid);
    if (s && child.pid) this.store.write({ ...s, supervisorPid: child.pid });
    return true;
  }

  /** Says on the pod's record that nothing will restart or probe it once this process is gone. */
  private noSupervisor(uid: string, why: string): void {
    const s = this.store.read(uid);
    if (!s) return;
    s.events.push({ time: new Date().toISOString(), type: 'Warning', reason: 'NoSupervisor', message: `cannot start the background supervisor: ${why}` });
    this.store.write(s);
  }

  /**
   * Starts a background supervisor for each pod that should have one and has none (its process
   * died: a reboot of the engine's host, a kill). `podwright ps` and `run` call this.
   */
  adopt(pods: PodStatus[]): number {
    let n = 0;
    // Files of pods that left the engine (removed by hand, a late write after a stop, a lock that a
    // killed process left) go too, once no live process can be using them.
    for (const uid of this.store.uids()) {
      if (pods.some((p) => p.uid === uid)) continue;
      const s = this.store.read(uid);
      if (isAlive(s?.runnerPid) || isAlive(s?.supervisorPid) || this.store.lockHolder(uid) || this.store.age(uid) <= 60_000) continue;
      this.store.remove(uid);
    }
    for (const p of pods) {
      const s = this.store.read(p.uid);
      if (!s?.background || s.final || p.terminating || isAlive(s.supervisorPid) || isAlive(s.runnerPid)) continue;
      this.spawn(p.uid);
      n++;
    }
    return n;
  }
}

/**
 * Starts the controller manager of `stateDir` as a detached process, so the workloads keep being
 * reconciled after this one exits; its output goes to controller-manager.log there.
 */
export function spawnControllerManager(entry: string, stateDir: string, address: string): void {
  if (!existsSync(entry)) throw new RuntimeError({ code: 'EngineError', detail: `cannot start the controller manager: ${entry} is missing` });
  const log = openSync(join(stateDir, 'controller-manager.log'), 'a', 0o600);
  const child = spawn(process.execPath, [entry], {
    detached: true,
    stdio: ['ignore', log, log],
    // The engine and the state folder it was started for; Electron's execPath runs it as Node.
    env: { ...process.env, PODWRIGHT_STATE_DIR: stateDir, DOCKER_HOST: address, ELECTRON_RUN_AS_NODE: '1' },
  });
  child.on('error', (e) => process.emitWarning(`podwright: cannot start the controller manager: ${e.message}`));
  child.unref();
  closeSync(log);
}
