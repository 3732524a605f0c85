// Entry of the language server process. Transport from the command line, as every LSP client
// expects: `--stdio` (Neovim, Helix, Emacs), `--node-ipc` (VS Code), `--socket=N`, `--pipe=NAME`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Distinct process warnings forwarded to the client's log; the rest are dropped. */
const MAX_WARNINGS = 20;

export function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  // The server must outlive any bug: an exception escaping a callback is logged, not fatal.
  process.on('uncaughtException', (e) => connection.console.error(`podwright: uncaught ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`podwright: unhandled rejection ${String(e)}`));
  // Library warnings (the YAML parser warns about odd keys while someone types) would otherwise
  // be printed on stderr at every keystroke: a few distinct ones go to the log instead.
  const seen = new Set<string>();
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    const key = w.message.slice(0, 80);
    if (seen.size >= MAX_WARNINGS || seen.has(key)) return;
    seen.add(key);
    connection.console.warn(`podwright: ${w.name}: ${w.message}`);
  });
  startServer(connection);
}

if (require.main === module) main();
