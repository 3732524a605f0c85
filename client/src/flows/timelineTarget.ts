// Which pod Show Pod Timeline means: the tree node's pod, else the pods of the manifest pointed at
// (or any pod) that run now or were stopped and kept their record (runtime/src/stoppedPods.ts):
// a stopped pod's timeline is drawn from that record, up to its stop.
import type { PodSnapshot } from '../podsView/snapshot';
import { manifestPodKeys } from './podFlows';
import type { PodRef } from './runtimeApi';
import type { ManifestText, Workbench } from './workbench';

export async function timelinePod(w: Workbench, target: { pod?: PodSnapshot; manifest?: ManifestText }, now = Date.now()): Promise<PodRef | undefined> {
  if (target.pod) return { namespace: target.pod.namespace, name: target.pod.name };
  await w.ensureStarted();
  const pods = w.enginePods();
  if (!pods) {
    await w.prompts.error('The Docker engine is not reachable.', 'Show Pods');
    return undefined;
  }
  const keys = target.manifest ? manifestPodKeys(w, target.manifest) : undefined;
  const meant = (p: PodRef) => !keys || keys.has(`${p.namespace}/${p.name}`);
  const key = (p: PodRef) => `${p.namespace}/${p.name}`;
  const running = pods.filter(meant);
  const live = new Set(running.map(key));
  // A pod that runs again shows its live timeline; the stop dropped older records of it anyway.
  const stopped = (await w.bridge().stoppedPods()).filter((p) => meant(p) && !live.has(key(p)));
  const ns = (p: PodRef) => (p.namespace !== 'default' ? `${p.namespace} · ` : '');
  const items = [
    ...running.map((p) => ({ label: p.name, description: `${ns(p)}${p.status} · ${p.ready}`, value: { namespace: p.namespace, name: p.name } })),
    ...stopped.map((p) => ({ label: p.name, description: `${ns(p)}stopped ${ago(now - Date.parse(p.stoppedAt))}`, value: { namespace: p.namespace, name: p.name } })),
  ];
  if (items.length === 0) {
    await w.prompts.info(target.manifest ? `No pod of ${target.manifest.label} is running or kept a record of its stop.` : 'No pod is running or kept a record of its stop.');
    return undefined;
  }
  if (items.length === 1) return items[0].value;
  return w.prompts.pick(items, 'Which pod do you want to show the timeline of?');
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  return `${Math.round(s / 3600)}h ago`;
}
