// What the extension asks of the pod runtime, as types only. dist/runtime.js (runtimeBridge.ts)
// implements it over the runtime library (runtime/src) and is loaded on first use, so activation never
// pays for dockerode. No `vscode` here: the bridge is plain code, and the flows that use it
// (podFlows.ts) are plain code tested without VS Code.
import type { PlanProblem, RuntimeFailure, StartFailure } from '../../../runtime/src';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../podsView/snapshot';
import type { PodsSource } from '../podsView/store';

export interface EngineOptions {
  /** `podwright.docker.host`, else DOCKER_HOST, else the local socket. */
  dockerHost?: string;
  /** `podwright.ports.publishAddress`. */
  publishAddress: string;
}

export interface RunRequest {
  /** Absolute path of the manifest (recorded on the pod, for Restart and Reveal Manifest). */
  file: string;
  text: string;
  /** The document (0-based) holding the pod: the one the person pointed at, never a name match. */
  document: number;
  replace: boolean;
  allowHostAccess: boolean;
  signal: AbortSignal;
  onProgress(message: string): void;
}

export type RunOutcome =
  | { kind: 'started'; pod: PodSnapshot | undefined }
  | { kind: 'exists'; pod: { name: string; namespace: string }; status: string }
  | { kind: 'refused'; problems: PlanProblem[] }
  | { kind: 'cancelled' }
  /** The pod did not come up (crash loop, timeout, a start failure) or the runtime failed; `message` is worded for this editor. */
  | { kind: 'failed'; message: string; failure?: RuntimeFailure | StartFailure };

export interface LogLine {
  container: string;
  /** One line, without its line break. */
  text: string;
  stream: 'stdout' | 'stderr';
}

export interface Shell {
  write(data: string): void;
  resize(columns: number, rows: number): void;
  close(): void;
}

export interface PodRef {
  namespace: string;
  name: string;
}

/** An applied object, as kubectl names one: kind, namespace and name. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface ApplyRequest {
  /** Absolute path of the manifest (recorded on the objects, for Reveal Manifest). */
  file: string;
  text: string;
  /** The documents (0-based) to apply; the others of the file are left alone. */
  documents: number[];
  allowHostAccess: boolean;
}

/** What became of one document, as `kubectl apply` says it. */
export interface AppliedDocument {
  document: number;
  kind: string;
  name: string;
  namespace: string;
  result: 'created' | 'configured' | 'unchanged' | 'skipped' | 'refused';
  /** Why it was refused: fields of its pod template the runtime cannot honour, with their paths. */
  problems: PlanProblem[];
}

export type ApplyOutcome =
  | { kind: 'applied'; documents: AppliedDocument[] }
  /** The file has errors: nothing of it was applied. */
  | { kind: 'refused'; problems: PlanProblem[] }
  | { kind: 'failed'; message: string; failure?: RuntimeFailure };

export interface RuntimeBridge extends PodsSource {
  objects(): Promise<{ objects: ObjectSnapshot[]; claims: ClaimSnapshot[] }>;
  /** Stores objects of a manifest; their controllers run them in the background. */
  apply(request: ApplyRequest): Promise<ApplyOutcome>;
  /** Deletes an applied object and its pods (given their grace periods); false when it was not there. */
  deleteObject(ref: ObjectRef): Promise<boolean>;
  scale(ref: ObjectRef, replicas: number): Promise<void>;
  /** `kubectl rollout restart`: every pod replaced by a new one, as a rollout does. */
  restartRollout(ref: ObjectRef): Promise<void>;
  /** `kubectl create job NAME --from=cronjob/NAME`. */
  createJobFrom(cronJob: ObjectRef, jobName: string): Promise<void>;
  /**
   * Deletes a claim's volume with its data, refused while a pod mounts it, and the
   * PersistentVolumeClaim object applied for it, if any. False when there was no volume.
   */
  deleteClaimData(claim: { namespace: string; name: string }): Promise<boolean>;
  run(request: RunRequest): Promise<RunOutcome>;
  /** Stops the pod; `force` kills its containers at once instead of giving them the grace period. */
  stop(pod: PodRef, opts?: { force?: boolean }): Promise<void>;
  restartContainer(pod: PodRef, container: string): Promise<void>;
  /** Follows logs (all containers when `container` is undefined) until the signal aborts or the pod goes. */
  logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void>;
  /** An interactive shell (`sh`) in a container, with a TTY. */
  shell(pod: PodRef, container: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell>;
  dispose(): void;
}

export type CreateBridge = (options: EngineOptions) => RuntimeBridge;
