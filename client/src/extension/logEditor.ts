// Logs in an editor tab: read-only `podwright-logs:` documents (flows/logDocument.ts holds the
// addresses, the bound and the throttle). A document follows its pod while a tab shows it; closing
// the tab aborts the stream.
import * as vscode from 'vscode';
import { LOG_SCHEME, logChoices, LogFollower, logPath, parseLogPath, type LogTarget } from '../flows/logDocument';
import { runningPod } from '../flows/podFlows';
import type { PodsNode } from '../podsView/nodes';
import type { Services } from './services';
import { vscodeWorkbench } from './workbench';

export function logUri(target: LogTarget): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: logPath(target) });
}

export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly followers = new Map<string, LogFollower>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Services) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this),
      // A tab closed: stop following once no tab shows that log. VS Code closes the document itself
      // only minutes later, so waiting for onDidCloseTextDocument would keep the stream open.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          if (uri?.scheme === LOG_SCHEME && !this.shown(uri)) this.stop(uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === LOG_SCHEME && this.stop(d.uri)),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const existing = this.followers.get(uri.toString());
    if (existing) return existing.text.text();
    const target = parseLogPath(uri.path);
    if (!target) return `[not a Podwright log address: ${uri.toString()}]\n`;
    const pod = { namespace: target.namespace, name: target.pod };
    const follower = new LogFollower(
      target,
      async (onLine, signal) => {
        await this.services.ensureStarted();
        await this.services.bridge().logs(pod, target.container, onLine, signal, { previous: target.previous });
      },
      () => this.changed.fire(uri),
    );
    this.followers.set(uri.toString(), follower);
    return follower.text.text();
  }

  /** Opens (or shows again) a log's tab; a log whose follower stopped is read anew. */
  async open(target: LogTarget): Promise<vscode.TextEditor> {
    const uri = logUri(target);
    const key = uri.toString();
    const document = await vscode.workspace.openTextDocument(uri);
    // A document VS Code still holds from a closed tab keeps its old text: make it ask again.
    if (!this.followers.has(key)) this.changed.fire(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // A change signalled before VS Code had the document's model is dropped (a previous run is
    // read whole at once, often before that): ask once more now that the tab shows it.
    this.changed.fire(uri);
    return editor;
  }

  /** How many logs are being followed now (the tests check that closing a tab ends its stream). */
  following(): number {
    return [...this.followers.values()].filter((f) => f.following).length;
  }

  private shown(uri: vscode.Uri): boolean {
    return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));
  }

  private stop(uri: vscode.Uri): void {
    const key = uri.toString();
    this.followers.get(key)?.dispose();
    this.followers.delete(key);
  }

  dispose(): void {
    for (const f of this.followers.values()) f.dispose();
    this.followers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** Opens the log of a target given as plain data (the runtime diagnostics' action, tests). */
export const OPEN_LOG_IN_EDITOR = 'podwright.logs.openTarget';

function isLogTarget(v: unknown): v is LogTarget {
  const t = v as LogTarget | undefined;
  return typeof t?.namespace === 'string' && typeof t.pod === 'string';
}

/**
 * The log editor and its commands: the Pods view's pod ("every container") and container menus
 * ("this container", "its previous run"), and the palette (a pod, then which log).
 */
export function registerLogEditor(services: Services): { documents: LogDocuments; disposables: vscode.Disposable[] } {
  const documents = new LogDocuments(services);
  const w = vscodeWorkbench(services);
  const node = (arg: unknown) => {
    const n = arg as PodsNode | undefined;
    return n?.kind === 'pod' || n?.kind === 'container' ? n : undefined;
  };
  // As commands.ts does: a failure becomes a message, its stack goes to the output channel.
  const register = (id: string, fn: (arg: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        services.output.error(`${id}: ${(e as Error).stack ?? String(e)}`);
        void services.prompts.error(`Podwright: ${(e as Error).message}`);
        return undefined;
      }
    });
  const open = (t: LogTarget) => documents.open(t);
  return {
    documents,
    disposables: [
      documents,
      register('podwright.pod.logsInEditor', async (arg) => {
        const n = node(arg);
        if (n) return open({ namespace: n.pod.namespace, pod: n.pod.name });
        const pod = await runningPod(w, {}, 'see the logs of');
        if (!pod) return undefined;
        const choices = logChoices(pod);
        const target = choices.length === 2 ? choices[1].value : await services.prompts.pick(choices, `Which log of pod ${pod.name}?`);
        return target && open(target);
      }),
      register('podwright.container.logsInEditor', async (arg) => {
        const n = node(arg);
        if (n?.kind === 'container') return open({ namespace: n.pod.namespace, pod: n.pod.name, container: n.container.name });
        return undefined;
      }),
      register('podwright.container.previousLogsInEditor', async (arg) => {
        const n = node(arg);
        if (n?.kind === 'container') return open({ namespace: n.pod.namespace, pod: n.pod.name, container: n.container.name, previous: true });
        return undefined;
      }),
      register(OPEN_LOG_IN_EDITOR, async (arg) => (isLogTarget(arg) ? open(arg) : undefined)),
    ],
  };
}
