// What the extension asks of the pod runtime, as types only. dist/runtime.js (runtimeBridge.ts)
// implements it over client/src/runtime and is loaded on first use, so activation never pays for
// dockerode. No `vscode` here: the bridge is plain code.
import type { PodSnapshot } from '../podsView/snapshot';
import type { PodsSource } from '../podsView/store';

export interface EngineOptions {
  /** `podwright.docker.host`, else DOCKER_HOST, else the local socket. */
  dockerHost?: string;
  /** `podwright.ports.publishAddress`. */
  publishAddress: string;
}

export interface RunRequest {
  /** Absolute path of the manifest (recorded on the pod, for Reveal Manifest). */
  file: string;
  text: string;
  /** The pod to run, by its name (a workload's pod is named after the workload). */
  pod: string;
  replace: boolean;
  allowHostAccess: boolean;
  signal: AbortSignal;
  onProgress(message: string): void;
}

export type RunOutcome =
  | { kind: 'started'; pod: PodSnapshot | undefined }
  | { kind: 'exists'; message: string }
  | { kind: 'refused'; message: string; problems: string[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface LogLine {
  container: string;
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

export interface RuntimeBridge extends PodsSource {
  run(request: RunRequest): Promise<RunOutcome>;
  stop(pod: PodRef): Promise<void>;
  restartContainer(pod: PodRef, container: string): Promise<void>;
  /** Follows logs (all containers when `container` is undefined) until the signal aborts or the pod goes. */
  logs(pod: PodRef, container: string | undefined, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void>;
  /** An interactive shell (`sh`) in a container, with a TTY. */
  shell(pod: PodRef, container: string, onData: (data: string) => void, onExit: (code: number) => void): Promise<Shell>;
  dispose(): void;
}

export type CreateBridge = (options: EngineOptions) => RuntimeBridge;
