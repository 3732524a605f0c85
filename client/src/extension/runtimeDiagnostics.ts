// What pods started from a manifest did, as diagnostics on that manifest (source `podwright
// (runtime)`), in a collection of the extension's own: the language server stays engine-free.
// Fed by the Pods store (the runtime's watch) and by every run (a failed start leaves no pod); placed
// again in the current text on every change of a manifest, so they follow edits that move lines.
// A problem whose field is edited is dropped for the rest of that pod's run: what the pod did says
// nothing about the new text (a new run, a new pod uid, shows it again if it still fails).
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { OPEN_LOG_IN_EDITOR } from './logEditor';
import type { RuntimeProblem } from '../flows/runtimeProblems';
import type { PlacedProblem } from '../flows/runtimePlacement';
import { podInSnapshot } from '../podsView/snapshot';
import type { Services } from './services';
import { openLogsTerminal } from './terminals';

export const RUNTIME_SOURCE = 'podwright (runtime)';
/** Image-aware checks (imageChecks.ts): what the kubelet would refuse, known before Run. */
export const IMAGE_SOURCE = 'podwright (image)';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
export const SHOW_CONTAINER_LOG = 'podwright.runtime.showLog';

/** A text change settles this long before problems are placed again in it. */
const PLACE_DELAY_MS = 150;
/** Image checks wait for typing to pause longer: they ask the engine (never on the typing path). */
const IMAGE_CHECK_DELAY_MS = 1000;

const keyOf = (p: RuntimeProblem) => `${p.pod.uid}|${p.code}|${p.container ?? ''}`;

function positionIn(text: string, offset: number): vscode.Position {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return new vscode.Position(line, offset - start);
}

export class RuntimeDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('podwright-runtime');
  private problems: RuntimeProblem[] = [];
  /** Placed problems by file, for hovers and code actions. */
  private placed = new Map<string, PlacedProblem[]>();
  private readonly dismissed = new Set<string>();
  private readonly fieldTexts = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Image-check problems by file, computed from the text of the last check. */
  private readonly imageProblems = new Map<string, RuntimeProblem[]>();
  private readonly imageTimers = new Map<string, NodeJS.Timeout>();
  private imagesChecked = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private runSubscription: { dispose(): void } | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires once the diagnostics were set again (the extension-host tests wait on it). */
  readonly onDidUpdate = this.changed.event;

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      this.collection,
      this.changed,
      // Every listing, not only a changed one: a probe that keeps failing changes no pod's
      // snapshot, only its events, which are what the diagnostic says.
      services.store.onDidObserve(() => void this.refresh()),
      services.store.onDidChange((s) => {
        if (s.kind !== 'up') return;
        // The engine is there now: check the manifests already open against its images.
        if (!this.imagesChecked) for (const d of vscode.workspace.textDocuments) this.scheduleImageCheck(d, 0);
        this.imagesChecked = true;
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.schedule(e.document);
        this.scheduleImageCheck(e.document, IMAGE_CHECK_DELAY_MS);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.schedule(d);
        this.scheduleImageCheck(d, 0);
      }),
      vscode.commands.registerCommand(SHOW_CONTAINER_LOG, (pod: { namespace: string; name: string }, container: string) => {
        const live = podInSnapshot(services.store.snapshot, pod.namespace, pod.name);
        openLogsTerminal(services.bridge(), pod, container, live?.containers.map((c) => c.name) ?? [container]);
      }),
      vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, { provideCodeActions: (d, r, c) => this.codeActions(d, c) }),
      vscode.languages.registerHoverProvider({ language: 'yaml' }, { provideHover: (d, p) => this.hover(d, p) }),
    );
  }

  /** Asks the runtime again (coalescing: one request at a time, another if asked meanwhile). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const bridge = this.services.bridge();
        this.runSubscription ??= bridge.onDidRun(() => void this.refresh());
        try {
          this.problems = await bridge.problems();
          this.forgetGonePods();
        } catch (e) {
          // The engine went away: the store says so in the Pods view; the problems shown stay as they were.
          this.services.output.warn(`runtime problems: ${(e as Error).message}`);
          break;
        }
        this.placeAll();
      } while (this.again);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** What was remembered of pods that are gone (their field texts, dismissals) is of no more use. */
  private forgetGonePods(): void {
    const uids = new Set(this.problems.map((p) => p.pod.uid));
    for (const set of [this.dismissed, this.fieldTexts]) for (const key of [...set.keys()]) if (!uids.has(key.split('|')[0])) set.delete(key);
  }

  private schedule(document: vscode.TextDocument): void {
    const file = document.uri.fsPath;
    if (document.uri.scheme !== 'file' || !(this.problems.some((p) => p.pod.manifest === file) || this.imageProblems.get(file)?.length)) return;
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.placeFile(file);
        this.changed.fire();
      }, PLACE_DELAY_MS),
    );
  }

  /**
   * Checks a YAML file against the engine's images once typing pauses, only while the engine is up
   * and the runtime loaded: without an engine nothing is asked and nothing is slower.
   */
  private scheduleImageCheck(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'yaml' || document.uri.scheme !== 'file') return;
    if (this.services.store.snapshot.kind !== 'up' || !this.services.bridgeLoaded()) return;
    const file = document.uri.fsPath;
    clearTimeout(this.imageTimers.get(file));
    this.imageTimers.set(
      file,
      setTimeout(() => {
        this.imageTimers.delete(file);
        void this.services
          .bridge()
          .imageChecks(document.getText())
          .then(
            (problems) => {
              const before = this.imageProblems.get(file) ?? [];
              if (problems.length === 0 && before.length === 0) return;
              this.imageProblems.set(file, problems.map((p) => ({ ...p, pod: { ...p.pod, manifest: file } })));
              this.placeFile(file);
              this.changed.fire();
            },
            (e: Error) => this.services.output.warn(`image checks: ${e.message}`),
          );
      }, delay),
    );
  }

  private placeAll(): void {
    const files = new Set([...this.problems.map((p) => p.pod.manifest).filter((f): f is string => !!f), ...[...this.imageProblems].filter(([, ps]) => ps.length).map(([f]) => f)]);
    for (const file of files) this.placeFile(file);
    this.collection.forEach((uri) => {
      if (!files.has(uri.fsPath)) {
        this.collection.delete(uri);
        this.placed.delete(uri.fsPath);
      }
    });
    this.changed.fire();
  }

  private placeFile(file: string): void {
    const uri = vscode.Uri.file(file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    let text: string;
    try {
      text = open?.getText() ?? readFileSync(file, 'utf8');
    } catch {
      // The manifest was deleted or moved: nothing to show its problems on.
      this.collection.delete(uri);
      return;
    }
    const mine = this.problems.filter((p) => p.pod.manifest === file && !this.dismissed.has(keyOf(p)));
    const placed = this.services.bridge().place(text, mine).filter((p) => {
      const key = keyOf(p.problem);
      const before = this.fieldTexts.get(key);
      if (before === undefined) this.fieldTexts.set(key, p.fieldText);
      else if (before !== p.fieldText) {
        this.dismissed.add(key);
        return false;
      }
      return true;
    });
    this.placed.set(file, placed);
    // What the pod already did says the same as a check would (ErrImageNeverPull after a Run): once.
    const images = this.services
      .bridge()
      .place(text, this.imageProblems.get(file) ?? [])
      .filter((i) => !placed.some((p) => p.problem.code === i.problem.code && p.range.start === i.range.start));
    const diagnostic = (p: PlacedProblem, source: string) => {
      const d = new vscode.Diagnostic(new vscode.Range(positionIn(text, p.range.start), positionIn(text, p.range.end)), p.problem.message, SEVERITY[p.problem.severity]);
      d.source = source;
      d.code = p.problem.code;
      return d;
    };
    this.collection.set(uri, [...placed.map((p) => diagnostic(p, RUNTIME_SOURCE)), ...images.map((p) => diagnostic(p, IMAGE_SOURCE))]);
  }

  /** "Show log of container X" on a runtime problem of a pod that is still there. */
  private codeActions(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const placed = this.placed.get(document.uri.fsPath) ?? [];
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.filter((x) => x.source === RUNTIME_SOURCE)) {
      const p = placed.find((x) => x.problem.message === d.message && x.problem.container);
      if (!p?.problem.container || !podInSnapshot(this.services.store.snapshot, p.problem.pod.namespace, p.problem.pod.name)) continue;
      const action = new vscode.CodeAction(`Show the log of container ${p.problem.container}`, vscode.CodeActionKind.Empty);
      action.diagnostics = [d];
      action.command = { title: action.title, command: SHOW_CONTAINER_LOG, arguments: [{ namespace: p.problem.pod.namespace, name: p.problem.pod.name }, p.problem.container] };
      out.push(action);
      // The full log in an editor tab (extension/logEditor.ts); the run before a restart when it restarted.
      const target = { namespace: p.problem.pod.namespace, pod: p.problem.pod.name, container: p.problem.container };
      const inEditor = new vscode.CodeAction(`Open the full log of container ${p.problem.container} in an editor`, vscode.CodeActionKind.Empty);
      inEditor.diagnostics = [d];
      inEditor.command = { title: inEditor.title, command: OPEN_LOG_IN_EDITOR, arguments: [target] };
      out.push(inEditor);
    }
    return out;
  }

  /**
   * A container's live state, on its name, for pods of this manifest the engine has now; on its
   * `image`, `command` or `args`, the process its image will run (nothing without an engine).
   */
  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const snapshot = this.services.store.snapshot;
    if (snapshot.kind !== 'up' || !this.services.bridgeLoaded()) return undefined;
    const at = this.services.bridge().containerAt(document.getText(), document.offsetAt(position));
    if (!at) {
      const process = await this.services.bridge().imageProcessAt(document.getText(), document.offsetAt(position));
      return process ? new vscode.Hover(new vscode.MarkdownString(process)) : undefined;
    }
    const pod = snapshot.pods.find((p) => p.manifest === document.uri.fsPath && p.namespace === at.namespace && p.name === at.pod);
    const c = pod?.containers.find((x) => x.name === at.container);
    if (!pod || !c) return undefined;
    const state = `${c.state}${c.reason ? ` (${c.reason}${c.exitCode !== undefined && c.state === 'terminated' ? `, exit code ${c.exitCode}` : ''})` : ''}`;
    const md = new vscode.MarkdownString(`**${c.name}** in pod ${pod.name}: ${state} · ${c.ready ? 'ready' : 'not ready'} · ${c.restarts} restart${c.restarts === 1 ? '' : 's'}`);
    return new vscode.Hover(md);
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.imageTimers.values()]) clearTimeout(t);
    this.runSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
