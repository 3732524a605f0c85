// Command ids to what they do. Each command turns its VS Code argument (a CodeLens target, a file in
// the explorer, a tree node, the active editor) into a manifest or a pod and calls a flow
// (flows/podFlows.ts), where every decision lives. Terminals, the clipboard and the browser are the
// only things done here.
import * as vscode from 'vscode';
import { restartPod, runningPod, runPod, stopPod, guarded } from '../flows/podFlows';
import { applyObject, appliedObject, deleteObject, deleteVolumeData, pauseObject, restartObject, scaleObject, triggerCronJob, undoObject, type ClaimTarget, type ObjectTarget } from '../flows/workloadFlows';
import type { ManifestText, Workbench } from '../flows/workbench';
import type { PodsNode } from '../podsView/nodes';
import { browsablePorts, formatPort, portUrl, statusText } from '../podsView/presentation';
import type { PodSnapshot } from '../podsView/snapshot';
import { isPodTarget } from './codeLens';
import { manifestPods } from './lazy';
import type { PodRef } from '../flows/runtimeApi';
import type { Services } from './services';
import { openLogsTerminal, openShellTerminal, openWorkloadLogsTerminal } from './terminals';
import { TimelinePanel } from './timelinePanel';
import { timelinePod } from '../flows/timelineTarget';
import { LOGGED_KINDS } from '../flows/workloadLogs';
import { manifestOf, vscodeWorkbench } from './workbench';

/** The manifest an argument points at: a CodeLens target, a file, or the active YAML editor. */
async function manifestFrom(arg: unknown): Promise<ManifestText | undefined> {
  if (isPodTarget(arg)) return manifestOf(await vscode.workspace.openTextDocument(arg.uri), { document: arg.document });
  if (arg instanceof vscode.Uri) return manifestOf(await vscode.workspace.openTextDocument(arg));
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'yaml') return undefined;
  return manifestOf(editor.document, { offset: editor.document.offsetAt(editor.selection.active) });
}

function isPodNode(v: unknown): v is Extract<PodsNode, { kind: 'pod' | 'container' }> {
  const k = (v as PodsNode | undefined)?.kind;
  return k === 'pod' || k === 'container';
}

/** A running pod's target: the tree node's pod, else the manifest pointed at (if any). */
async function podTarget(arg: unknown): Promise<{ pod?: PodSnapshot; manifest?: ManifestText }> {
  if (isPodNode(arg)) return { pod: arg.pod };
  return { manifest: await manifestFrom(arg) };
}

const ref = (p: { namespace: string; name: string }): PodRef => ({ namespace: p.namespace, name: p.name });

/** An applied object's target: the tree node's object, else the manifest pointed at (if any). */
async function objectTarget(arg: unknown): Promise<ObjectTarget> {
  const node = arg as PodsNode | undefined;
  if (node?.kind === 'object' && !node.gone) return { object: node.object };
  return { manifest: await manifestFrom(arg) };
}

async function claimTarget(arg: unknown): Promise<ClaimTarget> {
  const node = arg as PodsNode | undefined;
  if (node?.kind === 'volume') return { claim: node.claim };
  return { manifest: await manifestFrom(arg) };
}

/** Opens a manifest at the document of that object (the file's start when it is gone from it). */
async function revealIn(manifest: string, kind: string, namespace: string, name: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(manifest));
  const found = manifestPods()
    .objectsInManifest(document.getText())
    .find((o) => o.kind === kind && o.namespace === namespace && o.name === name);
  const at = document.positionAt(found?.anchor ?? 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
}

export function registerCommands(services: Services, w: Workbench = vscodeWorkbench(services)): vscode.Disposable[] {
  const output = services.output;

  function requireTrust(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void services.prompts.error('This needs a trusted workspace.', 'Manage Workspace Trust').then((c) => c && w.manageTrust());
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
    register('podwright.pod.run', async (arg) => runPod(w, await manifestFrom(arg))),
    register('podwright.pod.stop', async (arg) => stopPod(w, await podTarget(arg))),
    register('podwright.pod.forceStop', async (arg) => stopPod(w, await podTarget(arg), { force: true })),
    register('podwright.pod.restart', async (arg) => restartPod(w, await podTarget(arg))),
    register('podwright.pod.logs', async (arg) => {
      const pod = await runningPod(w, await podTarget(arg), 'see the logs of');
      if (pod) openLogsTerminal(services.bridge(), ref(pod), undefined, pod.containers.map((c) => c.name));
    }),
    register('podwright.pod.shell', async (arg) => {
      if (!requireTrust()) return;
      const pod = await runningPod(w, await podTarget(arg), 'open a shell in');
      if (!pod) return;
      const running = pod.containers.filter((c) => c.state === 'running');
      const container = running.length === 1 ? running[0] : await services.prompts.pick(running.map((c) => ({ label: c.name, description: c.role, value: c })), 'Which container?');
      if (container) openShellTerminal(services.bridge(), ref(pod), container.name);
    }),
    register('podwright.pod.openInBrowser', async (arg) => {
      const pod = await runningPod(w, await podTarget(arg), 'open');
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
      const pod = await runningPod(w, await podTarget(arg), 'reveal');
      if (!pod?.manifest) return;
      // A workload's pod is written in the manifest as its workload.
      if (pod.owner) await revealIn(pod.manifest, pod.owner.kind, pod.namespace, pod.owner.name);
      else {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(pod.manifest));
        const [inFile] = manifestPods().podsNamed(manifestPods().podsInManifest(document.getText()), `${pod.namespace}/${pod.name}`);
        const at = document.positionAt(inFile?.anchor ?? 0);
        await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
      }
    }),
    register('podwright.pod.copyStatus', async (arg) => {
      const pod = await runningPod(w, await podTarget(arg), 'copy the status of');
      if (pod) await vscode.env.clipboard.writeText(statusText(pod, Date.now()));
    }),
    register('podwright.pod.timeline', async (arg) => {
      // A running pod, or a stopped one that kept its record (timelineTarget.ts).
      const pod = await timelinePod(w, await podTarget(arg));
      if (!pod) return undefined;
      // The model drawn, for whoever asked (a test); the picture is the panel's.
      return (await TimelinePanel.show(services, pod)).model;
    }),
    register('podwright.workload.timeline', async (arg) => {
      // A Deployment, ReplicaSet, StatefulSet or Job: one lane per pod (workloadTimeline.ts).
      const object = await appliedObject(w, await objectTarget(arg), ['Deployment', 'ReplicaSet', 'StatefulSet', 'Job'], 'show the timeline of', 'Deployment, ReplicaSet, StatefulSet or Job');
      if (!object) return undefined;
      return (await TimelinePanel.showWorkload(services, { kind: object.kind, namespace: object.namespace, name: object.name, uid: object.uid })).model;
    }),
    register('podwright.workload.logs', async (arg) => {
      const object = await appliedObject(w, await objectTarget(arg), LOGGED_KINDS, 'see the logs of', 'Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet or Job');
      if (!object) return undefined;
      const bridge = services.bridge();
      return openWorkloadLogsTerminal(
        { snapshot: () => services.store.snapshot, onDidChange: (l) => services.store.onDidChange(l), logs: (pod, container, onLine, signal) => bridge.logs(pod, container, onLine, signal) },
        { kind: object.kind, namespace: object.namespace, name: object.name },
      );
    }),
    register('podwright.container.logs', (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg)) openLogsTerminal(services.bridge(), ref(arg.pod), c.name, arg.pod.containers.map((x) => x.name));
    }),
    register('podwright.container.shell', (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg) && requireTrust()) openShellTerminal(services.bridge(), ref(arg.pod), c.name);
    }),
    register('podwright.container.debug', (arg) => {
      const c = containerOf(arg);
      if (!c || !isPodNode(arg) || !requireTrust()) return;
      const pod = ref(arg.pod);
      openShellTerminal(services.bridge(), pod, c.name, { title: `Debug: ${pod.name}/${c.name}`, shell: (onData, onExit) => services.bridge().debugShell(pod, c.name, onData, onExit) });
    }),
    register('podwright.container.restart', async (arg) => {
      const c = containerOf(arg);
      if (c && isPodNode(arg) && requireTrust()) await guarded(w, `Restarting container ${c.name}`, () => services.bridge().restartContainer(ref(arg.pod), c.name));
    }),
    register('podwright.workload.apply', async (arg) => applyObject(w, await manifestFrom(arg))),
    register('podwright.workload.scale', async (arg) => scaleObject(w, await objectTarget(arg))),
    register('podwright.workload.restart', async (arg) => restartObject(w, await objectTarget(arg))),
    register('podwright.workload.undo', async (arg) => undoObject(w, await objectTarget(arg))),
    register('podwright.workload.pause', async (arg) => pauseObject(w, await objectTarget(arg), true)),
    register('podwright.workload.resume', async (arg) => pauseObject(w, await objectTarget(arg), false)),
    register('podwright.workload.trigger', async (arg) => triggerCronJob(w, await objectTarget(arg))),
    register('podwright.workload.delete', async (arg) => deleteObject(w, await objectTarget(arg))),
    register('podwright.workload.revealManifest', async (arg) => {
      const node = arg as PodsNode | undefined;
      if (node?.kind === 'object' && node.object.manifest) await revealIn(node.object.manifest, node.object.kind, node.object.namespace, node.object.name);
    }),
    register('podwright.volume.deleteData', async (arg) => deleteVolumeData(w, await claimTarget(arg))),
    register('podwright.pods.show', () => vscode.commands.executeCommand('podwright.pods.focus')),
    register('podwright.pods.refresh', async () => {
      await services.ensureStarted();
      await services.store.refresh();
    }),
  ];
}
