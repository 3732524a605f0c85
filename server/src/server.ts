// Wiring only: which LSP request goes to which function. The logic lives in the files it imports.
import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  CompletionParams,
  Connection,
  DocumentSymbol,
  DocumentSymbolParams,
  Hover,
  HoverParams,
  InitializeResult,
} from 'vscode-languageserver';
import { CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { packageInfo } from '../../analysis/src';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { DocumentService, HOVER_WAITS_MS, REQUEST_BUDGET_MS } from './documentService';
import { guarded, guardedNotification } from './safe';
import { DiagnosticsScheduler } from './scheduler';
import { SettingsStore } from './settingsStore';

export const SERVER_NAME = 'podwright-language-server';

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  // Parsing and analysis happen in worker threads; this thread only reads and answers the protocol.
  const service = new DocumentService(log);
  let settings = new SettingsStore(connection, false);
  let scheduler = new DiagnosticsScheduler(connection, documents, service, settings, log);
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
    scheduler = new DiagnosticsScheduler(connection, documents, service, settings, log);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':', '-'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        documentSymbolProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    if (registerConfiguration) {
      // With the pull model, VS Code sends didChangeConfiguration only to servers that register.
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'podwright' })
        .catch((e: Error) => log(`podwright: the client refused to send configuration changes (${e.message}); settings are read when documents open`));
    }
  });

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

  connection.onShutdown(() => {
    scheduler.dispose();
    service.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
