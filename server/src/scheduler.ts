// Pushes diagnostics: debounced per document, versioned, and never stale. A run reads the document
// as it is when its timer fires; after every await (its settings, its analysis in the worker) it
// checks that the document still has that version, so a result computed for an older text is
// dropped instead of replacing a newer one.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostics } from './diagnostics';
import type { DocumentService } from './documentService';
import type { Settings } from './settings';
import type { SettingsStore } from './settingsStore';

/** The cross-file diagnostics of a document, from the workspace model (workspaceIndex.ts). */
export type CrossFile = (uri: string, settings: Settings) => Diagnostic[];

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document last changed, to tell typing from a single edit. */
  private readonly lastChange = new Map<string, number>();
  /** Documents that were published for (so that closing or disabling one clears its results). */
  private readonly shown = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: DocumentService,
    private readonly settings: SettingsStore,
    private readonly log: (message: string) => void,
    private readonly crossFile?: CrossFile,
    /** A kustomize patch (a partial object, checked only once built): no diagnostics. */
    private readonly isPatch?: (uri: string) => boolean,
  ) {}

  /** Re-analyses after the debounce delay, restarting the delay if a timer is pending. */
  changed(uri: string): void {
    // Work on the version before this one is now useless: dropped, or stopped if long.
    const doc = this.documents.get(uri);
    if (doc) this.service.superseded(uri, doc.version);
    const now = performance.now();
    const previous = this.lastChange.get(uri);
    this.lastChange.set(uri, now);
    this.schedule(uri, typingDelay(previous === undefined ? undefined : now - previous, this.settings.known(uri).debounceMs));
  }

  /** Analyses soon, without the typing delay (a document just opened, or new settings). */
  now(uri: string): void {
    this.schedule(uri, 0);
  }

  /**
   * Another file changed what this one's cross-file checks read: published again (its own analysis
   * is cached, so this costs the cross-file checks only). A pending run will do it anyway.
   */
  refresh(uri: string): void {
    if (!this.timers.has(uri) && this.documents.get(uri)) this.schedule(uri, 0);
  }

  all(): void {
    for (const doc of this.documents.all()) this.now(doc.uri);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.lastChange.delete(uri);
    this.service.forget(uri);
    // Results for a closed document are cleared, so they do not linger in a Problems view.
    if (this.shown.delete(uri)) void this.send(uri, undefined, []);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private schedule(uri: string, delay: number): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.run(uri).catch((e: unknown) => this.log(`podwright: diagnostics for ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`));
    }, delay);
    this.timers.set(uri, timer);
  }

  private async run(uri: string): Promise<void> {
    // TextDocuments updates a document in place: its version is read once, and compared after awaits.
    const version = this.documents.get(uri)?.version;
    if (version === undefined) return;
    const settings = await this.settings.get(uri);
    const current = () => this.documents.get(uri)?.version === version && !this.timers.has(uri);
    const doc = this.documents.get(uri);
    if (!doc || !current()) return; // a newer run is due
    // The analysis runs in a worker thread (documentService.ts): this thread keeps answering.
    const analysis = await this.service.analysis(doc, settings);
    if (!analysis || analysis.version !== version || !current()) return; // replaced meanwhile
    if (analysis.failure) this.log(`podwright: analysis of ${uri} failed: ${analysis.failure}`);
    const patch = this.isPatch?.(uri) === true;
    const diagnostics = patch ? [] : toDiagnostics(doc, analysis, settings);
    // Cross-file problems also for a document without pods (a Service, a ConfigMap alone).
    if (this.crossFile && !patch && (analysis.problems || analysis.enabled === 'no')) diagnostics.push(...this.crossFile(uri, settings));
    // A YAML file that is not ours gets nothing at all, unless it had diagnostics to clear.
    const quiet = (analysis.enabled === 'no' || patch) && diagnostics.length === 0;
    if (quiet && !this.shown.has(uri)) return;
    if (quiet) this.shown.delete(uri);
    else this.shown.add(uri);
    await this.send(uri, version, diagnostics);
  }

  private async send(uri: string, version: number | undefined, diagnostics: ReturnType<typeof toDiagnostics>): Promise<void> {
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}

/**
 * The delay before checking a document after a change, `sincePrevious` ms after the change before it.
 * While keystrokes keep coming (each within `debounceMs` of the last) the whole delay: a word typed at
 * a steady pace is checked once, when it is done, not once a letter. After a pause (a paste, an undo,
 * a quick fix, the first key of a word) half of it: the result is shown sooner, at the cost of at
 * most one early check when typing does follow.
 */
export function typingDelay(sincePrevious: number | undefined, debounceMs: number): number {
  return sincePrevious !== undefined && sincePrevious <= debounceMs ? debounceMs : Math.round(debounceMs / 2);
}
