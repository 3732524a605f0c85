// Activation: wires the language client, the Pods view, the CodeLens, the status bar and the
// commands. Nothing here waits for the server or the engine, so activation stays short; the runtime
// (dockerode) is loaded only when the Pods view is shown, a command needs it, or a moment after start
// for the status bar.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PodCodeLensProvider } from './codeLens';
import { registerAppCommands } from './appCommands';
import { registerCommands } from './commands';
import { affectsEngine } from './config';
import { updateEditorContext } from './editorContext';
import type * as LanguageClientModule from './languageClient';
import { registerDescribeEditor } from './describeEditor';
import { registerLogEditor, type LogDocuments } from './logEditor';
import { PodsTreeProvider } from './podsTree';
import { OPEN_RULE, openRulePage } from './ruleLinks';
import { RuntimeDiagnostics } from './runtimeDiagnostics';
import { Services } from './services';
import { createStatusBar } from './statusBar';

/** Delay before the status bar connects to the engine when nothing else asked for it sooner. */
const ENGINE_CONNECT_DELAY_MS = 1500;

/** What `activate` returns: used by the extension-host tests, stable enough for other extensions. */
export interface PodwrightApi {
  /** Time spent in `activate`, in milliseconds. */
  activateMs: number;
  /** performance.now() when the bundle began evaluating, and when activate() began and ended. */
  timing: { moduleStart?: number; moduleEnd: number; activateStart: number; activateEnd: number };
  services: Services;
  /** What pods started from manifests did, as diagnostics on them. */
  runtimeDiagnostics: RuntimeDiagnostics;
  /** The `podwright-logs:` documents (the tests check that a closed tab stops its stream). */
  logDocuments: LogDocuments;
  client: () => LanguageClient | undefined;
  /** Resolves once the language server answered `initialize`. */
  serverReady: () => Promise<void>;
  /** How long loading dist/client.js (vscode-languageclient) took, once it has loaded. */
  clientLoadMs: () => number | undefined;
}

const moduleEnd = performance.now();
let client: LanguageClient | undefined;
let clientStart: Promise<void> | undefined;
let clientLoadMs: number | undefined;

/** dist/client.js sits next to this bundle; required by path so esbuild keeps it a separate file. */
function loadClientModule(): typeof LanguageClientModule {
  return require(path.join(__dirname, 'client.js')) as typeof LanguageClientModule;
}

/** Loads the language client and starts the server, right after activation has returned. */
function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<{ budget: LanguageClientModule.RestartBudget } | undefined> {
  return new Promise((resolve) => setImmediate(resolve)).then(async () => {
    try {
      const t0 = performance.now();
      const mod = loadClientModule();
      clientLoadMs = performance.now() - t0;
      const budget = new mod.RestartBudget();
      client = mod.createLanguageClient(context, output, budget);
      await client.start();
      return { budget };
    } catch (e) {
      output.error(`The language server did not start: ${(e as Error).message}`);
      const choice = await vscode.window.showErrorMessage(`Podwright: the language server did not start (${(e as Error).message}).`, 'Show Output');
      if (choice) output.show();
      return undefined;
    }
  });
}

export function activate(context: vscode.ExtensionContext): PodwrightApi {
  const t0 = performance.now();
  const output = vscode.window.createOutputChannel('Podwright', { log: true });
  const services = new Services(output);
  context.subscriptions.push(output, services);
  const started = startClient(context, output);
  clientStart = started.then(() => undefined);

  const tree = new PodsTreeProvider(services.store);
  const view = vscode.window.createTreeView('podwright.pods', { treeDataProvider: tree, showCollapseAll: true });
  const onVisible = (visible: boolean) => {
    services.store.setVisible(visible);
    if (visible) void services.ensureStarted();
  };
  onVisible(view.visible);
  const codeLens = new PodCodeLensProvider(services.store);
  const runtimeDiagnostics = new RuntimeDiagnostics(services);
  const logEditor = registerLogEditor(services);
  const connectTimer = setTimeout(() => void services.ensureStarted(), ENGINE_CONNECT_DELAY_MS);

  context.subscriptions.push(
    tree,
    view,
    view.onDidChangeVisibility((e) => onVisible(e.visible)),
    codeLens,
    runtimeDiagnostics,
    vscode.languages.registerCodeLensProvider([{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'vscode-remote' }], codeLens),
    createStatusBar(services.store),
    ...registerCommands(services),
    ...logEditor.disposables,
    ...registerDescribeEditor(services),
    ...registerAppCommands(services),
    vscode.commands.registerCommand('podwright.server.restart', async () => {
      const handle = await started;
      handle?.budget.reset();
      await client?.restart();
    }),
    vscode.commands.registerCommand('podwright.server.showOutput', () => output.show()),
    vscode.commands.registerCommand(OPEN_RULE, (rule: unknown) => openRulePage(context.extensionUri, rule)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsEngine(e)) void services.resetEngine();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => updateEditorContext(services)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) updateEditorContext(services);
    }),
    services.store.onDidChange(() => updateEditorContext(services)),
    { dispose: () => clearTimeout(connectTimer) },
  );
  updateEditorContext(services);

  const activateEnd = performance.now();
  const activateMs = activateEnd - t0;
  output.info(`Activated in ${activateMs.toFixed(1)} ms`);
  const moduleStart = (globalThis as { __podwrightLoadStart?: number }).__podwrightLoadStart;
  return {
    activateMs,
    timing: { moduleStart, moduleEnd, activateStart: t0, activateEnd },
    services,
    runtimeDiagnostics,
    logDocuments: logEditor.documents,
    client: () => client,
    serverReady: () => clientStart ?? Promise.resolve(),
    clientLoadMs: () => clientLoadMs,
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  // VS Code is shutting the extension down: a server that does not stop cleanly is killed with it.
  if (c) await c.stop().catch(() => undefined);
}
