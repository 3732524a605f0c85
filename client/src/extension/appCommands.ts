// Run Application (a folder in the explorer, or from the Pods view's title), Stop Application (an
// application node) and Open in Browser on a published Service: VS Code arguments turned into the
// flows' targets (flows/appFlows.ts), and the browser opened here.
import * as vscode from 'vscode';
import { runApplication, stopApplication, type AppFolder } from '../flows/appFlows';
import { appName, appObjects, appPods, type PodsNode } from '../podsView/nodes';
import { formatPort, portUrl, servicePublishedPorts } from '../podsView/presentation';
import type { Services } from './services';
import { vscodeWorkbench } from './workbench';

function folderOfUri(uri: vscode.Uri): AppFolder {
  return { path: uri.fsPath, label: vscode.workspace.asRelativePath(uri, false) };
}

/** The folder meant: the explorer's, an application node's, else one asked for (from the view's title). */
async function folderFrom(arg: unknown): Promise<AppFolder | undefined> {
  if (arg instanceof vscode.Uri) return folderOfUri(arg);
  const node = arg as PodsNode | undefined;
  if (node?.kind === 'app' && node.folder) return { path: node.folder, label: vscode.workspace.asRelativePath(vscode.Uri.file(node.folder), false) };
  const [picked] =
    (await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Run Application',
      title: 'The folder of the application’s manifests',
    })) ?? [];
  return picked ? folderOfUri(picked) : undefined;
}

export function registerAppCommands(services: Services): vscode.Disposable[] {
  const w = vscodeWorkbench(services);
  const register = (id: string, fn: (arg: unknown) => unknown) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        services.output.error(`${id}: ${(e as Error).stack ?? String(e)}`);
        void services.prompts.error(`Podwright: ${(e as Error).message}`, 'Show Output').then((c) => c && services.output.show());
        return undefined;
      }
    });
  return [
    register('podwright.app.run', async (arg) => runApplication(w, await folderFrom(arg))),
    register('podwright.app.stop', (arg) => {
      const node = arg as PodsNode | undefined;
      if (node?.kind !== 'app') return false;
      return stopApplication(w, { folder: node.folder, label: appName(node.folder), objects: appObjects(node).length, pods: appPods(node).length });
    }),
    register('podwright.service.openInBrowser', async (arg) => {
      const node = arg as PodsNode | undefined;
      if (node?.kind !== 'object' || node.object.kind !== 'Service') return undefined;
      const ports = servicePublishedPorts(node.object.service);
      const port = ports.length <= 1 ? ports[0] : await services.prompts.pick(ports.map((p) => ({ label: formatPort(p), value: p })), 'Which port?');
      if (!port) {
        if (ports.length === 0) await services.prompts.info(`Service ${node.object.name} is not published on this machine: only NodePort and LoadBalancer Services are.`);
        return undefined;
      }
      const url = portUrl(port);
      await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(url)));
      // What was opened, for whoever asked (a test).
      return url;
    }),
  ];
}
