// The status bar item: running local pods; the warning background when one is crash-looping.
import * as vscode from 'vscode';
import type { PodsStore } from '../podsView/store';
import { statusBarView } from '../podsView/statusBar';

export function createStatusBar(store: PodsStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('podwright.pods', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Podwright Pods';
  item.command = 'podwright.pods.focus';
  const update = () => {
    const view = statusBarView(store.snapshot);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (view.hidden) item.hide();
    else item.show();
  };
  update();
  const sub = store.onDidChange(update);
  return { dispose: () => (sub.dispose(), item.dispose()) };
}
