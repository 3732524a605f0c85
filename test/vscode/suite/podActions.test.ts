// What the Pods view offers on a running pod and its containers, against the real engine; pods that
// other processes start; and cancelling a start.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import type { PodsNode } from '../../../client/src/podsView/nodes';
import type { PodSnapshot } from '../../../client/src/podsView/snapshot';
import type { Timeline } from '../../../client/src/flows/timeline';
import { Answers } from './answers';
import { statusBarView } from '../../../client/src/podsView/statusBar';
import { api, EXTENSION_ID, fixture, until } from './helpers';

const OURS = ['suite-actions', 'suite-from-cli', 'suite-slow', 'suite-crash'];

suite('pod actions', () => {
  let a: PodwrightApi;
  const answers = new Answers();
  const pod = (name: string): PodSnapshot | undefined => {
    const s = a.services.store.snapshot;
    return s.kind === 'up' ? s.pods.find((p) => p.name === name) : undefined;
  };
  const podNode = (name: string): PodsNode => {
    const p = pod(name);
    assert.ok(p, `${name} is in the view`);
    return { kind: 'pod', pod: p };
  };
  const containerNode = (name: string, container: string): PodsNode => {
    const p = pod(name);
    const c = p?.containers.find((x) => x.name === container);
    assert.ok(p && c, `${name}/${container} is in the view`);
    return { kind: 'container', pod: p, container: c };
  };
  const cleanUp = async () => {
    await a.services.store.refresh();
    const s = a.services.store.snapshot;
    if (s.kind === 'up') for (const p of s.pods.filter((x) => OURS.includes(x.name))) await a.services.bridge().stop(p);
  };

  suiteSetup(async function () {
    this.timeout(120_000);
    a = await api();
    a.services.prompts = answers;
    await a.services.ensureStarted();
    await until('the engine', () => a.services.store.snapshot.kind === 'up', 30_000);
    await cleanUp();
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: fixture('actions.yaml'), document: 0 });
    assert.equal(ok, true, JSON.stringify(answers.asked));
    await until('suite-actions ready', () => pod('suite-actions')?.ready === '2/2', 30_000);
  });

  setup(() => answers.reset());

  suiteTeardown(async function () {
    this.timeout(120_000);
    await cleanUp();
  });

  test('a pod started from the command line appears in the view by itself (engine events, no refresh)', async function () {
    this.timeout(60_000);
    const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
    const cli = spawnSync(process.execPath, [path.join(root, 'bin', 'podwright.js'), 'run', fixture('cli-started.yaml').fsPath], { encoding: 'utf8', timeout: 50_000 });
    assert.equal(cli.status, 0, cli.stderr);
    const p = await until('suite-from-cli in the view', () => (pod('suite-from-cli')?.phase === 'Running' ? pod('suite-from-cli') : undefined));
    assert.equal(p.manifest, fixture('cli-started.yaml').fsPath);
  });

  test('Restart Pod when its manifest was deleted: a message, not a failed command', async () => {
    const copy = fixture('cli-started.yaml');
    const text = await vscode.workspace.fs.readFile(copy);
    await vscode.workspace.fs.delete(copy);
    try {
      const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.restart', podNode('suite-from-cli'));
      assert.equal(ok, false);
      assert.equal(answers.asked.length, 1);
      assert.equal(answers.asked[0].kind, 'error');
      assert.match(answers.asked[0].message, /^The manifest of pod suite-from-cli \(.*cli-started\.yaml\) cannot be read any more\.$/);
      assert.equal(pod('suite-from-cli')?.phase, 'Running', 'the pod is left as it was');
    } finally {
      await vscode.workspace.fs.writeFile(copy, text);
    }
  });

  test('Copy Status puts the kubectl-like status on the clipboard', async () => {
    await vscode.commands.executeCommand('podwright.pod.copyStatus', podNode('suite-actions'));
    const text = await vscode.env.clipboard.readText();
    const lines = text.split('\n');
    assert.match(lines[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.match(lines[1], /^suite-actions\s+2\/2\s+Running\s+0\s+\d+s$/);
    assert.deepEqual(lines.slice(2), [
      'containers:',
      '  tail (sidecar, podwright-test/busybox:1): running, ready',
      '  web (app, podwright-test/busybox:1): running, ready',
      '',
    ]);
  });

  test('Show Pod Timeline opens a webview beside, one lane per container in pod order, live from the records', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const model = await vscode.commands.executeCommand<Timeline | undefined>('podwright.pod.timeline', podNode('suite-actions'));
    assert.ok(model, JSON.stringify(answers.asked));
    assert.deepEqual(model.lanes.map((l) => [l.container, l.role]), [['tail', 'sidecar'], ['web', 'app']]);
    for (const lane of model.lanes) {
      const last = lane.segments[lane.segments.length - 1];
      assert.deepEqual([last.kind, last.kind === 'running' && last.ready], ['running', true], `${lane.container}: ${JSON.stringify(lane.segments)}`);
    }
    assert.deepEqual(model.conditions.map((c) => [c.type, c.segments[c.segments.length - 1].status]), [['PodScheduled', true], ['Initialized', true], ['ContainersReady', true], ['Ready', true]]);
    assert.ok(model.events.some((e) => e.reason === 'Started' && e.container === 'web'));
    // The workbench tells the extension host of the new tab a moment later.
    const tab = await until('the timeline tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Timeline: suite-actions'), 10_000);
    assert.match((tab.input as { viewType?: string } | undefined)?.viewType ?? '', /podwright\.timeline$/, 'a webview of ours');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Reveal Manifest opens the file the pod came from at its document', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('podwright.pod.revealManifest', podNode('suite-actions'));
    const editor = await until('an editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, fixture('actions.yaml').fsPath);
    assert.equal(editor.selection.active.line, 0);
  });

  test('the published port answers on 127.0.0.1 (what Open in Browser opens)', async () => {
    const p = pod('suite-actions');
    assert.deepEqual(p?.ports, [{ containerPort: 8080, hostIP: '127.0.0.1', hostPort: 18099, protocol: 'TCP' }]);
    const body = await (await fetch('http://127.0.0.1:18099/')).text();
    assert.equal(body, 'actions-page\n');
    // The command itself only hands the URL to the browser; it must not fail.
    await vscode.commands.executeCommand('podwright.pod.openInBrowser', podNode('suite-actions'));
    assert.deepEqual(answers.asked, []);
  });

  test('a shell in a container runs commands and reports its exit', async function () {
    this.timeout(30_000);
    let out = '';
    let exit: number | undefined;
    const shell = await a.services.bridge().shell({ namespace: 'default', name: 'suite-actions' }, 'web', (d) => (out += d), (code) => (exit = code));
    shell.resize(100, 30);
    shell.write('echo shell-$((6*7)) $(cat /tmp/w/index.html)\n');
    await until('the command output', () => out.includes('shell-42 actions-page'));
    shell.write('exit 3\n');
    await until('the exit', () => exit !== undefined);
    assert.equal(exit, 3);
    const before = vscode.window.terminals.length;
    await vscode.commands.executeCommand('podwright.container.shell', containerNode('suite-actions', 'web'));
    await until('a shell terminal', () => vscode.window.terminals.length === before + 1);
    const terminal = vscode.window.terminals[vscode.window.terminals.length - 1];
    assert.equal(terminal.name, 'Shell: suite-actions/web');
    terminal.dispose();
  });

  test('Restart Container restarts only that container; the pod comes back ready', async function () {
    this.timeout(60_000);
    const before = await (await fetch('http://127.0.0.1:18099/')).text();
    assert.equal(before, 'actions-page\n');
    await vscode.commands.executeCommand('podwright.container.restart', containerNode('suite-actions', 'web'));
    assert.deepEqual(answers.asked, []);
    await until('the pod ready again', () => pod('suite-actions')?.ready === '2/2' && pod('suite-actions')?.containers.every((c) => c.state === 'running'), 30_000);
    await until('the page served again', () => fetch('http://127.0.0.1:18099/').then((r) => r.text()).then((t) => t === 'actions-page\n', () => false), 30_000);
  });

  test('Restart Pod creates it again from its manifest', async function () {
    this.timeout(90_000);
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.restart', podNode('suite-actions'));
    assert.equal(ok, true, JSON.stringify(answers.asked));
    assert.deepEqual(answers.asked, [], 'no Replace question: restarting is replacing');
    await until('suite-actions ready again', () => pod('suite-actions')?.ready === '2/2', 30_000);
  });

  test('cancelling a start (the progress notification’s Cancel) leaves nothing behind', async function () {
    this.timeout(90_000);
    const abort = new AbortController();
    const progress: string[] = [];
    const document = await vscode.workspace.openTextDocument(fixture('slow-start.yaml'));
    const run = a.services.bridge().run({
      file: document.uri.fsPath,
      text: document.getText(),
      document: 0,
      replace: false,
      allowHostAccess: false,
      signal: abort.signal,
      onProgress: (m) => progress.push(m),
    });
    await until('the init container to start', () => progress.some((m) => /Started wait/.test(m)), 30_000);
    abort.abort();
    const outcome = await run;
    assert.equal(outcome.kind, 'cancelled', JSON.stringify(outcome));
    await a.services.store.refresh();
    assert.equal(pod('suite-slow'), undefined);
  });

  test('a crash-looping pod: Run says why it is not running; the status bar turns to a warning', async function () {
    this.timeout(90_000);
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: fixture('crash-loop.yaml'), document: 0 });
    assert.equal(ok, false);
    assert.equal(answers.asked.length, 1);
    assert.equal(answers.asked[0].kind, 'error');
    assert.match(answers.asked[0].message, /^Pod suite-crash did not start: .*container 'app' is in CrashLoopBackOff \(last exit code 3\)/);
    assert.deepEqual(answers.asked[0].actions, ['Show Output']);
    const looping = await until('the crash loop in the view', () =>
      pod('suite-crash')?.containers.some((c) => c.reason === 'CrashLoopBackOff') ? pod('suite-crash') : undefined,
    );
    assert.equal(looping.status, 'CrashLoopBackOff');
    const bar = statusBarView(a.services.store.snapshot);
    assert.equal(bar.warning, true);
    assert.match(bar.tooltip, /crash-looping: .*suite-crash/);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.stop', { kind: 'pod', pod: looping }), true);
  });

  test('a shell open while its pod is stopped ends with a plain message, not an error', async function () {
    this.timeout(60_000);
    const before = vscode.window.terminals.length;
    await vscode.commands.executeCommand('podwright.container.shell', containerNode('suite-actions', 'web'));
    await until('a shell terminal', () => vscode.window.terminals.length === before + 1);
    const terminal = vscode.window.terminals[vscode.window.terminals.length - 1];
    const seen: { closed?: vscode.TerminalExitStatus } = {};
    const sub = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) seen.closed = t.exitStatus ?? { code: undefined, reason: vscode.TerminalExitReason.Unknown };
    });
    // The shell runs in the container once the terminal has opened and connected.
    const shells = () => {
      const id = spawnSync('docker', ['ps', '-q', '--filter', 'label=io.podwright.pod=suite-actions', '--filter', 'label=io.podwright.container=web'], { encoding: 'utf8' }).stdout.trim();
      return id ? spawnSync('docker', ['top', id], { encoding: 'utf8' }).stdout : '';
    };
    await until('the shell in the container', () => / sh$/m.test(shells()));
    try {
      await a.services.bridge().stop({ namespace: 'default', name: 'suite-actions' }, { force: true });
      // The terminal stays, saying why, until a key is pressed; then it closes without an exit code.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(seen.closed, undefined, 'not closed with an error by the stop');
      terminal.sendText('x', false);
      const closed = await until('the terminal closed by the key', () => seen.closed);
      assert.equal(closed.code, undefined);
    } finally {
      sub.dispose();
    }
  });
});
