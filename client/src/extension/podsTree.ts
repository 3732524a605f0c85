// Glue between the Pods view's plain model (client/src/podsView) and VS Code's tree API.
import * as vscode from 'vscode';
import { childrenOf, PodsNode, rootNodes } from '../podsView/nodes';
import { present } from '../podsView/presentation';
import type { PodsStore } from '../podsView/store';

export class PodsTreeProvider implements vscode.TreeDataProvider<PodsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PodsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: PodsStore) {
    this.subscription = store.onDidChangeView(() => this.changed.fire(undefined));
  }

  getTreeItem(node: PodsNode): vscode.TreeItem {
    const view = present(node, Date.now());
    const item = new vscode.TreeItem(
      view.label,
      view.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = view.id;
    item.description = view.description;
    if (view.tooltip) item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
    item.contextValue = view.contextValue;
    if (node.kind === 'container') {
      item.command = { command: 'podwright.container.logs', title: 'Show Container Logs', arguments: [node] };
    } else if (node.kind === 'message' && node.message === 'engineDown') {
      item.command = { command: 'podwright.pods.refresh', title: 'Retry' };
    }
    return item;
  }

  getChildren(node?: PodsNode): PodsNode[] {
    return node ? childrenOf(node) : rootNodes(this.store.snapshot);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
