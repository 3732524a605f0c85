// Run, Stop and the Pods view's per-pod and per-container commands. Every question goes through
// `services.prompts`, every failure becomes a message with something to do, never an exception.
import * as vscode from 'vscode';
import type { ManifestPod } from '../podsView/manifestPods';
import type { PodsNode } from '../podsView/nodes';
import { browsablePorts, formatPort, portUrl, statusText } from '../podsView/presentation';
import type { PodSnapshot } from '../podsView/snapshot';
import { isPodTarget } from './codeLens';
import type { PodRef } from './runtimeApi';
import type { Services } from './services';
import { manifestPods } from './lazy';
import { openLogsTerminal, openShellTerminal } from './terminals';

interface Manifest {
  document: vscode.TextDocument;
  pods: ManifestPod[];
  /** The document the person pointed at (CodeLens, cursor), if any. */
  preferred?: ManifestPod;
}

async function manifestFrom(arg: unknown): Promise<Manifest | undefined> {
  let document: vscode.TextDocument | undefined;
  let index: number | undefined;
  let offset: number | undefined;
  if (isPodTarget(arg)) {
    document = await vscode.workspace.openTextDocument(arg.uri);
    index = arg.document;
  } else if (arg instanceof vscode.Uri) {
    document = await vscode.workspace.openTextDocument(arg);
  } else {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'yaml') {
      document = editor.document;
      offset = document.offsetAt(editor.selection.active);
    }
  }
  if (!document) return undefined;
  const { podsInManifest, podAt } = manifestPods();
  const pods = podsInManifest(document.getText());
  const preferred = index !== undefined ? pods.find((p) => p.document === index) : offset !== undefined ? podAt(pods, offset) : pods.length === 1 ? pods[0] : undefined;
  return { document, pods, preferred };
}

function isPodNode(v: unknown): v is Extract<PodsNode, { kind: 'pod' | 'container' }> {
  const k = (v as PodsNode | undefined)?.kind;
  return k === 'pod' || k === 'container';
}

const ref = (p: { namespace: string; name: string }): PodRef => ({ namespace: p.namespace, name: p.name });

/** Restart: run a running pod's manifest again, replacing it. */
interface RestartRequest {
  uri: vscode.Uri;
  replaceRunning: true;
  name: string;
  namespace: string;
}

function isRestart(v: unknown): v is RestartRequest {
  return typeof v === 'object' && v !== null && (v as RestartRequest).replaceRunning === true;
}

/** Errors the language server reports inside one pod's document. */
function errorsIn(document: vscode.TextDocument, pod: ManifestPod): vscode.Diagnostic[] {
  const range = new vscode.Range(document.positionAt(pod.range.start), document.positionAt(pod.range.end));
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'podwright' && range.contains(d.range.start));
}

export function registerCommands(services: Services): vscode.Disposable[] {
  // Read on each use: the extension-host tests swap `services.prompts` to answer the questions.
  const output = services.output;

  async function choose(pods: ManifestPod[], placeHolder: string): Promise<ManifestPod | undefined> {
    if (pods.length <= 1) return pods[0];
    return services.prompts.pick(
      pods.map((p) => ({ label: p.name, description: `${p.kind}${p.namespace !== 'default' ? ` in ${p.namespace}` : ''}, document ${p.document + 1}`, value: p })),
      placeHolder,
    );
  }

  async function runPod(arg: unknown): Promise<boolean> {
    const restart = isRestart(arg) ? arg : undefined;
    if (!vscode.workspace.isTrusted) {
      const choice = await services.prompts.error('Running pods needs a trusted workspace: the manifest decides what runs on your machine.', 'Manage Workspace Trust');
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      return false;
    }
    const manifest = await manifestFrom(restart ? restart.uri : arg);
    if (!manifest) {
      await services.prompts.info('Open a YAML manifest with a Pod to run it.');
      return false;
    }
    const { document, pods } = manifest;
    if (pods.length === 0) {
      await services.prompts.info(`${vscode.workspace.asRelativePath(document.uri)} holds no Pod or pod template to run.`);
      return false;
    }
    const pod = restart
      ? pods.find((p) => p.name === restart.name && p.namespace === restart.namespace)
      : (manifest.preferred ?? (await choose(pods, 'Which pod do you want to run?')));
    if (!pod) {
      if (restart) await services.prompts.error(`Pod ${restart.name} is no longer in ${vscode.workspace.asRelativePath(document.uri)}.`);
      return false;
    }
    const errors = errorsIn(document, pod);
    if (errors.length) {
      const choice = await services.prompts.error(
        `Pod ${pod.name} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0].message}). Fix ${errors.length === 1 ? 'it' : 'them'} before running.`,
        'Show Problems',
      );
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return false;
    }
    let allowHostAccess = false;
    if (pod.hostAccess.length) {
      const choice = await services.prompts.confirm(
        `Pod ${pod.name} reaches this machine: ${pod.hostAccess.map((h) => h.what).join(', ')}.`,
        'It can read or change files, processes or the network of this machine, not only its own. Run it only if you trust this manifest.',
        'Run with Host Access',
      );
      if (choice !== 'Run with Host Access') return false;
      allowHostAccess = true;
    }
    await services.ensureStarted();
    let replace = restart !== undefined;
    if (!replace && services.findPod(pod.namespace, pod.name)) {
      const choice = await services.prompts.confirm(`Pod ${pod.name} is already running.`, 'Replace stops it and starts it again from this manifest.', 'Replace');
      if (choice !== 'Replace') return false;
      replace = true;
    }
    return startPod(document, pod, replace, allowHostAccess);
  }

  async function startPod(document: vscode.TextDocument, pod: ManifestPod, replace: boolean, allowHostAccess: boolean): Promise<boolean> {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pod ${pod.name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          progress.report({ message: replace ? 'replacing…' : 'starting…' });
          return await services.bridge().run({
            file: document.uri.fsPath,
            text: document.getText(),
            pod: pod.name,
            replace,
            allowHostAccess,
            signal: abort.signal,
            onProgress: (message) => {
              output.info(`${pod.name}: ${message}`);
              progress.report({ message });
            },
          });
        } catch (e) {
          return { kind: 'failed' as const, message: (e as Error).message };
        } finally {
          sub.dispose();
          void services.store.refresh();
        }
      },
    );
    switch (outcome.kind) {
      case 'started':
        output.info(`${pod.name}: started`);
        return true;
      case 'cancelled':
        await services.prompts.info(`Starting pod ${pod.name} was cancelled; nothing was left behind.`);
        return false;
      case 'exists': {
        const choice = await services.prompts.confirm(outcome.message, 'Replace stops it and starts it again from this manifest.', 'Replace');
        return choice === 'Replace' ? startPod(document, pod, true, allowHostAccess) : false;
      }
      case 'refused': {
        output.error(`${pod.name}: refused\n  ${outcome.problems.join('\n  ')}`);
        const choice = await services.prompts.error(`Pod ${pod.name} was not started: ${outcome.message}`, 'Show Problems', 'Show Output');
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        if (choice === 'Show Output') output.show();
        return false;
      }
      case 'failed': {
        output.error(`${pod.name}: ${outcome.message}`);
        const choice = await services.prompts.error(`Pod ${pod.name} did not start: ${outcome.message}`, 'Show Output');
        if (choice) output.show();
        return false;
      }
    }
  }

  /** The running pod an argument points at: a tree node, a CodeLens target, a file, or a pick. */
  async function runningPod(arg: unknown, verb: string): Promise<PodSnapshot | undefined> {
    if (isPodNode(arg)) return arg.pod;
    await services.ensureStarted();
    const snapshot = services.store.snapshot;
    if (snapshot.kind !== 'up') {
      await services.prompts.error('The Docker engine is not reachable.', 'Show Pods');
      return undefined;
    }
    const manifest = arg === undefined && vscode.window.activeTextEditor?.document.languageId !== 'yaml' ? undefined : await manifestFrom(arg);
    let candidates = snapshot.pods;
    if (manifest) {
      const inFile = (manifest.preferred ? [manifest.preferred] : manifest.pods).map((p) => `${p.namespace}/${p.name}`);
      candidates = snapshot.pods.filter((p) => inFile.includes(`${p.namespace}/${p.name}`));
    }
    if (candidates.length === 0) {
      await services.prompts.info(manifest ? `No pod of ${vscode.workspace.asRelativePath(manifest.document.uri)} is running.` : 'No pod is running.');
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    return services.prompts.pick(candidates.map((p) => ({ label: p.name, description: `${p.status} · ${p.ready}`, value: p })), `Which pod do you want to ${verb}?`);
  }

  async function guarded(label: string, work: () => PromiseLike<unknown>): Promise<void> {
    try {
      await work();
    } catch (e) {
      output.error(`${label}: ${(e as Error).stack ?? e}`);
      await services.prompts.error(`${label}: ${(e as Error).message}`);
    } finally {
      void services.store.refresh();
    }
  }

  async function stopPod(arg: unknown): Promise<boolean> {
    const pod = await runningPod(arg, 'stop');
    if (!pod) return false;
    let ok = false;
    await guarded(`Stopping pod ${pod.name}`, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping pod ${pod.name}…` }, async () => {
        await services.bridge().stop(ref(pod));
        ok = true;
      }),
    );
    return ok;
  }

  function requireTrust(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void services.prompts.error('This needs a trusted workspace.', 'Manage Workspace Trust');
    return false;
  }

  const containerOf = (arg: unknown) => (isPodNode(arg) && arg.kind === 'container' ? arg.container : undefined);

  // An unexpected failure (a manifest deleted meanwhile, the engine gone mid-way) becomes a message
  // and the output channel gets the stack, rather than VS Code's "command failed" toast.
  const register = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        output.error(`${id}: ${(e as Error).stack ?? String(e)}`);
        void services.prompts.error(`Podwright: ${(e as Error).message}`, 'Show Output').then((c) => c && output.show());
        return false;
      }
    });
  return [
    register('podwright.pod.run', (arg) => runPod(arg)),
    register('podwright.pod.stop', (arg) => stopPod(arg)),
    register('podwright.pod.restart', async (arg) => {
      if (!requireTrust()) return false;
      const pod = await runningPod(arg, 'restart');
      if (!pod) return false;
      if (!pod.manifest) {
        await services.prompts.error(`Pod ${pod.name} records no manifest to start it again from; stop it and run its manifest.`);
        return false;
      }
      // Kubernetes never restarts a pod in place: as `kubectl replace --force` would, it is
      // created again from its manifest, with the same checks and questions as Run.
      return runPod({ uri: vscode.Uri.file(pod.manifest), replaceRunning: true, name: pod.name, namespace: pod.namespace });
    }),
    register('podwright.pod.logs', async (arg) => {
      const pod = await runningPod(arg, 'see the logs of');
      if (pod) openLogsTerminal(services.bridge(), ref(pod), undefined, pod.containers.map((c) => c.name));
    }),
    register('podwright.pod.shell', async (arg) => {
      if (!requireTrust()) return;
      const pod = await runningPod(arg, 'open a shell in');
      if (!pod) return;
      const running = pod.containers.filter((c) => c.state === 'running');
      const container = running.length === 1 ? running[0] : await services.prompts.pick(running.map((c) => ({ label: c.name, description: c.role, value: c })), 'Which container?');
      if (container) openShellTerminal(services.bridge(), ref(pod), container.name);
    }),
    register('podwright.pod.openInBrowser', async (arg) => {
      const pod = await runningPod(arg, 'open');
      if (!pod) return;
      const ports = browsablePorts(pod);
      const port = ports.length <= 1 ? ports[0] : await services.prompts.pick(ports.map((p) => ({ label: formatPort(p), value: p })), 'Which port?');
      if (!port) {
        if (ports.length === 0) await services.prompts.info(`Pod ${pod.name} publishes no TCP port (set a hostPort).`);
        return;
      }
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(portUrl(port)));
      await vscode.env.openExternal(external);
    }),
    register('podwright.pod.revealManifest', async (arg) => {
      const pod = await runningPod(arg, 'reveal');
      if (!pod?.manifest) return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(pod.manifest));
      const inFile = manifestPods().podsInManifest(document.getText()).find((p) => p.name === pod.name && p.namespace === pod.namespace);
      const at = document.positionAt(inFile?.anchor ?? 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
    }),
    register('podwright.pod.copyStatus', async (arg) => {
      const pod = await runningPod(arg, 'copy the status of');
      if (pod) await vscode.env.clipboard.writeText(statusText(pod, Date.now()));
    }),
    register('podwright.container.logs', (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg)) openLogsTerminal(services.bridge(), ref(arg.pod), c.name, arg.pod.containers.map((x) => x.name));
    }),
    register('podwright.container.shell', (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg) && requireTrust()) openShellTerminal(services.bridge(), ref(arg.pod), c.name);
    }),
    register('podwright.container.restart', async (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg) && requireTrust()) await guarded(`Restarting container ${c.name}`, () => services.bridge().restartContainer(ref(arg.pod), c.name));
    }),
    register('podwright.pods.refresh', async () => {
      await services.ensureStarted();
      await services.store.refresh();
    }),
  ];
}
