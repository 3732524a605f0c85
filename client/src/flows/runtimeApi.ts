// What the extension asks of the pod runtime, as types only. dist/runtime.js (runtimeBridge.ts)
// implements it over the runtime library (runtime/src) and is loaded on first use, so activation never
// pays for dockerode. No `vscode` here: the bridge is plain code, and the flows that use it
// (podFlows.ts) are plain code tested without VS Code.
import type { PlanProblem, RuntimeFailure, StartFailure } from '../../../runtime/src';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../podsView/snapshot';
import type { PodsSource, Subscription } from '../podsView/store';
import type { PlacedProblem } from './runtimePlacement';
import type { RuntimeProblem } from './runtimeProblems';
import type { Timeline } from './timeline';
import type { WorkloadTimeline } from './workloadTimeline';

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

export interface StoppedPodRef extends PodRef {
  /** When its stop ended (ISO). */
  stoppedAt: string;
}

export interface TimelinePicture {
  model: Timeline;
  /** The picture and the events alone: what an open panel posts to its page (the window stays). */
  picture: string;
  /** The page's body (SVG and the events table), its style sheet and its script. */
  body: string;
  style: string;
  script: string;
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

/**
 * The kinds the runtime describes besides pods (its DESCRIBED_KINDS), here so that the editor knows
 * them without loading the runtime at activation; test/unit/menus.test.ts keeps the two lists one.
 */
export const DESCRIBED_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service'];

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

/** Run Application: every manifest of a folder, as `podwright apply -f FOLDER` applies them. */
export interface AppRunRequest {
  files: { path: string; text: string }[];
  allowHostAccess: boolean;
  signal: AbortSignal;
  onProgress(message: string): void;
}

export interface AppRunOutcome {
  /** Per file: its refusal (nothing of it applied) or what became of each of its objects. */
  files: { path: string; problems: PlanProblem[]; documents: AppliedDocument[] }[];
  /** The bare Pods of the folder, started as ▶ Run pod starts one. */
  pods: { file: string; document: number; name: string; namespace: string; outcome: RunOutcome }[];
}

export interface RuntimeBridge extends PodsSource {
  /** The manifests of a folder (its .yaml, .yml and .json files, in name order, not its sub-folders). */
  folderManifests(folder: string): Promise<{ path: string; text: string }[]>;
  /** Applies a folder's manifests in one call (dependency order, data of any file), then starts its bare Pods. */
  runApplication(request: AppRunRequest): Promise<AppRunOutcome>;
  /**
   * Stop Application: deletes every object applied from the folder and stops the bare pods started
   * from its files, all at once (each with its grace period); the claims' volumes stay. Counts what went.
   */
  stopApplication(folder: string): Promise<{ objects: number; pods: number }>;
  objects(): Promise<{ objects: ObjectSnapshot[]; claims: ClaimSnapshot[] }>;
  /** Stores objects of a manifest; their controllers run them in the background. */
  apply(request: ApplyRequest): Promise<ApplyOutcome>;
  /** Deletes an applied object and its pods (given their grace periods); false when it was not there. */
  deleteObject(ref: ObjectRef): Promise<boolean>;
  scale(ref: ObjectRef, replicas: number): Promise<void>;
  /** `kubectl rollout restart`: every pod replaced by a new one, as a rollout does. */
  restartRollout(ref: ObjectRef): Promise<void>;
  /** `kubectl rollout undo`: back to the revision before the current one; `skipped` when it runs that template already. */
  undoRollout(ref: ObjectRef): Promise<{ revision: number; skipped: boolean }>;
  /** `kubectl rollout pause` (true) or `resume` (false) of a Deployment. */
  pauseRollout(ref: ObjectRef, paused: boolean): Promise<void>;
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
  /**
   * Follows logs (all containers when `container` is undefined) until the signal aborts or the pod
   * goes; `previous`: the whole log of the run before the last restart (`kubectl logs -p`).
   */
  logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal, opts?: { previous?: boolean }): Promise<void>;
  /**
   * The pod's timeline, drawn from its containers in order, its status history and its events: the
   * model and its markup (built in the runtime's bundle, so that activation does not carry them).
   */
  timeline(pod: PodRef, title: string): Promise<TimelinePicture>;
  /**
   * A workload's timeline: one lane per pod it made (running, or stopped and kept in the records),
   * which replaced which (workloadTimeline.ts).
   */
  workloadTimeline(ref: ObjectRef & { uid?: string }, title: string): Promise<Omit<TimelinePicture, 'model'> & { model: WorkloadTimeline }>;
  /**
   * What `kubectl describe` prints for a pod (`kind: 'Pod'`, running or stopped with its record), a
   * Deployment, StatefulSet, DaemonSet, Job, CronJob or Service: the same text as `podwright describe`.
   */
  describe(ref: ObjectRef): Promise<string>;
  /** The stopped pods that kept their record (describe and the timeline still show them), newest first. */
  stoppedPods(): Promise<StoppedPodRef[]>;
  /** A debug container sharing `target`'s processes, with an interactive shell (`podwright debug`). */
  debugShell(pod: PodRef, target: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell>;
  /** An interactive shell (`sh`) in a container, with a TTY. */
  shell(pod: PodRef, container: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell>;
  /** What the pods started from manifests did (and starts that failed), as problems on their fields. */
  problems(): Promise<RuntimeProblem[]>;
  /** Places problems in a manifest's text as it is now (runtimePlacement.ts, with the YAML parser). */
  place(text: string, problems: readonly RuntimeProblem[]): PlacedProblem[];
  /** Checks of a manifest against the images on the engine (imageChecks.ts); never pulls. */
  imageChecks(text: string): Promise<RuntimeProblem[]>;
  /**
   * The hover on a container's `image`, `command` or `args`: the process its image will run
   * (imageProcess.ts); undefined when the image is not on the engine. Never pulls.
   */
  imageProcessAt(text: string, offset: number): Promise<string | undefined>;
  /** The container whose name is at an offset of a manifest, with its pod (for a hover). */
  containerAt(text: string, offset: number): { pod: string; namespace: string; container: string } | undefined;
  /** After every run ends: a start that failed leaves no pod for the watch to see. */
  onDidRun(listener: () => void): Subscription;
  dispose(): void;
}

export type CreateBridge = (options: EngineOptions) => RuntimeBridge;
