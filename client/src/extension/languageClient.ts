// Starts the Podwright language server (dist/server.js, the same code `podwright-language-server
// --stdio` runs) as a Node process over IPC, and keeps it running: a crash restarts it, but at most
// MAX_RESTARTS times in RESTART_WINDOW_MS, so a server that dies on start-up does not loop forever.
// Bundled on its own (dist/client.js) and loaded just after activation: vscode-languageclient is
// most of the extension's code, and activation should not wait for it to load.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
} from 'vscode-languageclient/node';
import { SECTION } from './config';
import { renderedRuleLinks } from './ruleLinks';

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Restarts within the window, oldest first; shared with the tests through the extension's API. */
export class RestartBudget {
  private readonly times: number[] = [];
  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}
  /** Records a crash; true when one more restart is allowed. */
  take(now = Date.now()): boolean {
    while (this.times.length && now - this.times[0] > this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
  reset(): void {
    this.times.length = 0;
  }
}

class BoundedRestarts implements ErrorHandler {
  constructor(
    private readonly budget: RestartBudget,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  error(error: Error): ErrorHandlerResult {
    // A dead server fails every pending write before its connection closes; shutting down here would
    // stop the client and skip the restart that closed() decides (and bounds).
    this.output.warn(`Language server connection error: ${error.message}`);
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    if (this.budget.take()) {
      this.output.warn('The language server stopped unexpectedly; restarting it.');
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `The Podwright language server stopped ${MAX_RESTARTS + 1} times in ${RESTART_WINDOW_MS / 60000} minutes and will not be restarted.`;
    this.output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output', 'Restart').then((choice) => {
      if (choice === 'Show Output') this.output.show();
      if (choice === 'Restart') void vscode.commands.executeCommand('podwright.server.restart');
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, budget: RestartBudget): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-remote', language: 'yaml' },
    ],
    // The server pulls `podwright.*` per document (workspace/configuration) and is told of changes.
    synchronize: { configurationSection: SECTION },
    initializationOptions: () => vscode.workspace.getConfiguration().get(SECTION),
    outputChannel: output,
    errorHandler: new BoundedRestarts(budget, output),
    diagnosticCollectionName: 'podwright',
    middleware: {
      // Rule links open the page rendered, not the installed markdown file in an editor.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, renderedRuleLinks(diagnostics, context.extensionUri)),
    },
  };
  return new LanguageClient('podwright', 'Podwright Language Server', serverOptions, clientOptions);
}
