// `podwright get events`: what `kubectl get events` lists — every pod's events (the kubelet's, as
// the supervisors record them) and every workload's (its controller's), oldest first, with LAST
// SEEN, TYPE, REASON, OBJECT and MESSAGE, or as v1 Event objects with -o json.
import { eventSource, replicaSetOfEvent, type PodRuntime } from '../../runtime/src';
import { age, table } from './kube';

export interface EventRow {
  namespace: string;
  time: string;
  type: string;
  reason: string;
  /** The involved object as kubectl names it in the OBJECT column: `pod/web-1`, `deployment/web`. */
  kind: string;
  name: string;
  message: string;
  /** The component that reported it (source.component). */
  from: string;
}

/** The events of the namespace (every namespace when undefined), oldest first. */
export async function eventRows(runtime: PodRuntime, namespace: string | undefined): Promise<EventRow[]> {
  await runtime.adopt();
  const rows: EventRow[] = [];
  for (const p of await runtime.list()) {
    if (namespace && p.namespace !== namespace) continue;
    for (const e of runtime.events(p.uid)) rows.push({ namespace: p.namespace, time: e.time, type: e.type, reason: e.reason, kind: 'Pod', name: p.name, message: e.message, from: 'kubelet' });
  }
  for (const v of await runtime.workloads.list(undefined, namespace)) {
    const { kind, metadata } = v.object;
    const sets = v.status?.replicaSets ?? [];
    for (const e of v.status?.events ?? []) {
      // A Deployment's pods are its ReplicaSets': the events about them are on the ReplicaSet.
      const rs = kind === 'Deployment' ? replicaSetOfEvent(e, sets) : undefined;
      const on = rs ? { kind: 'ReplicaSet', name: rs.name } : { kind, name: metadata.name };
      rows.push({ namespace: metadata.namespace, time: e.time, type: e.type, reason: e.reason, ...on, message: e.message, from: eventSource(on.kind) });
    }
  }
  // The same instant keeps the order each source recorded them in (a stable sort).
  return rows.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export function eventTable(rows: readonly EventRow[], allNamespaces: boolean, now: number): string {
  const header = [...(allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  return table([header, ...rows.map((r) => [...(allNamespaces ? [r.namespace] : []), age(r.time, now), r.type, r.reason, `${r.kind.toLowerCase()}/${r.name}`, r.message])]);
}

/** The rows as the API's v1 Events (a List), as `kubectl get events -o json` prints them. */
export function eventList(rows: readonly EventRow[]): object {
  const items = rows.map((r, i) => ({
    apiVersion: 'v1',
    kind: 'Event',
    // The API server names an event after its object and a unique suffix.
    metadata: { name: `${r.name}.${(Date.parse(r.time) * 1000 + i).toString(16)}`, namespace: r.namespace },
    involvedObject: { kind: r.kind, name: r.name, namespace: r.namespace },
    reason: r.reason,
    message: r.message,
    type: r.type,
    source: { component: r.from },
    count: 1,
    firstTimestamp: r.time,
    lastTimestamp: r.time,
  }));
  return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } };
}
