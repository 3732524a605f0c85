// Entry of the language server process. Transport from the command line, as every LSP client
// expects: `--stdio` (Neovim, Helix, Emacs), `--node-ipc` (VS Code), `--socket=N`, `--pipe=NAME`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  // The server must outlive any bug: an exception escaping a callback is logged, not fatal.
  process.on('uncaughtException', (e) => connection.console.error(`podwright: uncaught ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`podwright: unhandled rejection ${String(e)}`));
  startServer(connection);
}

if (require.main === module) main();
