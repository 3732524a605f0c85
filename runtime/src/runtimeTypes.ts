// What the runtime's callers pass and get back: options, results, selectors. Apart from PodRuntime
// (runtime.ts) so that a caller's types and the engine work each read on their own.
import type { BackoffOptions } from './backoff';
import type { CreateOptions } from './create';
import type { PodKey } from './errors';
import type { PodEvent } from './state';
import type { PodStatus } from './status';

export interface RuntimeOptions {
  /** The engine's address (`unix://…`, `tcp://…`); empty or absent: DOCKER_HOST, else the local socket. */
  dockerHost?: string;
  /** Where supervisor state lives (default: $XDG_STATE_HOME/podwright/pods). */
  stateDir?: string;
  /** Where DOCKER_HOST is read (the process environment by default). */
  env?: NodeJS.ProcessEnv;
  /** The background supervisor's script; a bundle ships it next to itself as supervisorMain.js. */
  supervisorEntry?: string;
  /** The controller manager's script (controllerMain.js next to the runtime). */
  managerEntry?: string;
}

export interface RunOptions extends CreateOptions {
  /** Remove a pod of the same name and namespace first, instead of refusing. */
  replace?: boolean;
  /** How long to wait for Running (or completion). */
  timeoutMs?: number;
  /**
   * What the wait is for: every app container running (default, the Running phase, where
   * `docker run -d` and `kubectl run` return), or the pod's Ready condition as well (every
   * readiness probe passed), where `kubectl wait --for=condition=Ready` returns.
   */
  until?: 'Running' | 'Ready';
  /** How long every app container must have run, without a restart, to count as up (default 0). */
  settleMs?: number;
  backoff?: BackoffOptions;
  onEvent?: (e: PodEvent) => void;
  onStatus?: (s: PodStatus) => void;
  /**
   * Who supervises the pod once it runs: a detached background process (survives this one; what the
   * CLI uses), this process (until stop() or close()), or nobody.
   */
  supervise?: 'background' | 'inProcess' | 'none';
  signal?: AbortSignal;
}

export type RunOutcome = 'Running' | 'Succeeded' | 'Failed' | 'CrashLoopBackOff' | 'Timeout' | 'Cancelled';

/** Why a pod could not be started: the kubelet's reason and the facts. */
export interface StartFailure {
  /** PortInUse, ErrImagePull, ErrImageNeverPull, CreateContainerConfigError, CreateContainerError … */
  reason: string;
  container?: string;
  /** The host port (PortInUse). */
  port?: number;
  detail: string;
}

export interface RunResult {
  outcome: RunOutcome;
  status?: PodStatus;
  /** One sentence of facts, for any reader. */
  message: string;
  /** Set when the pod could not be created at all (outcome Failed, nothing left). */
  failure?: StartFailure;
}

/** A pod by name: `{ name }` matches in any namespace (and must be unambiguous). */
export interface PodSelector {
  name: string;
  namespace?: string;
}

/** Reads `NAME` or `NAMESPACE/NAME`. */
export function parsePodSelector(text: string): PodSelector {
  const slash = text.indexOf('/');
  return slash >= 0 ? { namespace: text.slice(0, slash), name: text.slice(slash + 1) } : { name: text };
}

export interface PodRefEntry extends PodKey {
  uid: string;
  /** Being created by a live process; not yet (fully) on the engine. */
  starting: boolean;
}

export interface LogOptions {
  /** One container; all of them (each line tagged with its container) when absent. */
  container?: string;
  follow?: boolean;
  /** The previous run of a restarted container (`kubectl logs -p`). */
  previous?: boolean;
  /** Only the last lines (`kubectl logs --tail`), then what follows when `follow`. */
  tail?: number;
  /** Only lines written at or after this time (`kubectl logs --since`), epoch milliseconds. */
  sinceMs?: number;
  /** Each line begins with the time it was written, RFC 3339 with nanoseconds (`kubectl logs --timestamps`). */
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface Watch {
  dispose(): void;
}
