// What a pod did, on the manifest it came from, against the real engine: a container that exits 3
// gets an error on its `command` with the exit code and its log's last line; the diagnostic follows
// edits that move lines, goes when its field is edited, comes back with a new run, and goes when
// the pod is stopped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodwrightApi } from '../../../client/src/extension/extension';
import { Answers } from './answers';
import { api, fixture, open, rangeOf, screenshot, until } from './helpers';

const SOURCE = 'podwright (runtime)';
const POD = 'suite-runtime-fail';

suite('runtime problems on the manifest', () => {
  let a: PodwrightApi;
  const answers = new Answers();
  const runtime = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
  const podNamed = (name: string) => {
    const s = a.services.store.snapshot;
    return s.kind === 'up' ? s.pods.find((p) => p.name === name) : undefined;
  };
  const cleanUp = async () => {
    await a.services.store.refresh();
    for (const name of [POD, 'suite-runtime-oom', 'suite-runtime-unready']) {
      const p = podNamed(name);
      if (p) await a.services.bridge().stop(p);
    }
  };

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

  test('a container that exits 3: an error on its command, with the exit code and the last log line; it follows the text', async function () {
    this.timeout(90_000);
    const document = await open('runtime-fail.yaml');
    // The engine copies stdout and stderr to its log separately: the fixture writes its two lines
    // apart in time so that they keep their order there.
    // The run may end Running (the container runs a moment) or Failed: the diagnostic comes either way.
    await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 0 });
    const [d] = await until('the runtime diagnostic', () => (runtime(document.uri).length ? runtime(document.uri) : undefined), 30_000);
    assert.equal(document.getText(d.range), 'command');
    assert.deepEqual(rangeOf(d.range), [11, 6, 11, 13]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.code, 'Error');
    assert.match(d.message, /^Container app exited with code 3\.\nLast log lines:\n {2}starting\n {2}cannot open \/data\/config$/);
    // The squiggle on `command`, and the message in the Problems panel.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('runtime-problem-on-command.png');
    await vscode.window.showTextDocument(document);

    // Two lines above the container move it down by two; it stays on `command`.
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(5, 0), '  hostname: moved\n  subdomain: down\n'));
    const moved = await until('the diagnostic two lines down', () => runtime(document.uri).find((x) => x.range.start.line === 13), 10_000);
    assert.equal(document.getText(moved.range), 'command');

    // The full log is one click away: a code action on the diagnostic.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, moved.range);
    assert.ok(actions.some((x) => x.title === 'Show the log of container app'), JSON.stringify(actions.map((x) => x.title)));

    // The hover on the container's name shows its live state.
    const nameAt = document.positionAt(document.getText().indexOf('name: app') + 'name: '.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, nameAt);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*app\*\* in pod suite-runtime-fail: terminated \(Error, exit code 3\)/);
  });

  test('editing the command drops it; a new run shows it again; stopping the pod clears it', async function () {
    this.timeout(90_000);
    answers.reset();
    const document = await open('runtime-fail.yaml');
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('exit 3');
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'exit 3'.length)), 'exit 4'));
    await until('no runtime diagnostic once the command is edited', () => runtime(document.uri).length === 0, 10_000);

    answers.answer('confirm', 'Replace');
    await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 0 });
    const d = await until('the diagnostic of the new run', () => runtime(document.uri).find((x) => /code 4/.test(x.message)), 30_000);
    assert.equal(document.getText(d.range), 'command');

    await a.services.bridge().stop({ namespace: 'default', name: POD });
    await a.services.store.refresh();
    await until('no runtime diagnostic once the pod is stopped', () => runtime(document.uri).length === 0, 15_000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(fixture('runtime-fail.yaml'));
  });

  test('a start that fails leaves no pod: ErrImageNeverPull is shown on the image, from the run itself', async function () {
    this.timeout(60_000);
    answers.reset();
    const document = await open('runtime-never-pull.yaml');
    const ok = await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 0 });
    assert.equal(ok, false);
    const [d] = await until('the ErrImageNeverPull diagnostic', () => (runtime(document.uri).length ? runtime(document.uri) : undefined), 15_000);
    assert.equal(document.getText(d.range), 'podwright-test/not-here:1');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.code, 'ErrImageNeverPull');
    assert.equal(d.message, 'ErrImageNeverPull: Container image "podwright-test/not-here:1" is not present with pull policy of Never');
    // The image check says the same before Run; after the run it is not said twice.
    await until('one diagnostic on the image', () => vscode.languages.getDiagnostics(document.uri).filter((x) => x.code === 'ErrImageNeverPull').length === 1, 10_000);
    await screenshot('runtime-problem-never-pull.png');
  });

  test('image-aware checks before Run: runAsNonRoot with a root image, Never with an absent image', async function () {
    this.timeout(30_000);
    const document = await open('runtime-nonroot.yaml');
    const image = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'podwright (image)');
    const ds = await until('the image diagnostics', () => (image().length === 2 ? image() : undefined), 15_000);
    const [nonRoot, absent] = [...ds].sort((x, y) => x.range.start.line - y.range.start.line);
    assert.equal(document.getText(nonRoot.range), 'true');
    assert.deepEqual(rangeOf(nonRoot.range), [10, 22, 10, 26]);
    assert.equal(nonRoot.code, 'CreateContainerConfigError');
    assert.match(nonRoot.message, /^Container app has runAsNonRoot and image "podwright-test\/busybox:1" runs as root \(no USER\)/);
    assert.equal(document.getText(absent.range), 'podwright-test/not-built-yet:1');
    assert.equal(absent.code, 'ErrImageNeverPull');
    await screenshot('image-check-run-as-non-root.png');
    // Fixed in the text: gone at the next check, without running anything.
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(10, 0), '        runAsUser: 1000\n'));
    await until('only the absent image left', () => image().length === 1 && image()[0].code === 'ErrImageNeverPull', 15_000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('an OOM kill: an error on resources.limits.memory, saying so', async function () {
    this.timeout(90_000);
    answers.reset();
    const document = await open('runtime-oom.yaml');
    await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 0 });
    const d = await until('the OOMKilled diagnostic', () => runtime(document.uri).find((x) => x.code === 'OOMKilled'), 30_000);
    assert.equal(document.getText(d.range), '16Mi');
    assert.deepEqual(rangeOf(d.range), [15, 18, 15, 22]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /^Container hog was killed for going over its memory limit \(OOMKilled, exit code 137\)\./);
    await screenshot('runtime-problem-oom.png');
    await a.services.bridge().stop({ namespace: 'default', name: 'suite-runtime-oom' });
    await a.services.store.refresh();
    await until('no runtime diagnostic once the OOM pod is stopped', () => runtime(document.uri).length === 0, 15_000);
  });

  test("a failing readiness probe: a warning on the probe with the probe's output, gone once it passes", async function () {
    this.timeout(90_000);
    answers.reset();
    const document = await open('runtime-unready.yaml');
    // Run reports a pod that is not ready; the diagnostic comes either way.
    await vscode.commands.executeCommand<boolean>('podwright.pod.run', { uri: document.uri, document: 0 });
    const d = await until('the readiness diagnostic', () => runtime(document.uri).find((x) => /^Readiness probe failed/.test(x.message)), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; asked: ${JSON.stringify(answers.asked)}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(document.uri).map((x) => [x.source, x.message]))}; pod: ${JSON.stringify(podNamed('suite-runtime-unready'))}`);
    });
    assert.equal(document.getText(d.range), 'readinessProbe');
    assert.deepEqual(rangeOf(d.range), [12, 6, 12, 20]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^Readiness probe failed: cat: can't open '\/tmp\/ready': No such file or directory \(\d+ failures?\)\. The container is not ready\.$/);
    await screenshot('runtime-problem-readiness.png');
    // Made ready from a shell in the container, as a person would.
    let exited: number | undefined;
    const shell = await a.services.bridge().shell({ namespace: 'default', name: 'suite-runtime-unready' }, 'web', () => undefined, (code) => (exited = code));
    shell.write('touch /tmp/ready; exit\n');
    await until('the shell to end', () => exited !== undefined, 15_000);
    await until('no runtime diagnostic once the probe passes', () => runtime(document.uri).length === 0, 30_000);
    await a.services.bridge().stop({ namespace: 'default', name: 'suite-runtime-unready' });
  });
});
