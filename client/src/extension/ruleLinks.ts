// A problem's rule link, shown rendered. The language server links each problem to its rule's page:
// a file of the installed package, which VS Code would open as editable markdown in an editor. The
// client turns such a link into a command that opens the page in the Markdown preview instead;
// a configured podwright.docs.baseUrl (a web site) is left as it is.
import * as vscode from 'vscode';

export const OPEN_RULE = 'podwright.rule.open';

/** The rule id of a link to a page under docs/rules/ of the installed package, else undefined. */
export function installedRulePage(target: vscode.Uri, extensionUri: vscode.Uri): string | undefined {
  if (target.scheme !== 'file') return undefined;
  const prefix = vscode.Uri.joinPath(extensionUri, 'docs', 'rules').path + '/';
  const m = /^([a-z0-9-]+)\.md$/.exec(target.path.startsWith(prefix) ? target.path.slice(prefix.length) : '');
  return m?.[1];
}

export function ruleCommandUri(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_RULE}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/** The same diagnostics, their installed-page links pointing at the rendered page. */
export function renderedRuleLinks(diagnostics: vscode.Diagnostic[], extensionUri: vscode.Uri): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    const code = d.code;
    if (typeof code !== 'object' || !code) continue;
    const rule = installedRulePage(code.target, extensionUri);
    if (rule) d.code = { value: code.value, target: ruleCommandUri(rule) };
  }
  return diagnostics;
}

/** Opens a rule's page rendered, beside the editor. */
export async function openRulePage(extensionUri: vscode.Uri, rule: unknown): Promise<void> {
  if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) return;
  await vscode.commands.executeCommand('markdown.showPreviewToSide', vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`));
}
