// Supervisor state the engine cannot hold (labels are fixed at creation): restart counts, back-off,
// probe results, events. One JSON file per pod, written by the one process supervising the pod
// and read by anyone (`podwright ps`, the editor). A `<uid>.stop` marker asks that process to end.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BackoffEntry, BackoffOptions } from './backoff';

export interface PodEvent {
  time: string;
  type: 'Normal' | 'Warning';
  reason: string;
  container?: string;
  message: string;
}

export interface ContainerRuntimeState {
  restarts: number;
  backoff?: BackoffEntry;
  /** The finish time of the exit being handled; a new FinishedAt means a new exit. */
  handledFinish?: string;
  /** While waiting to restart: when (epoch ms). */
  restartAt?: number;
  ready?: boolean;
  started?: boolean;
  /** The container run (`id:startedAt`) that `ready` and `started` describe. */
  run?: string;
  /** A reason the engine cannot show (ImagePullBackOff …) and its message. */
  waiting?: { reason: string; message: string };
  /** When the last start failed (RunContainerError): the back-off counts from it. */
  failedAt?: string;
  /** Its image was pulled for its first start, and the Pulled event said so then (create.ts). */
  pulled?: boolean;
}

/**
 * One change of a container's status as the supervisor computed it (status.ts): the history the
 * engine does not keep (it knows a container's current run and, as `<name>_prev`, one before) and
 * the events do not say (exits, readiness). A pod's timeline is drawn from these and the events.
 */
export interface StatusRecord {
  /** When the supervisor saw the change (ISO). */
  time: string;
  container: string;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  /** Terminated: its exit code; waiting in CrashLoopBackOff: the last run's. */
  exitCode?: number;
  ready: boolean;
  restarts: number;
  /** The engine's own times of the run: more exact than `time`. */
  startedAt?: string;
  finishedAt?: string;
}

/** A stop in progress: when it was asked, and the grace period it gives when not the pod's own. */
export interface StopRequest {
  at: number;
  graceSeconds?: number;
}

export interface PodState {
  uid: string;
  name: string;
  namespace: string;
  /** The process creating the pod; `stop` waits for it to notice the stop marker. */
  runnerPid?: number;
  supervisorPid?: number;
  /** Supervised by a background process: if that process dies, the next `ps`/`run` starts another. */
  background?: boolean;
  initialized?: boolean;
  /** When the infra container was last started again after dying (ISO time). */
  sandboxStartedAt?: string;
  final?: 'Succeeded' | 'Failed';
  /** The pod's status.reason, e.g. DeadlineExceeded. */
  reason?: string;
  /** When the pod started (the kubelet's status.startTime), for activeDeadlineSeconds. */
  startedAt?: string;
  backoff: BackoffOptions;
  containers: Record<string, ContainerRuntimeState>;
  events: PodEvent[];
  /** Status changes, oldest first (absent in state written by older versions). */
  history?: StatusRecord[];
}

const MAX_EVENTS = 200;
const MAX_HISTORY = 400;

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PODWRIGHT_STATE_DIR) return env.PODWRIGHT_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'podwright', 'pods');
}

/** Owner-only: state files can hold what probes printed (a secret's value among it) and events. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export class StateStore {
  private madeDir = false;

  constructor(readonly dir: string = defaultStateDir()) {}

  /** The folder, owner-only; one made by an older version with 0755 is tightened once. */
  ensureDir(): void {
    if (this.madeDir) return;
    mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
    chmodSync(this.dir, DIR_MODE);
    this.madeDir = true;
  }

  private file(uid: string, ext: string): string {
    return join(this.dir, `${uid}.${ext}`);
  }

  read(uid: string): PodState | undefined {
    try {
      return JSON.parse(readFileSync(this.file(uid, 'json'), 'utf8')) as PodState;
    } catch {
      // No state (a pod never supervised, or one stopped meanwhile). Writes are atomic renames, so
      // an unreadable file is not half written: it is treated as absent too.
      return undefined;
    }
  }

  write(state: PodState): void {
    this.ensureDir();
    if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
    if (state.history && state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
    const tmp = this.file(state.uid, `json.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(state), { mode: FILE_MODE });
    renameSync(tmp, this.file(state.uid, 'json'));
  }

  all(): PodState[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      // No folder yet: no pod was ever supervised here.
      return [];
    }
    return names.map((n) => this.read(n.slice(0, -'.json'.length))).filter((s): s is PodState => !!s);
  }

  /** Milliseconds since the pod's state was last written. */
  age(uid: string): number {
    try {
      return Date.now() - statSync(this.file(uid, 'json')).mtimeMs;
    } catch {
      // Gone: as old as can be.
      return Infinity;
    }
  }

  /** Asks the pod's supervisor to end; records when, and the grace period the stop gives (if not the pod's). */
  requestStop(uid: string, graceSeconds?: number): void {
    this.ensureDir();
    const request: StopRequest = { at: Date.now(), graceSeconds };
    writeFileSync(this.file(uid, 'stop'), JSON.stringify(request), { mode: FILE_MODE });
  }

  /** The stop asked for, if any (a marker from an older version reads as a stop without its time). */
  stopRequest(uid: string): StopRequest | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(uid, 'stop'), 'utf8');
    } catch {
      // No marker: no stop was asked for.
      return undefined;
    }
    try {
      const r = JSON.parse(text) as Partial<StopRequest>;
      return { at: typeof r.at === 'number' ? r.at : Date.now(), graceSeconds: typeof r.graceSeconds === 'number' ? r.graceSeconds : undefined };
    } catch {
      return { at: Number(text) || Date.now() };
    }
  }

  stopRequested(uid: string): boolean {
    return existsSync(this.file(uid, 'stop'));
  }

  /**
   * Takes the supervisor lock of a pod: true when this process holds it now. A lock whose holder
   * died is taken over, so at most one supervisor runs per pod.
   */
  lock(uid: string): boolean {
    this.ensureDir();
    const file = this.file(uid, 'lock');
    for (let i = 0; i < 2; i++) {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx', mode: FILE_MODE });
        return true;
      } catch {
        const holder = Number(readFileSync(file, 'utf8'));
        if (holder === process.pid) return true;
        if (isAlive(holder)) return false;
        rmSync(file, { force: true });
      }
    }
    return false;
  }

  /** The live process holding the pod's supervisor lock, if any. */
  lockHolder(uid: string): number | undefined {
    try {
      const pid = Number(readFileSync(this.file(uid, 'lock'), 'utf8'));
      return isAlive(pid) ? pid : undefined;
    } catch {
      // No lock: nobody holds it.
      return undefined;
    }
  }

  /** Every pod with a file here (state, stop marker, lock, log), its state readable or not. */
  uids(): string[] {
    try {
      // Files only: the controller manager keeps its own folder (objects/) in here.
      return [...new Set(readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name.split('.')[0]))];
    } catch {
      // No folder yet: no files.
      return [];
    }
  }

  unlock(uid: string): void {
    try {
      if (Number(readFileSync(this.file(uid, 'lock'), 'utf8')) === process.pid) rmSync(this.file(uid, 'lock'), { force: true });
    } catch {
      // not held
    }
  }

  logFile(uid: string): string {
    return this.file(uid, 'log');
  }

  remove(uid: string): void {
    for (const ext of ['json', 'stop', 'log', 'lock']) rmSync(this.file(uid, ext), { force: true });
  }
}

export function newState(uid: string, name: string, namespace: string, backoff: BackoffOptions): PodState {
  return { uid, name, namespace, backoff, containers: {}, events: [], startedAt: new Date().toISOString() };
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A detached supervisor that exited stays a zombie until its new parent reaps it, which some
  // init processes do late: on Linux, a zombie is not alive.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
