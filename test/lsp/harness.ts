// A plain LSP client for the protocol tests: it starts the real server process
// (`node bin/podwright-language-server.js --stdio`) and speaks JSON-RPC over its stdio. It knows
// nothing of the server's internals: only the protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER = join(ROOT, 'bin', 'podwright-language-server.js');

export function fileUri(name: string): string {
  return pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', name)).href;
}

export interface StartOptions {
  /** What the client answers to `workspace/configuration` for the `podwright` section. */
  settings?: unknown;
  /** false: the client does not support `workspace/configuration` (settings are pushed only). */
  pullConfiguration?: boolean;
  initializationOptions?: unknown;
  documentChanges?: boolean;
  /**
   * Workspace folders (paths) sent in initialize; none by default, so that the server indexes nothing
   * and each test sees only the documents it opens.
   */
  workspaceFolders?: string[];
  /** Client capabilities merged over the defaults' `workspace` section (didChangeWatchedFiles …). */
  workspaceCapabilities?: Record<string, unknown>;
  /** Extra environment of the server process (PODWRIGHT_ANALYSIS_DEADLINE_MS …). */
  env?: Record<string, string>;
}

interface Waiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  settings: unknown;
  stderr = '';
  initializeResult: InitializeResult | undefined;
  private waiters: Waiter[] = [];
  private logWaiters: (() => boolean)[] = [];
  private readonly texts = new Map<string, string>();
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    settings: unknown,
  ) {
    this.settings = settings;
    this.exited = new Promise((res) => process.on('exit', (code) => res(code)));
    process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.accept(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.logWaiters = this.logWaiters.filter((w) => !w());
    });
    connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests.push(...p.items);
      return p.items.map(() => this.settings ?? null);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    if (!child.stdout || !child.stdin) throw new Error('no stdio');
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, opts.settings);
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: { configuration: opts.pullConfiguration !== false, workspaceEdit: { documentChanges: opts.documentChanges === true }, ...opts.workspaceCapabilities },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    };
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: opts.workspaceFolders?.map((f) => ({ uri: pathToFileURL(f).href, name: f })) ?? null,
      capabilities,
      initializationOptions: opts.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  /** Resolves with the first diagnostics for `uri` (already received after `since`, or still to come) that `accept` takes. */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        uri,
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolvePromise(p);
        },
      });
    });
  }

  /** Opens a document and waits for the diagnostics of that version. */
  async open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<Diagnostic[]> {
    const wait = this.diagnostics(uri, (p) => p.version === version);
    this.openQuietly(uri, text, version, languageId);
    return (await wait).diagnostics;
  }

  openQuietly(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (without waiting). */
  replace(uri: string, version: number, text: string): void {
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Applies LSP edits to the client's copy and sends them as incremental changes. */
  edit(uri: string, version: number, edits: TextEdit[]): string {
    const text = applyEdits(this.text(uri), edits);
    // Sent back to front so each range still refers to the text the server holds at that point.
    const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })),
    });
    return text;
  }

  close(uri: string): void {
    this.texts.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves once the server has logged a line that includes `text` (tests run it with PODWRIGHT_TRACE=1). */
  logged(text: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not log '${text}' within ${timeoutMs} ms:\n${this.logs.join('\n')}`)), timeoutMs);
      const check = () => {
        if (this.logs.some((l) => l.includes(text))) {
          clearTimeout(timer);
          resolvePromise();
          return true;
        }
        return false;
      };
      if (!check()) this.logWaiters.push(check);
    });
  }

  /** Peak resident memory of the server process (VmHWM, Linux), in bytes; 0 when unknown. */
  peakRss(): number {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // Not Linux, or the process is gone: unknown.
      return 0;
    }
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** shutdown + exit; resolves with the process' exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      // A server that does not answer shutdown is killed: a test must fail, never hang.
      let timer: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        this.connection.sendRequest('shutdown').then(() => true),
        new Promise<false>((res) => (timer = setTimeout(() => res(false), 10_000))),
      ]);
      clearTimeout(timer);
      if (answered) await this.connection.sendNotification('exit');
      else this.process.kill();
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Resolves with the exit code once the process has ended (without asking it to). */
  exitCode(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    if (this.alive) this.process.kill();
  }
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + p.character, text.length);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text a range covers. */
export function slice(text: string, r: Range): string {
  return text.slice(offsetAt(text, r.start), offsetAt(text, r.end));
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/** The edits of a workspace edit for one document, from `changes` or `documentChanges`. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  const out: TextEdit[] = [];
  for (const c of edit.documentChanges ?? []) if ('textDocument' in c && c.textDocument.uri === uri) out.push(...(c.edits as TextEdit[]));
  return out;
}
