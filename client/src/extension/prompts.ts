// The dialogs behind the Prompts interface (flows/workbench.ts). The extension-host tests swap in
// their own answers, since a modal dialog cannot be clicked from a test.
import * as vscode from 'vscode';
import type { Prompts } from '../flows/workbench';

export type { PickItem, Prompts } from '../flows/workbench';

export const windowPrompts: Prompts = {
  confirm: (message, detail, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions)),
  error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  pick: async (items, placeHolder) => (await vscode.window.showQuickPick(items, { placeHolder }))?.value,
  input: (prompt, value, validate) => Promise.resolve(vscode.window.showInputBox({ prompt, value, validateInput: validate })),
};
