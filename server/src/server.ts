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
import { AnalysisStore } from './analysisStore';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { completions } from './completion';
import { hover } from './hover';
import { guarded, guardedNotification } from './safe';
import { DiagnosticsScheduler } from './scheduler';
import { SettingsStore } from './settingsStore';
import { documentSymbols } from './symbols';

export const SERVER_NAME = 'podwright-language-server';

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const analyses = new AnalysisStore();
  let settings = new SettingsStore(connection, false);
  let scheduler = new DiagnosticsScheduler(connection, documents, analyses, settings, log);
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
    scheduler = new DiagnosticsScheduler(connection, documents, analyses, settings, log);
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

  const analysisOf = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const s = await settings.get(uri);
    const current = documents.get(uri);
    if (!current) return undefined;
    return { doc: current, settings: s, analysis: analyses.get(current, s) };
  };

  connection.onHover(
    guarded<HoverParams, Hover | null>('hover', log, null, async (params) => {
      const a = await analysisOf(params.textDocument.uri);
      const problems = a?.analysis.problems;
      if (!a || !problems) return null;
      return hover(a.doc, analyses.parse(a.doc), problems, a.doc.offsetAt(params.position), a.settings);
    }),
  );

  connection.onCompletion(
    guarded<CompletionParams, CompletionItem[]>('completion', log, [], async (params) => {
      const a = await analysisOf(params.textDocument.uri);
      if (!a || a.analysis.enabled === 'no' || !a.analysis.size.ok) return [];
      return completions(a.doc, a.doc.offsetAt(params.position), a.settings.kubernetesVersion);
    }),
  );

  connection.onCodeAction(
    guarded<CodeActionParams, CodeAction[]>('codeAction', log, [], async (params) => {
      const a = await analysisOf(params.textDocument.uri);
      const problems = a?.analysis.problems;
      if (!a || !problems) return [];
      return codeActions(a.doc, problems, params, { versioned: versionedEdits });
    }),
  );

  connection.onDocumentSymbol(
    guarded<DocumentSymbolParams, DocumentSymbol[]>('documentSymbol', log, [], async (params) => {
      const a = await analysisOf(params.textDocument.uri);
      if (!a?.analysis.problems) return [];
      return documentSymbols(a.doc, analyses.parse(a.doc));
    }),
  );

  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
