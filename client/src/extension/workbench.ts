// The Workbench of the pod flows, over the VS Code API: dialogs, progress, trust, the Problems panel.
import * as vscode from 'vscode';
import type { OffsetRange } from '../../../analysis/src';
import type { ManifestText, Progress, Workbench } from '../flows/workbench';
import { manifestPods } from './lazy';
import type { Services } from './services';

/** A manifest from an open document, as the flows read it. */
export function manifestOf(document: vscode.TextDocument, pointed: { document?: number; offset?: number } = {}): ManifestText {
  return { path: document.uri.fsPath, label: vscode.workspace.asRelativePath(document.uri), text: document.getText(), ...pointed };
}

export function vscodeWorkbench(services: Services): Workbench {
  return {
    get prompts() {
      // Read on each use: the extension-host tests swap `services.prompts` to answer the questions.
      return services.prompts;
    },
    get manifests() {
      return manifestPods();
    },
    bridge: () => services.bridge(),
    isTrusted: () => vscode.workspace.isTrusted,
    ensureStarted: () => services.ensureStarted(),
    enginePods: () => {
      const s = services.store.snapshot;
      return s.kind === 'up' ? s.pods : undefined;
    },
    engineObjects: () => {
      const s = services.store.snapshot;
      return s.kind === 'up' ? { objects: s.objects ?? [], claims: s.claims ?? [] } : undefined;
    },
    refresh: () => void services.store.refresh(),
    errorsIn: (manifest: ManifestText, range: OffsetRange) => {
      const uri = vscode.Uri.file(manifest.path);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === manifest.path);
      if (!document) return [];
      const r = new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
      return vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'podwright' && r.contains(d.range.start));
    },
    withProgress: <T>(title: string, work: (progress: Progress, signal: AbortSignal) => Promise<T>) =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          try {
            return await work({ report: (message) => progress.report({ message }) }, abort.signal);
          } finally {
            sub.dispose();
          }
        }),
      ),
    readManifest: async (path: string) => {
      try {
        return manifestOf(await vscode.workspace.openTextDocument(vscode.Uri.file(path)));
      } catch (e) {
        services.output.warn(`cannot open ${path}: ${(e as Error).message}`);
        return undefined;
      }
    },
    showProblems: () => void vscode.commands.executeCommand('workbench.actions.view.problems'),
    showOutput: () => services.output.show(),
    manageTrust: () => void vscode.commands.executeCommand('workbench.trust.manage'),
    log: { info: (m) => services.output.info(m), error: (m) => services.output.error(m) },
  };
}
