// The extension's settings, read in one place. The language server reads its own (`podwright.*`)
// through the language client; these are the ones the extension itself uses.
import * as vscode from 'vscode';
import type { EngineOptions } from '../flows/runtimeApi';

export const SECTION = 'podwright';

export function engineOptions(): EngineOptions {
  const c = vscode.workspace.getConfiguration(SECTION);
  const host = c.get<string>('docker.host', '').trim();
  const address = c.get<string>('ports.publishAddress', '127.0.0.1').trim();
  return { dockerHost: host || undefined, publishAddress: address || '127.0.0.1' };
}

/** True when a configuration change touches what the engine connection depends on. */
export function affectsEngine(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.docker.host`) || e.affectsConfiguration(`${SECTION}.ports.publishAddress`);
}
