// Context keys for the editor title's Run/Stop buttons: does the active editor hold a pod, and is
// (one of) its pods running? Recomputed at most once per animation-ish interval while typing.
import * as vscode from 'vscode';
import { manifestPods } from './lazy';
import { podInSnapshot } from '../podsView/snapshot';
import type { Services } from './services';

let pending: NodeJS.Timeout | undefined;

export function updateEditorContext(services: Services): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    const document = vscode.window.activeTextEditor?.document;
    const pods = document?.languageId === 'yaml' ? manifestPods().podsInManifest(document.getText()) : [];
    const running = pods.some((p) => podInSnapshot(services.store.snapshot, p.namespace, p.name));
    void vscode.commands.executeCommand('setContext', 'podwright.editorHasPod', pods.length > 0);
    void vscode.commands.executeCommand('setContext', 'podwright.editorPodRunning', running);
  }, 150);
}
