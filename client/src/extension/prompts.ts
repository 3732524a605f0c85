// Every question the extension asks a person, behind one interface, so the extension-host tests can
// answer them (a modal dialog cannot be clicked from a test) and check that they were asked.
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  value: T;
}

export interface Prompts {
  /** A modal warning with actions; resolves to the chosen action or undefined (cancelled). */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** A non-modal error with actions. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined>;
}

export const windowPrompts: Prompts = {
  confirm: (message, detail, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions)),
  error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  pick: async (items, placeHolder) => (await vscode.window.showQuickPick(items, { placeHolder }))?.value,
};
