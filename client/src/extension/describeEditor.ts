// Describe in an editor tab: read-only `podwright-describe:` documents with what `kubectl describe`
// prints for a pod, a workload or a Service (the runtime's text, the same as `podwright describe`).
// A snapshot, as kubectl's is: Describe again (or Refresh in the tab's title) reads it anew.
import * as vscode from 'vscode';
import { runningPod } from '../flows/podFlows';
import { DESCRIBED_KINDS, type ObjectRef } from '../flows/runtimeApi';
import type { PodsNode } from '../podsView/nodes';
import type { Services } from './services';
import { vscodeWorkbench } from './workbench';

export const DESCRIBE_SCHEME = 'podwright-describe';


/** `podwright-describe:/NAMESPACE/KIND/NAME`, the kind as kubectl writes it (`pod`, `deployment` …). */
export function describeUri(ref: ObjectRef): vscode.Uri {
  return vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${ref.namespace}/${ref.kind.toLowerCase()}/${ref.name}` });
}

function refOf(uri: vscode.Uri): ObjectRef | undefined {
  const [, namespace, kind, name] = uri.path.split('/');
  const known = ['Pod', ...DESCRIBED_KINDS].find((k) => k.toLowerCase() === kind);
  return known && namespace && name ? { kind: known, namespace, name } : undefined;
}

/** What a Pods view node describes: its pod, or its object when the runtime describes that kind. */
export function describeTarget(arg: unknown): ObjectRef | undefined {
  const n = arg as PodsNode | undefined;
  if (n?.kind === 'pod' || n?.kind === 'container') return { kind: 'Pod', namespace: n.pod.namespace, name: n.pod.name };
  if (n?.kind === 'object' && !n.gone && DESCRIBED_KINDS.includes(n.object.kind)) return { kind: n.object.kind, namespace: n.object.namespace, name: n.object.name };
  return undefined;
}

class DescribeDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = refOf(uri);
    if (!ref) return `[not a Podwright describe address: ${uri.toString()}]\n`;
    try {
      await this.services.ensureStarted();
      return await this.services.bridge().describe(ref);
    } catch (e) {
      // Said in the tab, which stays open: the object may come back, and Describe again reads it.
      return `${(e as Error).message}\n`;
    }
  }

  /** Opens the object's tab, read anew when it is open already. */
  async open(ref: ObjectRef): Promise<vscode.TextEditor> {
    const uri = describeUri(ref);
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    const document = await vscode.workspace.openTextDocument(uri);
    if (open) this.changed.fire(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The Describe command: a Pods view node, else a running pod picked from the palette. */
export function registerDescribeEditor(services: Services): vscode.Disposable[] {
  const documents = new DescribeDocuments(services);
  const w = vscodeWorkbench(services);
  return [
    documents,
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, documents),
    vscode.commands.registerCommand('podwright.describe', async (arg: unknown) => {
      try {
        let ref = describeTarget(arg);
        if (!ref) {
          const pod = await runningPod(w, {}, 'describe');
          if (pod) ref = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
        }
        return ref && (await documents.open(ref));
      } catch (e) {
        // As commands.ts does: a failure becomes a message, its stack goes to the output channel.
        services.output.error(`podwright.describe: ${(e as Error).stack ?? String(e)}`);
        void services.prompts.error(`Podwright: ${(e as Error).message}`);
        return undefined;
      }
    }),
  ];
}
