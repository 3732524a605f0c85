// The contributed snippets expand in a YAML editor, and the whole-manifest ones expand to manifests
// the analysis finds no error in.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until } from './helpers';

async function expand(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name });
  await until(`the ${name} snippet`, () => document.getText().length > 0);
  return document;
}

suite('snippets', () => {
  suiteSetup(async () => {
    await (await api()).serverReady();
  });

  for (const [name, expect] of [
    ['Pod', /^kind: Pod$/m],
    ['Multi-container Pod with a shared volume', /emptyDir: \{\}/],
    ['Job with a native sidecar', /restartPolicy: Always/],
  ] as const) {
    test(`${name}: a manifest without errors`, async () => {
      const document = await expand(name);
      assert.match(document.getText(), expect);
      // A pod document is analysed: wait for its first diagnostics (practice hints at least), then
      // check that none is an error.
      const ds = await until('its analysis', () => {
        const d = vscode.languages.getDiagnostics(document.uri);
        return d.length > 0 ? d : undefined;
      });
      assert.deepEqual(
        ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message),
        [],
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }

  for (const [name, expect] of [
    ['Init container', /^initContainers:\n {2}- name: wait-for-db$/m],
    ['Native sidecar', /^ {4}restartPolicy: Always$/m],
    ['Probes', /^readinessProbe:$/m],
  ] as const) {
    test(`${name}: expands`, async () => {
      const document = await expand(name);
      assert.match(document.getText(), expect);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }
});
