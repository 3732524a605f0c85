// What the pod flows need from the editor, as plain interfaces: the extension implements them with
// the VS Code API (extension/workbench.ts), the unit tests with plain objects. Nothing here imports
// `vscode`, so every decision of Run, Stop, Restart and Replace is reachable from a plain test.
import type { ManifestObject, ManifestPod, OffsetRange } from '../../../analysis/src';
import type { ClaimSnapshot, ObjectSnapshot, PodSnapshot } from '../podsView/snapshot';
import type { RuntimeBridge } from './runtimeApi';

export interface PickItem<T> {
  label: string;
  description?: string;
  value: T;
}

/** Every question the extension asks a person; the extension-host tests answer them in place of dialogs. */
export interface Prompts {
  /** A modal warning with actions; resolves to the chosen action or undefined (cancelled). */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** A non-modal error with actions. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined>;
  /**
   * A line of text, starting from `value`; `validate` returns why a value cannot be taken (shown
   * while typing), or undefined. Resolves to an accepted value, or undefined (cancelled).
   */
  input(prompt: string, value: string, validate: (value: string) => string | undefined): Promise<string | undefined>;
}

/** A manifest as the person pointed at it. */
export interface ManifestText {
  /** Absolute path on disk (recorded on the pod). */
  path: string;
  /** How to name the file to a person (relative to the workspace). */
  label: string;
  text: string;
  /** The document the person pointed at (a CodeLens), if any. */
  document?: number;
  /** The cursor's offset, if the command came from an editor. */
  offset?: number;
}

export interface Progress {
  report(message: string): void;
}

/**
 * The analysis' view of a manifest's pods. The extension loads it on first use (the YAML parser
 * costs more to load than the rest of the extension), so the flows reach it through here.
 */
export interface ManifestReader {
  podsInManifest(text: string): ManifestPod[];
  podAt(pods: readonly ManifestPod[], offset: number): ManifestPod | undefined;
  objectsInManifest(text: string): ManifestObject[];
}

export interface Workbench {
  readonly prompts: Prompts;
  readonly manifests: ManifestReader;
  bridge(): RuntimeBridge;
  /** Workspace trust: nothing runs from an untrusted workspace. */
  isTrusted(): boolean;
  /** Connects to the engine (once) and loads the pods. */
  ensureStarted(): Promise<void>;
  /** The pods on the engine now, or undefined when it cannot be reached. */
  enginePods(): PodSnapshot[] | undefined;
  /** The applied objects and claims' volumes now, or undefined when the engine cannot be reached. */
  engineObjects(): { objects: ObjectSnapshot[]; claims: ClaimSnapshot[] } | undefined;
  /** Lists the engine's pods again (after a change of ours). */
  refresh(): void;
  /** Error-severity problems the language server reports in a range of the manifest. */
  errorsIn(manifest: ManifestText, range: OffsetRange): { message: string }[];
  /** Runs work behind a progress notification that can be cancelled. */
  withProgress<T>(title: string, work: (progress: Progress, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Reads a manifest from disk (Restart), or undefined when it is gone. */
  readManifest(path: string): Promise<ManifestText | undefined>;
  showProblems(): void;
  showOutput(): void;
  manageTrust(): void;
  readonly log: { info(message: string): void; error(message: string): void };
}
