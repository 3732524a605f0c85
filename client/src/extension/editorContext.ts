// Context keys for the editor title's buttons: does the active editor hold a pod (Run/Stop), is (one
// of) its pods running, and does it hold a workload or other object to apply (Apply)? Recomputed at
// most once per animation-ish interval while typing.
import * as vscode from 'vscode';
import { APPLY_KINDS } from '../podsView/kinds';
import { manifestPods } from './lazy';
import { podInSnapshot } from '../podsView/snapshot';
import type { Services } from './services';

let pending: NodeJS.Timeout | undefined;

export function updateEditorContext(services: Services): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    const document = vscode.window.activeTextEditor?.document;
    const objects = document?.languageId === 'yaml' ? manifestPods().objectsInManifest(document.getText()) : [];
    const pods = objects.filter((o) => o.kind === 'Pod');
    const running = pods.some((p) => podInSnapshot(services.store.snapshot, p.namespace, p.name));
    void vscode.commands.executeCommand('setContext', 'podwright.editorHasPod', pods.length > 0);
    void vscode.commands.executeCommand('setContext', 'podwright.editorPodRunning', running);
    void vscode.commands.executeCommand('setContext', 'podwright.editorHasWorkload', objects.some((o) => APPLY_KINDS.includes(o.kind)));
  }, 150);
}
