// Failures as values: a code and the facts behind it (the pod, the container, the engine's address),
// never a sentence written for one kind of reader. The command line words them with its flags, the
// extension with its buttons; `describeFailure` gives the plain facts both start from.

/** A pod by namespace and name. */
export interface PodKey {
  namespace: string;
  name: string;
}

export type RuntimeFailure =
  /** Nothing answers at the engine's address (or it stopped answering mid-way). */
  | { code: 'EngineUnreachable'; address: string; detail: string; /** A pod that was being started, half made. */ starting?: PodKey }
  | { code: 'AlreadyExists'; pod: PodKey; status: string }
  /** Another process is creating a pod of that name right now. */
  | { code: 'BeingStarted'; pod: PodKey; pid: number }
  | { code: 'PodNotFound'; name: string; namespace?: string }
  /** A name given without a namespace matches pods in several. */
  | { code: 'AmbiguousPod'; name: string; namespaces: string[] }
  | { code: 'ContainerNotFound'; pod: PodKey; container: string; containers: string[] }
  | { code: 'ContainerNotRunning'; pod: PodKey; container: string; state: string; reason?: string }
  | { code: 'NoPreviousRun'; pod: PodKey; container: string }
  /** The container cannot be restarted on its own (its pod's restart policy would leave it stopped). */
  | { code: 'CannotRestart'; pod: PodKey; container: string; reason: string }
  /** No applied object of that kind and name (`resource` as kubectl names it: `deployment.apps/web`). */
  | { code: 'ObjectNotFound'; resource: string; namespace: string }
  /** An applied object cannot do what was asked (scale a Job, delete a claim a pod mounts …). */
  | { code: 'ObjectRefused'; resource: string; reason: string }
  /** The pod infra image cannot be built (no static busybox on this machine). */
  | { code: 'InfraImageUnavailable'; detail: string }
  /** The engine refused a request the runtime made; `detail` is the engine's own message. */
  | { code: 'EngineError'; detail: string };

export type FailureCode = RuntimeFailure['code'];

export class RuntimeError extends Error {
  constructor(readonly failure: RuntimeFailure) {
    super(describeFailure(failure));
    this.name = 'RuntimeError';
  }

  get code(): FailureCode {
    return this.failure.code;
  }
}

export function isRuntimeError<C extends FailureCode>(e: unknown, code?: C): e is RuntimeError & { failure: Extract<RuntimeFailure, { code: C }> } {
  return e instanceof RuntimeError && (code === undefined || e.failure.code === code);
}

const podWords = (p: PodKey) => `pod '${p.name}'${p.namespace !== 'default' ? ` in namespace '${p.namespace}'` : ''}`;

/** The facts of a failure in one sentence, with no advice that only one front end could follow. */
export function describeFailure(f: RuntimeFailure): string {
  switch (f.code) {
    case 'EngineUnreachable':
      return (
        `Cannot reach the Docker engine at ${f.address}: is it running? (start it with \`sudo systemctl start docker\` or \`dockerd\`)` +
        (f.starting ? `; ${podWords(f.starting)} was being started and may be half made` : '')
      );
    case 'AlreadyExists':
      return `pod '${f.pod.name}' already exists in namespace '${f.pod.namespace}' (${f.status})`;
    case 'BeingStarted':
      return `${podWords(f.pod)} is being started by another process (pid ${f.pid})`;
    case 'PodNotFound':
      return `no pod named '${f.name}'${f.namespace ? ` in namespace '${f.namespace}'` : ''}`;
    case 'AmbiguousPod':
      return `pods named '${f.name}' run in several namespaces (${f.namespaces.join(', ')})`;
    case 'ContainerNotFound':
      return `${podWords(f.pod)} has no container '${f.container}' (it has ${f.containers.join(', ')})`;
    case 'ContainerNotRunning':
      return `container '${f.container}' of ${podWords(f.pod)} is not running (${f.reason ?? f.state})`;
    case 'NoPreviousRun':
      return `container '${f.container}' of ${podWords(f.pod)} has not been restarted: there is no previous run`;
    case 'CannotRestart':
      return `container '${f.container}' of ${podWords(f.pod)} cannot be restarted: ${f.reason}`;
    case 'ObjectNotFound':
      return `${f.resource} not found in namespace '${f.namespace}'`;
    case 'ObjectRefused':
      return `${f.resource}: ${f.reason}`;
    case 'InfraImageUnavailable':
    case 'EngineError':
      return f.detail;
  }
}
