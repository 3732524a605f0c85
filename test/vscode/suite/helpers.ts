// Shared by the extension-host tests: the extension's API, fixtures, and waiting on a condition
// (never a fixed sleep).
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';

export const EXTENSION_ID = 'podwright.podwright';

export async function api(): Promise<PodwrightApi> {
  const ext = vscode.extensions.getExtension<PodwrightApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** A file of the workspace the harness opened (a temporary copy of test/vscode/fixtures). */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(document);
  return document;
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Diagnostics of a file once `ready` holds for them. */
export function diagnostics(uri: vscode.Uri, ready: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return until(what, () => {
    const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'podwright');
    return ready(ds) ? ds : undefined;
  });
}

export function rangeOf(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

export const basename = (u: vscode.Uri) => path.basename(u.path);

/** A line for the harness's output (measurements): the extension host's console is not visible there. */
export function note(line: string): void {
  const report = process.env.PODWRIGHT_VSCODE_REPORT;
  if (report) appendFileSync(report, `  note: ${line}\n`);
  console.log(line);
}

/**
 * A picture of the window in test-results/NAME (the harness takes it from the browser, which the
 * extension host cannot reach). Without the harness (desktop runs) nothing is taken.
 */
export async function screenshot(name: string): Promise<void> {
  const report = process.env.PODWRIGHT_VSCODE_REPORT;
  if (!report || process.env.PODWRIGHT_VSCODE_SCREENSHOTS !== '1') return;
  const request = `${report}.screenshot`;
  writeFileSync(request, name);
  await until(`the screenshot ${name}`, () => !existsSync(request), 30_000);
}
