// Logs in an editor tab, against the real engine: the document of a container that printed known
// lines, every container with [container] prefixes, the previous run after a restart (`kubectl logs
// -p`), and a closed tab that stops following.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import { Answers } from './answers';
import { api, open, screenshot, until } from './helpers';

const POD = 'suite-log-lines';

suite('logs in an editor', () => {
  let a: PodwrightApi;
  const answers = new Answers();
  const pod = () => {
    const s = a.services.store.snapshot;
    return s.kind === 'up' ? s.pods.find((p) => p.name === POD) : undefined;
  };
  const cleanUp = async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.services.store.refresh();
    const p = pod();
    if (p) await a.services.bridge().stop(p, { force: true });
  };
  const textOf = (path: string) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'podwright-logs' && d.uri.path === path)?.getText();

  suiteSetup(async function () {
    this.timeout(60_000);
    a = await api();
    a.services.prompts = answers;
    await a.services.ensureStarted();
    await until('the engine', () => a.services.store.snapshot.kind === 'up', 30_000);
    await cleanUp();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await cleanUp();
  });

  test('a container\'s log, every container\'s with prefixes, the previous run after a restart; closing stops following', async function () {
    this.timeout(150_000);
    const manifest = await open('log-lines.yaml');
    await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: manifest.uri, document: 0 });
    await until('the pod running', async () => {
      await a.services.store.refresh();
      return pod()?.containers.every((c) => c.state === 'running') ? true : undefined;
    }, 30_000);
    const node = { kind: 'container', pod: pod(), container: pod()?.containers.find((c) => c.name === 'app') };

    // From the container's menu: its own lines, bare, in a read-only tab that follows.
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('podwright.container.logsInEditor', node);
    assert.equal(editor.document.uri.toString(), 'podwright-logs:/default/suite-log-lines/app.log');
    await until('the app log', () => (textOf('/default/suite-log-lines/app.log') === 'hello 1\nhello 2\n' ? true : undefined), 15_000);
    await screenshot('log-editor-container.png');
    assert.equal(a.logDocuments.following(), 1);

    // From the pod's menu: every container, each line tagged with its container.
    await vscode.commands.executeCommand('podwright.pod.logsInEditor', { kind: 'pod', pod: pod() });
    const all = await until('the pod log', () => {
      const t = textOf('/default/suite-log-lines.log');
      return t?.includes('[side] side up') && t.includes('[app] hello 2') ? t : undefined;
    }, 15_000);
    assert.deepEqual(all.split('\n').filter((l) => l.startsWith('[app]')), ['[app] hello 1', '[app] hello 2']);
    assert.equal(a.logDocuments.following(), 2);

    // Closing both tabs ends both streams.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no log followed', () => (a.logDocuments.following() === 0 ? true : undefined), 10_000);

    // A restart as the kubelet makes one: the container's process ends (SIGTERM to PID 1, from a
    // shell in it) and restartPolicy Always starts a new container. The run before it is its own
    // document (kubectl logs -p), whole and ended.
    const shell = await a.services.bridge().shell({ namespace: 'default', name: POD }, 'app', () => undefined, () => undefined);
    shell.write('kill 1\n');
    await until('app restarted', async () => {
      await a.services.store.refresh();
      const app = pod()?.containers.find((c) => c.name === 'app');
      return app && app.restarts >= 1 && app.state === 'running' ? true : undefined;
    }, 40_000);
    shell.close();
    await vscode.commands.executeCommand('podwright.container.previousLogsInEditor', { ...node, pod: pod() });
    const previous = await until('the previous log', () => (textOf('/default/suite-log-lines/app.previous.log')?.includes('[') ? textOf('/default/suite-log-lines/app.previous.log') : undefined), 15_000);
    assert.equal(previous, 'hello 1\nhello 2\n[end of the previous run]\n');
    assert.equal(a.logDocuments.following(), 0, 'a previous run is read whole, not followed');
    // The current run has its own lines again, from the start.
    await vscode.commands.executeCommand('podwright.logs.openTarget', { namespace: 'default', pod: POD, container: 'app' });
    await until('the new run\'s log', () => (textOf('/default/suite-log-lines/app.log') === 'hello 1\nhello 2\n' ? true : undefined), 15_000);
    assert.equal(a.logDocuments.following(), 1);
  });
});
