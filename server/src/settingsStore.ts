// Settings per document. Pulled with `workspace/configuration` (scoped to the document, so a
// multi-root workspace can differ per folder) when the client supports it, otherwise taken from
// what `initializationOptions` and `workspace/didChangeConfiguration` pushed.
import type { Connection } from 'vscode-languageserver';
import type { Settings } from './settings';
import { DEFAULT_SETTINGS, normaliseSettings } from './settings';

/** A client that never answers `workspace/configuration` must not keep diagnostics back for good. */
const PULL_TIMEOUT_MS = 3000;

export class SettingsStore {
  private pushed: Settings = DEFAULT_SETTINGS;
  private readonly pulled = new Map<string, Promise<Settings>>();
  private readonly resolved = new Map<string, Settings>();
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  /** Settings given in `initializationOptions` or pushed by `workspace/didChangeConfiguration`. */
  push(raw: unknown): void {
    this.pushed = normaliseSettings(raw, this.pushed);
  }

  /** Forgets every pulled value: the next `get` asks the client again. */
  invalidate(): void {
    this.generation++;
    this.pulled.clear();
    this.resolved.clear();
  }

  forget(uri: string): void {
    this.pulled.delete(uri);
    this.resolved.delete(uri);
  }

  /** The last settings known for a document, without asking (for the debounce delay). */
  known(uri: string): Settings {
    return this.resolved.get(uri) ?? this.pushed;
  }

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let p = this.pulled.get(uri);
    if (!p) {
      const generation = this.generation;
      p = this.pull(uri).then((s) => {
        if (generation === this.generation && this.pulled.has(uri)) this.resolved.set(uri, s);
        return s;
      });
      this.pulled.set(uri, p);
    }
    return p;
  }

  private async pull(uri: string): Promise<Settings> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PULL_TIMEOUT_MS);
    });
    try {
      const answer: unknown = await Promise.race([
        this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'podwright' }),
        timeout,
      ]);
      // A client with nothing configured answers null: the pushed settings (or defaults) apply.
      return answer === undefined || answer === null ? this.pushed : normaliseSettings(answer, this.pushed);
    } catch {
      // A client that refuses workspace/configuration: the settings it pushed (or the defaults) apply.
      return this.pushed;
    } finally {
      clearTimeout(timer);
    }
  }
}
