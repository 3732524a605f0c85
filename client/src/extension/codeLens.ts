// `▶ Run pod` / `■ Stop`, the live status and `Timeline` above every pod document of a YAML file.
import * as vscode from 'vscode';
import { manifestPods } from './lazy';
import type { PodsStore } from '../podsView/store';
import { podInSnapshot } from '../podsView/snapshot';

/** What a CodeLens passes to the Run/Stop commands: the file and which of its documents. */
export interface PodTarget {
  uri: vscode.Uri;
  document: number;
}

export function isPodTarget(v: unknown): v is PodTarget {
  return typeof v === 'object' && v !== null && (v as PodTarget).uri instanceof vscode.Uri && typeof (v as PodTarget).document === 'number';
}

export class PodCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: PodsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const pod of manifestPods().podsInManifest(document.getText())) {
      const at = document.positionAt(pod.anchor);
      const range = new vscode.Range(at, at);
      const target: PodTarget = { uri: document.uri, document: pod.document };
      const running = podInSnapshot(this.store.snapshot, pod.namespace, pod.name);
      if (running) {
        lenses.push(new vscode.CodeLens(range, { title: '■ Stop', command: 'podwright.pod.stop', arguments: [target], tooltip: `Stop pod ${pod.name}` }));
        lenses.push(
          new vscode.CodeLens(range, {
            title: `${running.status} · ${running.ready}${running.restarts ? ` · ${running.restarts} restarts` : ''}`,
            command: 'podwright.pod.logs',
            arguments: [target],
            tooltip: `Pod ${pod.name} on the local engine: show its logs`,
          }),
        );
        lenses.push(new vscode.CodeLens(range, { title: 'Timeline', command: 'podwright.pod.timeline', arguments: [target], tooltip: `Show the timeline of pod ${pod.name}` }));
      } else {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '▶ Run pod',
            command: 'podwright.pod.run',
            arguments: [target],
            tooltip: `Run ${pod.kind === 'Pod' ? 'pod' : `the pod of ${pod.kind}`} ${pod.name} on the local Docker engine`,
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
