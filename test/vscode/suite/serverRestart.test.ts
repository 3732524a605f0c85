// The language server is its own process: when it dies, the client starts it again and the
// diagnostics come back.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { api, codeOf, diagnostics, open, until } from './helpers';

/** The language server processes this extension host started (its children running dist/server.js). */
function serverPids(): number[] {
  const r = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'dist/server.js'], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(Number);
}

suite('language server restart', () => {
  test('a killed server is started again and diagnostics come back', async function () {
    this.timeout(60_000);
    await (await api()).serverReady();
    const [pid] = await until('the server process', () => (serverPids().length === 1 ? serverPids() : undefined));
    process.kill(pid, 'SIGKILL');
    const [next] = await until('a new server process', () => {
      const p = serverPids();
      return p.length === 1 && p[0] !== pid ? p : undefined;
    });
    assert.notEqual(next, pid);
    // A document opened now is analysed by the new process.
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: (await vscode.workspace.fs.readFile((await open('port-conflict.yaml')).uri)).toString().replace(/containerPort: 8081/g, 'containerPort: 8080') });
    const ds = await diagnostics(document.uri, (x) => x.some((d) => codeOf(d) === 'port-conflict'), 'diagnostics from the restarted server');
    assert.equal(ds.filter((d) => codeOf(d) === 'port-conflict').length, 1);
  });

  test('restarts are bounded: after the fifth crash in three minutes it stays down until Restart Language Server', async function () {
    this.timeout(120_000);
    const a = await api();
    // Restart Language Server resets the budget, so this test counts from zero whatever ran before.
    await vscode.commands.executeCommand('podwright.server.restart');
    for (let crash = 1; crash <= 5; crash++) {
      // Killed only once it runs (State.Running is 2), so each crash is one of a running server.
      const [pid] = await until('the server running', () => (serverPids().length === 1 && a.client()?.state === 2 ? serverPids() : undefined));
      process.kill(pid, 'SIGKILL');
      if (crash < 5) await until(`restart after crash ${crash}`, () => serverPids().length === 1 && serverPids()[0] !== pid);
    }
    // State 1 is Stopped in vscode-languageclient: the client gave up, as the bound says.
    await until('the client to give up', () => a.client()?.state === 1);
    assert.deepEqual(serverPids(), []);
    await vscode.commands.executeCommand('podwright.server.restart');
    await until('the server after Restart Language Server', () => serverPids().length === 1 && a.client()?.state === 2);
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - {name: a, image: busybox:1.36}\n    - {name: a, image: busybox:1.36}\n' });
    await diagnostics(document.uri, (x) => x.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'diagnostics again');
  });
});
