// Wiring only: which LSP request goes to which function. The logic lives in the files it imports.
import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  CompletionParams,
  Connection,
  DefinitionParams,
  DocumentSymbol,
  DocumentSymbolParams,
  Hover,
  HoverParams,
  InitializeResult,
  Location,
  PrepareRenameParams,
  Range,
  ReferenceParams,
  RenameParams,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ResponseError, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { packageInfo } from '../../analysis/src';
import { checkWorkspaceFile } from '../../analysis/src';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { definition, prepareRename, references, rename } from './crossFile';
import { workspaceDiagnostics } from './diagnostics';
import { DocumentService, HOVER_WAITS_MS, REQUEST_BUDGET_MS } from './documentService';
import { guarded, guardedNotification } from './safe';
import { DiagnosticsScheduler } from './scheduler';
import type { Settings } from './settings';
import { SettingsStore } from './settingsStore';
import { fileKey, WorkspaceIndex } from './workspaceIndex';

export const SERVER_NAME = 'podwright-language-server';

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  // Parsing and analysis happen in worker threads; this thread only reads and answers the protocol.
  const service = new DocumentService(log);
  let settings = new SettingsStore(connection, false);
  // The workspace model: its folders indexed in the background, open documents from their analyses.
  // A change re-publishes the open documents that read what changed (their analyses are cached).
  const index: WorkspaceIndex = new WorkspaceIndex(
    log,
    (keys) => {
      for (const key of keys) {
        const uri = index.uriOf(key);
        if (documents.get(uri)) scheduler.refresh(uri);
      }
    },
    () => scheduler.all(),
  );
  const crossFile = (uri: string, s: Settings) => {
    const key = fileKey(uri);
    return workspaceDiagnostics(checkWorkspaceFile(index.model, key, { complete: index.complete(key), severities: s.rules }), (f) => index.uriOf(f), s);
  };
  service.onAnalysis = (a) => {
    if (a.summary || a.enabled !== 'no') index.fromEditor(a.uri, a.summary);
    else {
      // Not analysed (no pod in it), but its objects may be what other files reference.
      const doc = documents.get(a.uri);
      if (doc && doc.version === a.version) index.editorText(a.uri, doc.version, doc.getText());
    }
  };
  let scheduler = new DiagnosticsScheduler(connection, documents, service, settings, log, crossFile, (uri) => index.isPatch(fileKey(uri)));
  let watchFiles = false;
  let folderEvents = false;
  let versionedEdits = false;
  let pullConfiguration = false;
  let registerConfiguration = false;

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
    registerConfiguration = pullConfiguration && caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings = new SettingsStore(connection, pullConfiguration);
    settings.push(params.initializationOptions);
    scheduler = new DiagnosticsScheduler(connection, documents, service, settings, log, crossFile, (uri) => index.isPatch(fileKey(uri)));
    watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    index.start(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: caps.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardedNotification('didChangeWorkspaceFolders', log, (e) => {
          index.foldersChanged(e.added.map((f) => f.uri), e.removed.map((f) => f.uri)).catch((err: Error) => log(`podwright: workspace folders: ${err.message}`));
        }),
      );
    }
    if (watchFiles) {
      // YAML files changed outside the editor (git checkout, another tool) keep the model current.
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] })
        .catch((e: Error) => log(`podwright: the client refused to watch YAML files (${e.message}); files changed outside the editor are not seen`));
    }
    if (registerConfiguration) {
      // With the pull model, VS Code sends didChangeConfiguration only to servers that register.
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'podwright' })
        .catch((e: Error) => log(`podwright: the client refused to send configuration changes (${e.message}); settings are read when documents open`));
    }
  });

  connection.onDidChangeWatchedFiles(guardedNotification('didChangeWatchedFiles', log, (p) => index.fileEvents(p.changes)));

  connection.onDidChangeConfiguration(
    guardedNotification('didChangeConfiguration', log, (change) => {
      settings.push(change.settings);
      settings.invalidate();
      scheduler.all();
    }),
  );

  // TextDocuments reports an open as a content change too, right after it: that one is not typing.
  const opening = new Set<string>();
  documents.onDidOpen(
    guardedNotification('didOpen', log, (e) => {
      opening.add(e.document.uri);
      scheduler.now(e.document.uri);
    }),
  );
  documents.onDidChangeContent(
    guardedNotification('didChange', log, (e) => {
      if (!opening.delete(e.document.uri)) scheduler.changed(e.document.uri);
    }),
  );
  documents.onDidClose(
    guardedNotification('didClose', log, (e) => {
      scheduler.closed(e.document.uri);
      settings.forget(e.document.uri);
      index.closed(e.document.uri);
    }),
  );

  /**
   * The document and its settings for a request, when it is one the server checks (every request
   * on another file is answered empty). `started`: when the request came, for its time budget.
   */
  const requestOn = async (uri: string) => {
    const started = Date.now();
    if (!documents.get(uri)) return undefined;
    const s = await settings.get(uri);
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const gate = service.gate(doc, s);
    if (gate.enabled === 'no' || !gate.size.ok) return undefined;
    const left = () => Math.max(0, REQUEST_BUDGET_MS - (Date.now() - started));
    /** The problems of this version, when its analysis is ready within `waitMs` (and the request's budget). */
    const problems = async (waitMs = REQUEST_BUDGET_MS) => {
      const budget = Math.min(waitMs, left());
      const a = await service.analysis(doc, s, budget);
      if (!a) service.traced(`the analysis of ${uri} (version ${doc.version}) was not ready within ${budget} ms for a request`);
      return a && a.version === doc.version ? a.problems : undefined;
    };
    return { doc, settings: s, started, problems };
  };

  connection.onHover(
    guarded<HoverParams, Hover | null>('hover', log, null, async (params) => {
      const r = await requestOn(params.textDocument.uri);
      if (!r) return null;
      // The schema's facts need no analysis: the problems' part waits for it only briefly.
      return service.hover(r.doc, r.settings, r.doc.offsetAt(params.position), await r.problems(HOVER_WAITS_MS), r.started);
    }),
  );

  connection.onCompletion(
    guarded<CompletionParams, CompletionItem[]>('completion', log, [], async (params) => {
      const r = await requestOn(params.textDocument.uri);
      if (!r) return [];
      return service.completion(r.doc, r.settings.kubernetesVersion, r.doc.offsetAt(params.position), r.started);
    }),
  );

  connection.onCodeAction(
    guarded<CodeActionParams, CodeAction[]>('codeAction', log, [], async (params) => {
      const r = await requestOn(params.textDocument.uri);
      const problems = r && (await r.problems());
      if (!r || !problems) return [];
      return codeActions(r.doc, problems, params, { versioned: versionedEdits });
    }),
  );

  connection.onDocumentSymbol(
    guarded<DocumentSymbolParams, DocumentSymbol[]>('documentSymbol', log, [], async (params) => {
      const r = await requestOn(params.textDocument.uri);
      if (!r) return [];
      return service.symbols(r.doc, r.started);
    }),
  );

  /**
   * Cross-file requests read the workspace model; the document's own part of it is that of its
   * analysis, waited for like a code action's problems (or the text's summary, when not analysed).
   */
  const crossFileOn = async (uri: string) => {
    const started = Date.now();
    const r = await requestOn(uri);
    if (r) await r.problems();
    const doc = documents.get(uri);
    if (!r && doc) {
      const s = await settings.get(uri);
      if (service.gate(doc, s).enabled === 'no') {
        // Not analysed: its text's summary (asked for when its diagnostics were scheduled, or now).
        if (!service.cached(doc, s)) void service.analysis(doc, s);
        await index.summarised(uri, doc.version, Math.max(0, REQUEST_BUDGET_MS - (Date.now() - started)));
      }
    }
    return documents.get(uri);
  };
  /** Rename's refusals are answered as errors (the client shows them); anything else as a guard would. */
  const refusing = <P, R>(name: string, fallback: R, handler: (p: P) => Promise<R>) => async (p: P) => {
    try {
      return await handler(p);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`podwright: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };

  connection.onDefinition(
    guarded<DefinitionParams, Location[]>('definition', log, [], async (params) => {
      const doc = await crossFileOn(params.textDocument.uri);
      return doc ? definition(index, doc.uri, doc.offsetAt(params.position)) : [];
    }),
  );

  connection.onReferences(
    guarded<ReferenceParams, Location[]>('references', log, [], async (params) => {
      const doc = await crossFileOn(params.textDocument.uri);
      return doc ? references(index, doc.uri, doc.offsetAt(params.position), params.context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename(
    refusing<PrepareRenameParams, Range | null>('prepareRename', null, async (params) => {
      const doc = await crossFileOn(params.textDocument.uri);
      return doc ? prepareRename(index, doc.uri, doc.offsetAt(params.position)) : null;
    }),
  );

  connection.onRenameRequest(
    refusing<RenameParams, WorkspaceEdit | null>('rename', null, async (params) => {
      const doc = await crossFileOn(params.textDocument.uri);
      return doc ? rename(index, doc.uri, doc.offsetAt(params.position), params.newName) : null;
    }),
  );

  connection.onShutdown(() => {
    index.dispose();
    scheduler.dispose();
    service.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
