// The CodeLens above every document of a YAML file that Podwright runs: `▶ Run pod` / `■ Stop` and
// the live status and `Timeline` above a Pod; `▶ Apply` and the live status (`3/3 ready`, `Complete 3/3` …) with the
// workload's actions above a Deployment, StatefulSet, Job, CronJob, ConfigMap, Secret or claim.
import * as vscode from 'vscode';
import type { ManifestObject } from '../../../analysis/src';
import { APPLY_KINDS, SCALABLE_KINDS, TRIGGERABLE_KINDS, WORKLOAD_KINDS } from '../podsView/kinds';
import type { PodsStore } from '../podsView/store';
import { claimInSnapshot, objectInSnapshot, podInSnapshot } from '../podsView/snapshot';
import { manifestPods } from './lazy';

/** What a CodeLens passes to its commands: the file and which of its documents. */
export interface PodTarget {
  uri: vscode.Uri;
  document: number;
}

export function isPodTarget(v: unknown): v is PodTarget {
  return typeof v === 'object' && v !== null && (v as PodTarget).uri instanceof vscode.Uri && typeof (v as PodTarget).document === 'number';
}

export class PodCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: PodsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const object of manifestPods().objectsInManifest(document.getText())) {
      const at = document.positionAt(object.anchor);
      const range = new vscode.Range(at, at);
      const target: PodTarget = { uri: document.uri, document: object.document };
      if (object.kind === 'Pod') lenses.push(...this.podLenses(object, range, target));
      else if (APPLY_KINDS.includes(object.kind)) lenses.push(...this.objectLenses(object, range, target));
    }
    return lenses;
  }

  private podLenses(pod: ManifestObject, range: vscode.Range, target: PodTarget): vscode.CodeLens[] {
    const running = podInSnapshot(this.store.snapshot, pod.namespace, pod.name);
    if (!running) {
      return [new vscode.CodeLens(range, { title: '▶ Run pod', command: 'podwright.pod.run', arguments: [target], tooltip: `Run pod ${pod.name} on the local Docker engine` })];
    }
    return [
      new vscode.CodeLens(range, { title: '■ Stop', command: 'podwright.pod.stop', arguments: [target], tooltip: `Stop pod ${pod.name}` }),
      new vscode.CodeLens(range, {
        title: `${running.status} · ${running.ready}${running.restarts ? ` · ${running.restarts} restarts` : ''}`,
        command: 'podwright.pod.logs',
        arguments: [target],
        tooltip: `Pod ${pod.name} on the local engine: show its logs`,
      }),
      new vscode.CodeLens(range, { title: 'Timeline', command: 'podwright.pod.timeline', arguments: [target], tooltip: `Show the timeline of pod ${pod.name}` }),
    ];
  }

  private objectLenses(o: ManifestObject, range: vscode.Range, target: PodTarget): vscode.CodeLens[] {
    const lens = (title: string, command: string, tooltip: string) => new vscode.CodeLens(range, { title, command, arguments: [target], tooltip });
    const runs = WORKLOAD_KINDS.includes(o.kind) ? ': its controller runs its pods in the background' : '';
    const lenses = [lens('▶ Apply', 'podwright.workload.apply', `Apply ${o.kind} ${o.name} to the local Docker engine${runs}`)];
    if (o.kind === 'PersistentVolumeClaim') {
      const claim = claimInSnapshot(this.store.snapshot, o.namespace, o.name);
      if (claim) {
        lenses.push(lens(claim.storage ? `Bound · ${claim.storage}` : 'Bound', 'podwright.pods.show', `Its data is in engine volume ${claim.volume}`));
        lenses.push(lens('Delete Data', 'podwright.volume.deleteData', `Delete volume ${claim.name} and its data`));
      }
      return lenses;
    }
    const applied = objectInSnapshot(this.store.snapshot, o.kind, o.namespace, o.name);
    if (!applied) return lenses;
    lenses.push(lens(applied.status || 'applied', 'podwright.pods.show', `${o.kind} ${o.name} on the local engine: show it in the Pods view`));
    if (SCALABLE_KINDS.includes(o.kind)) lenses.push(lens('Scale…', 'podwright.workload.scale', `Change the number of replicas of ${o.kind} ${o.name}`));
    if (TRIGGERABLE_KINDS.includes(o.kind)) lenses.push(lens('Trigger', 'podwright.workload.trigger', `Create a Job from CronJob ${o.name} now`));
    if (['Deployment', 'ReplicaSet', 'StatefulSet', 'Job'].includes(o.kind)) lenses.push(lens('Timeline', 'podwright.workload.timeline', `Show the timeline of ${o.kind} ${o.name}: one lane per pod`));
    lenses.push(lens('Delete', 'podwright.workload.delete', `Delete ${o.kind} ${o.name}${WORKLOAD_KINDS.includes(o.kind) ? ' and its pods' : ''}`));
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
