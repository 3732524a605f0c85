// Run and Stop against the real Docker engine, through the commands a person uses, with the Pods
// view's model read back. Needs the test images of scripts/setup/docker.sh (podwright-test/busybox:1).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import { childrenOf, namespaceContents, type PodsNode } from '../../../client/src/podsView/nodes';
import { present } from '../../../client/src/podsView/presentation';
import type { PodSnapshot } from '../../../client/src/podsView/snapshot';
import { Answers } from './answers';
import { api, fixture, open, until } from './helpers';

const SUITE_PODS = ['suite-first', 'suite-second', 'suite-host-path', 'suite-ports', 'suite-duplicate', 'suite-twin', 'suite-stubborn'];

function pods(a: PodwrightApi): PodSnapshot[] {
  const s = a.services.store.snapshot;
  return s.kind === 'up' ? s.pods : [];
}

function pod(a: PodwrightApi, name: string): PodSnapshot | undefined {
  return pods(a).find((p) => p.name === name && p.namespace === 'default');
}

async function lenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
}

suite('running pods', () => {
  let a: PodwrightApi;
  const answers = new Answers();

  suiteSetup(async function () {
    this.timeout(120_000);
    a = await api();
    a.services.prompts = answers;
    await a.services.ensureStarted();
    await until('the engine to be reachable', () => a.services.store.snapshot.kind === 'up', 30_000);
    for (const p of pods(a).filter((x) => SUITE_PODS.includes(x.name))) await a.services.bridge().stop(p);
  });

  setup(() => answers.reset());

  suiteTeardown(async function () {
    this.timeout(120_000);
    await a.services.store.refresh();
    for (const p of pods(a).filter((x) => SUITE_PODS.includes(x.name))) await a.services.bridge().stop(p);
  });

  test('▶ Run pod on the second document of a file starts that pod; the Pods view shows it with its containers', async function () {
    this.timeout(120_000);
    const document = await open('two-pods.yaml');
    const runs = (await lenses(document)).filter((l) => l.command?.title === '▶ Run pod');
    assert.deepEqual(
      runs.map((l) => l.range.start.line),
      [0, 12],
    );
    const second = runs[1].command;
    assert.ok(second);
    const ok = await vscode.commands.executeCommand<boolean>(second.command, ...(second.arguments ?? []));
    assert.deepEqual(answers.asked, [], 'no question for a pod without host access');
    assert.equal(ok, true);
    const running = await until('suite-second Running in the Pods view', () => (pod(a, 'suite-second')?.phase === 'Running' ? pod(a, 'suite-second') : undefined), 30_000);
    assert.equal(pod(a, 'suite-first'), undefined, 'only the chosen pod runs');
    const node = namespaceContents(a.services.store.snapshot).find((n): n is Extract<PodsNode, { kind: 'pod' }> => n.kind === 'pod' && n.pod.name === 'suite-second');
    assert.ok(node);
    const view = present(node, Date.now());
    assert.equal(view.label, 'suite-second');
    assert.equal(view.description, 'Running · 1/1');
    assert.match(view.contextValue, /^podwright\.pod running manifest live$/);
    assert.match(view.tooltip ?? '', /Manifest: .*two-pods\.yaml/);
    assert.deepEqual(
      childrenOf(node).map((n) => present(n, Date.now()).description),
      ['init · terminated (Completed) · exit 0', 'app · running'],
    );
    assert.equal(running.manifest, fixture('two-pods.yaml').fsPath);
    // The CodeLens follows: ■ Stop, the live status and Timeline above the running pod, ▶ Run pod above the other.
    const after = await until('the CodeLens to show the running pod', async () => {
      const ls = await lenses(document);
      return ls.some((l) => l.command?.title === '■ Stop') ? ls : undefined;
    });
    assert.deepEqual(
      after.map((l) => [l.range.start.line, l.command?.title]),
      [
        [0, '▶ Run pod'],
        [12, '■ Stop'],
        [12, 'Running · 1/1'],
        [12, 'Timeline'],
      ],
    );
  });

  test('running it again offers Replace; declining leaves the running pod alone', async function () {
    this.timeout(60_000);
    const before = pod(a, 'suite-second');
    assert.ok(before);
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: fixture('two-pods.yaml'), document: 1 });
    assert.equal(ok, false);
    assert.deepEqual(answers.asked, [{ kind: 'confirm', message: 'Pod suite-second is already running.', actions: ['Replace'] }]);
    await a.services.store.refresh();
    assert.equal(pod(a, 'suite-second')?.phase, 'Running');
  });

  test('a file with several pods asks which one (from the explorer: no document given)', async function () {
    this.timeout(120_000);
    answers.answer('pick', 0);
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', fixture('two-pods.yaml'));
    assert.deepEqual(answers.asked, [{ kind: 'pick', message: 'Which pod do you want to run?', actions: ['suite-first', 'suite-second'] }]);
    assert.equal(ok, true);
    await until('suite-first Running', () => pod(a, 'suite-first')?.phase === 'Running', 30_000);
  });

  test('logs of a pod: every container, each line with its container', async function () {
    this.timeout(60_000);
    const abort = new AbortController();
    const lines: string[] = [];
    const following = a.services.bridge().logs({ namespace: 'default', name: 'suite-second' }, undefined, (l) => lines.push(`[${l.container}] ${l.text}`), abort.signal);
    await until('both containers’ lines', () => lines.includes('[prepare] prepared') && lines.includes('[main] second started'));
    abort.abort();
    await following;
    const terminals = vscode.window.terminals.length;
    await vscode.commands.executeCommand('podwright.pod.logs', { kind: 'pod', pod: pod(a, 'suite-second') });
    await until('a logs terminal', () => vscode.window.terminals.length === terminals + 1);
    const terminal = vscode.window.terminals[vscode.window.terminals.length - 1];
    assert.equal(terminal.name, 'Logs: suite-second');
    terminal.dispose();
  });

  test('a manifest with errors is refused with a pointer to the Problems panel; nothing is created', async function () {
    this.timeout(60_000);
    const document = await open('duplicate-container.yaml');
    await until('its error diagnostic', () => vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run');
    assert.equal(ok, false);
    assert.equal(answers.asked.length, 1);
    assert.equal(answers.asked[0].kind, 'error');
    assert.match(answers.asked[0].message, /^Pod suite-duplicate has 1 error \(first: .*\)\. Fix it before running\.$/);
    assert.deepEqual(answers.asked[0].actions, ['Show Problems']);
    await a.services.store.refresh();
    assert.equal(pod(a, 'suite-duplicate'), undefined);
  });

  test('a pod reaching the host asks first; declining creates nothing, accepting runs it', async function () {
    this.timeout(120_000);
    await open('host-path.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.run'), false);
    assert.deepEqual(
      answers.asked.map((q) => [q.kind, q.message, q.actions]),
      [['confirm', "Pod suite-host-path reaches this machine: hostPath volume 'host-tmp' (/tmp).", ['Run with Host Access']]],
    );
    await a.services.store.refresh();
    assert.equal(pod(a, 'suite-host-path'), undefined);
    answers.answer('confirm', 'Run with Host Access');
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.run'), true);
    await until('suite-host-path Running', () => pod(a, 'suite-host-path')?.phase === 'Running', 30_000);
  });

  test('two pods of one name in two namespaces: the question and the run are about the document pointed at', async function () {
    this.timeout(120_000);
    const document = await open('twins.yaml');
    const runs = (await lenses(document)).filter((l) => l.command?.title === '▶ Run pod');
    assert.equal(runs.length, 2);
    // The second document: it asks about hostIPC, and nothing else; declined, nothing starts.
    const second = runs[1].command;
    assert.ok(second);
    assert.equal(await vscode.commands.executeCommand<boolean>(second.command, ...(second.arguments ?? [])), false);
    assert.deepEqual(answers.asked.map((q) => q.message), ['Pod suite-twin reaches this machine: hostIPC: true.']);
    // The first: it asks about its hostPath, and the pod of namespace one is the one that runs.
    answers.reset();
    answers.answer('confirm', 'Run with Host Access');
    const first = runs[0].command;
    assert.ok(first);
    assert.equal(await vscode.commands.executeCommand<boolean>(first.command, ...(first.arguments ?? [])), true);
    assert.deepEqual(answers.asked.map((q) => q.message), ["Pod suite-twin reaches this machine: hostPath volume 'host-tmp' (/tmp)."]);
    await until('suite-twin in namespace one', () => pods(a).some((p) => p.name === 'suite-twin' && p.namespace === 'one'), 30_000);
    assert.deepEqual(pods(a).filter((p) => p.name === 'suite-twin').map((p) => p.namespace), ['one']);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.stop', { kind: 'pod', pod: pods(a).find((p) => p.name === 'suite-twin') }), true);
  });

  test('stopping a pod that ignores SIGTERM says until when its grace period runs, and Force Stop ends it', async function () {
    this.timeout(120_000);
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: fixture('stubborn.yaml'), document: 0 }), true);
    await until('suite-stubborn Running', () => pod(a, 'suite-stubborn')?.phase === 'Running', 30_000);
    answers.answer('info', 'Force Stop');
    const started = Date.now();
    assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.stop', { kind: 'pod', pod: pod(a, 'suite-stubborn') }), true);
    const [asked] = answers.asked;
    assert.equal(asked.kind, 'info');
    assert.match(asked.message, /^Pod suite-stubborn is stopping: its containers have their grace period to exit \(until \d\d:\d\d:\d\d\), then they are killed\.$/);
    assert.deepEqual(asked.actions, ['Force Stop']);
    assert.ok(Date.now() - started < 30_000, `gone in ${Date.now() - started} ms, well within the 60 s grace period`);
    await a.services.store.refresh();
    assert.equal(pod(a, 'suite-stubborn'), undefined);
  });

  test('Stop from the Pods view removes each pod and the view follows', async function () {
    this.timeout(120_000);
    for (const name of ['suite-second', 'suite-first', 'suite-host-path']) {
      const p = pod(a, name);
      assert.ok(p, `${name} is running`);
      assert.equal(await vscode.commands.executeCommand<boolean>('podwright.pod.stop', { kind: 'pod', pod: p }), true);
    }
    await until('the pods to be gone from the view', () => !pods(a).some((p) => SUITE_PODS.includes(p.name)), 30_000);
    const nodes = namespaceContents(a.services.store.snapshot).filter((n) => n.kind === 'pod' && SUITE_PODS.includes(n.pod.name));
    assert.deepEqual(nodes, []);
  });

  test('an unreachable Docker host shows the message node; the view recovers when the setting is fixed', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('podwright');
    await config.update('docker.host', 'unix:///nonexistent/docker.sock', vscode.ConfigurationTarget.Workspace);
    try {
      await until('the engine-down message', () => a.services.store.snapshot.kind === 'down');
      const [node] = namespaceContents(a.services.store.snapshot);
      const view = present(node, Date.now());
      assert.equal(view.label, 'Docker engine not reachable');
      assert.match(view.tooltip ?? '', /unix:\/\/\/nonexistent\/docker\.sock/);
    } finally {
      await config.update('docker.host', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the view to recover', () => a.services.store.snapshot.kind === 'up', 30_000);
  });
});
