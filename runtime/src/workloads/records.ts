// The objects applied to the local "cluster" (Deployments, StatefulSets, Jobs, ConfigMaps,
// PersistentVolumeClaims …), kept on the engine itself as labelled records, so that any process —
// the controller manager, the CLI, another editor window — sees the same objects, and they survive
// the processes that applied them, as pods do.
//
// A record is an empty Docker volume whose labels hold the object as applied (JSON). Labels cannot
// change, so an update writes the next generation's record and then removes the previous one; a
// reader that sees two generations of one object keeps the newer. What changes all the time (replica
// counts of a rollout, conditions, counters) is status: it lives with the controller manager and is
// recomputed from the pods whenever it is lost.
import type Docker from 'dockerode';
import { createHash, randomUUID } from 'node:crypto';
import { RuntimeError } from '../errors';
import { isGone } from '../remove';

/** What one object may weigh here (the API server allows about 1.5 MiB; ConfigMaps 1 MiB). */
const MAX_OBJECT_BYTES = 512 * 1024;

export const RECORD = {
  kind: 'io.podwright.object.kind',
  name: 'io.podwright.object.name',
  namespace: 'io.podwright.object.namespace',
  uid: 'io.podwright.object.uid',
  generation: 'io.podwright.object.generation',
  /** The object as applied: apiVersion, kind, metadata (with uid, generation, creationTimestamp), spec, data. */
  object: 'io.podwright.object',
  /** The manifest file it was applied from (absolute), for Reveal Manifest and re-applies. */
  manifest: 'io.podwright.object.manifest',
  /** sha256 of the object as written in its manifest: an apply of the same text changes nothing. */
  hash: 'io.podwright.object.hash',
  /** `true` when the person allowed what reaches the host when applying it (the CLI flag, the question). */
  allowHostAccess: 'io.podwright.object.allow-host-access',
  /** Where its pods publish host ports, when not 127.0.0.1. */
  publishAddress: 'io.podwright.object.publish-address',
  /**
   * The local "cluster" it belongs to: one state folder, with its one controller manager. Two state
   * folders on one engine (two users, or test runs) are two clusters that never touch each other.
   */
  cluster: 'io.podwright.object.cluster',
  /** JSON: the field paths a command set (commandFields.ts), which an apply that leaves them out keeps. */
  setByCommand: 'io.podwright.object.set-by-command',
} as const;

/** What the person decided when applying an object, beyond the object itself. */
export interface ApplyOptions {
  allowHostAccess: boolean;
  publishAddress?: string;
}

export type Obj = Record<string, unknown>;

/** The object that made this one (a CronJob's Jobs): deleting the owner deletes it, as the garbage collector does. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  generation: number;
  creationTimestamp: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences?: OwnerReference[];
  /** Set when the object is being deleted and waits for its controller (a claim still in use). */
  deletionTimestamp?: string;
}

export interface StoredObject {
  kind: string;
  apiVersion: string;
  metadata: ObjectMeta;
  /** The rest of the object (spec, data …) as applied. */
  body: Obj;
  manifest: string;
  hash: string;
  options: ApplyOptions;
  /** The record's volume. */
  record: string;
  /** Field paths a command set (scale, rollout pause, rollout restart): see commandFields.ts. */
  setByCommand?: string[][];
}

/** `kind/namespace/name`: an object's identity, as kubectl's. */
export function objectKey(o: { kind: string; metadata: { namespace: string; name: string } } | { kind: string; namespace: string; name: string }): string {
  const meta = 'metadata' in o ? o.metadata : o;
  return `${o.kind}/${meta.namespace}/${meta.name}`;
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function recordName(kind: string, uid: string, generation: number): string {
  return `podwright-object-${kind.toLowerCase()}-${uid.replace(/-/g, '').slice(0, 12)}-g${generation}`;
}

/** Every object record on the engine, the newest generation of each. */
export async function listObjects(docker: Docker, cluster: string, kind?: string): Promise<StoredObject[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${RECORD.cluster}=${cluster}`, kind ? `${RECORD.kind}=${kind}` : RECORD.kind] } });
  const newest = new Map<string, StoredObject>();
  for (const v of Volumes ?? []) {
    const labels = v.Labels ?? {};
    let parsed: Obj;
    try {
      parsed = JSON.parse(labels[RECORD.object] ?? '') as Obj;
    } catch {
      // A record written by hand or by another version that this one cannot read: left alone.
      continue;
    }
    const { apiVersion, kind: k, metadata, ...body } = parsed;
    const stored: StoredObject = {
      kind: String(k),
      apiVersion: String(apiVersion),
      metadata: metadata as ObjectMeta,
      body,
      manifest: labels[RECORD.manifest] ?? '',
      hash: labels[RECORD.hash] ?? '',
      options: { allowHostAccess: labels[RECORD.allowHostAccess] === 'true', publishAddress: labels[RECORD.publishAddress] || undefined },
      record: v.Name,
    };
    const setByCommand = pathsOf(labels[RECORD.setByCommand]);
    if (setByCommand.length) stored.setByCommand = setByCommand;
    const key = stored.metadata.uid;
    const seen = newest.get(key);
    if (!seen || seen.metadata.generation < stored.metadata.generation) newest.set(key, stored);
  }
  return [...newest.values()].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
}

/** The paths of a set-by-command label: an array of arrays of strings, or none when it is anything else. */
function pathsOf(label: string | undefined): string[][] {
  if (!label) return [];
  try {
    const v = JSON.parse(label) as unknown;
    return Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length > 0 && p.every((k) => typeof k === 'string')) ? (v as string[][]) : [];
  } catch {
    return [];
  }
}

export interface Applied {
  object: StoredObject;
  /** created, configured (a new generation), or unchanged, as kubectl apply says. */
  result: 'created' | 'configured' | 'unchanged';
}

/**
 * Writes an object: a new record for a new object, the next generation for a changed one (the
 * previous record removed after the new one exists), nothing for an unchanged one.
 */
export async function putObject(
  docker: Docker,
  input: { kind: string; apiVersion: string; namespace: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; body: Obj; manifest: string; options: ApplyOptions; cluster: string; deletionTimestamp?: string; ownerReferences?: OwnerReference[]; setByCommand?: string[][] },
  existing: StoredObject | undefined,
): Promise<Applied> {
  const content = { kind: input.kind, apiVersion: input.apiVersion, labels: input.labels, annotations: input.annotations, body: input.body, options: input.options };
  const marked = input.setByCommand?.length ? input.setByCommand : undefined;
  const hash = contentHash({ ...content, ...(input.deletionTimestamp ? { deletionTimestamp: input.deletionTimestamp } : {}), ...(marked ? { setByCommand: marked } : {}) });
  if (existing && existing.hash === hash && existing.manifest === input.manifest) return { object: existing, result: 'unchanged' };
  const json = JSON.stringify({ apiVersion: input.apiVersion, kind: input.kind, body: input.body });
  // The engine refuses a request much larger than this (a label is part of its header data).
  if (json.length > MAX_OBJECT_BYTES) throw new RuntimeError({ code: 'EngineError', detail: `${input.kind} ${input.name} is ${Math.round(json.length / 1024)} KiB; podwright stores objects up to ${MAX_OBJECT_BYTES / 1024} KiB` });
  const metadata: ObjectMeta = {
    name: input.name,
    namespace: input.namespace,
    uid: existing?.metadata.uid ?? randomUUID(),
    generation: (existing?.metadata.generation ?? 0) + 1,
    creationTimestamp: existing?.metadata.creationTimestamp ?? new Date().toISOString(),
    labels: input.labels,
    annotations: input.annotations,
    // An apply keeps the owner an object was made by, as the API server keeps ownerReferences.
    ...((input.ownerReferences ?? existing?.metadata.ownerReferences) ? { ownerReferences: input.ownerReferences ?? existing?.metadata.ownerReferences } : {}),
    ...(input.deletionTimestamp ? { deletionTimestamp: input.deletionTimestamp } : {}),
  };
  const record = recordName(input.kind, metadata.uid, metadata.generation);
  const object = { apiVersion: input.apiVersion, kind: input.kind, metadata, ...input.body };
  await docker.createVolume({
    Name: record,
    Labels: {
      [RECORD.kind]: input.kind,
      [RECORD.name]: input.name,
      [RECORD.namespace]: input.namespace,
      [RECORD.uid]: metadata.uid,
      [RECORD.generation]: String(metadata.generation),
      [RECORD.object]: JSON.stringify(object),
      [RECORD.manifest]: input.manifest,
      [RECORD.hash]: hash,
      [RECORD.allowHostAccess]: String(input.options.allowHostAccess),
      [RECORD.cluster]: input.cluster,
      ...(input.options.publishAddress ? { [RECORD.publishAddress]: input.options.publishAddress } : {}),
      ...(marked ? { [RECORD.setByCommand]: JSON.stringify(marked) } : {}),
    },
  });
  if (existing) await removeRecord(docker, existing.record);
  const stored: StoredObject = { kind: input.kind, apiVersion: input.apiVersion, metadata, body: input.body, manifest: input.manifest, hash, options: input.options, record, ...(marked ? { setByCommand: marked } : {}) };
  return { object: stored, result: existing ? 'configured' : 'created' };
}

export async function removeRecord(docker: Docker, record: string): Promise<void> {
  await docker
    .getVolume(record)
    .remove()
    .catch((e: unknown) => {
      // Removed meanwhile by another process: what was wanted.
      if (!isGone(e)) throw e;
    });
}

/** Removes every generation of an object's records. */
export async function deleteObject(docker: Docker, uid: string): Promise<void> {
  // Object uids are random UUIDs: one names one object of one cluster.
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${RECORD.uid}=${uid}`] } });
  await Promise.all((Volumes ?? []).map((v) => removeRecord(docker, v.Name)));
}
