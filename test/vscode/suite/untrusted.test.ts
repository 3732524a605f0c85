// Restricted Mode: the workspace is not trusted. Analysis works; running pods does not, and the
// settings that point the extension at an engine or an address are ignored when a workspace sets them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Answers } from './answers';
import { api, codeOf, diagnostics, fixture, open } from './helpers';

suite('untrusted workspace', () => {
  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('diagnostics still work', async () => {
    const a = await api();
    await a.serverReady();
    const document = await open('port-conflict.yaml');
    const ds = await diagnostics(document.uri, (x) => x.some((d) => codeOf(d) === 'port-conflict'), 'the port conflict');
    assert.equal(ds.filter((d) => codeOf(d) === 'port-conflict').length, 1);
  });

  test('Run Pod is refused with a way to trust the workspace, and nothing starts', async () => {
    const a = await api();
    const answers = new Answers();
    a.services.prompts = answers;
    await open('two-pods.yaml');
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: (await open('two-pods.yaml')).uri, document: 0 });
    assert.equal(ok, false);
    assert.deepEqual(answers.asked, [
      { kind: 'error', message: 'Running pods needs a trusted workspace: the manifest decides what runs on your machine.', actions: ['Manage Workspace Trust'] },
    ]);
    await a.services.ensureStarted();
    const s = a.services.store.snapshot;
    assert.ok(s.kind === 'up' && !s.pods.some((p) => p.name === 'suite-first'), 'no suite-first pod on the engine');
  });

  test('Apply is refused the same way, and nothing is applied', async () => {
    const a = await api();
    const answers = new Answers();
    a.services.prompts = answers;
    const ok = await vscode.commands.executeCommand<boolean>('podwright.workload.apply', { uri: (await open('workloads.yaml')).uri, document: 1 });
    assert.equal(ok, false);
    assert.deepEqual(answers.asked, [
      { kind: 'error', message: 'Applying workloads needs a trusted workspace: the manifest decides what runs on your machine.', actions: ['Manage Workspace Trust'] },
    ]);
    await a.services.ensureStarted();
    await a.services.store.refresh();
    const s = a.services.store.snapshot;
    assert.ok(s.kind === 'up' && !(s.objects ?? []).some((o) => o.name === 'suite-web'), 'no suite-web Deployment applied');
  });

  test('Run Application is refused the same way, before its folder is read', async () => {
    const a = await api();
    const answers = new Answers();
    a.services.prompts = answers;
    // The workspace folder itself: its manifests (workloads.yaml …) would otherwise be applied.
    const outcome = await vscode.commands.executeCommand('podwright.app.run', fixture('.'));
    assert.equal(outcome, undefined);
    assert.deepEqual(answers.asked, [
      { kind: 'error', message: 'Running an application needs a trusted workspace: its manifests decide what runs on your machine.', actions: ['Manage Workspace Trust'] },
    ]);
    await a.services.ensureStarted();
    await a.services.store.refresh();
    const s = a.services.store.snapshot;
    assert.ok(s.kind === 'up' && !(s.objects ?? []).some((o) => o.name === 'suite-web'), 'nothing of the folder applied');
  });

  test('a workspace cannot point the extension at another Docker host (restricted setting)', async () => {
    const written = JSON.parse((await vscode.workspace.fs.readFile(fixture('.vscode/settings.json'))).toString()) as Record<string, string>;
    assert.equal(written['podwright.docker.host'], 'unix:///tmp/untrusted-docker.sock', 'the harness wrote the setting');
    const config = vscode.workspace.getConfiguration('podwright');
    assert.equal(config.inspect<string>('docker.host')?.workspaceValue, undefined, 'VS Code ignores it in Restricted Mode');
    assert.equal(config.get<string>('docker.host'), '');
    assert.equal(config.get<string>('ports.publishAddress'), '127.0.0.1');
  });
});
