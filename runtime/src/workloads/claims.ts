// PersistentVolumeClaims: each claim's data in an engine volume of its own, labelled with the claim,
// that outlives every pod mounting it and goes only when the claim is deleted (a StatefulSet's claims
// by its retention policy). And the ConfigMaps and Secrets of a namespace, for the pods of workloads.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { RuntimeError } from '../errors';
import { LABEL } from '../labels';
import type { FileData } from '../planEnv';
import { isGone } from '../remove';
import type { Obj, StoredObject } from './records';

export const CLAIM = {
  name: 'io.podwright.claim',
  namespace: 'io.podwright.claim.namespace',
  /** The claim's spec as first made (access modes, storage request), JSON. */
  spec: 'io.podwright.claim.spec',
  /** `Kind/name` of the workload that made it (a StatefulSet's volumeClaimTemplates), if any. */
  owner: 'io.podwright.claim.owner',
  created: 'io.podwright.claim.created',
} as const;

/** The volume of a claim: readable, and unique per namespace and name. */
export function claimVolumeName(namespace: string, name: string): string {
  const readable = `podwright-pvc-${namespace}-${name}`;
  if (readable.length <= 200) return readable;
  return `podwright-pvc-${createHash('sha256').update(`${namespace}/${name}`).digest('hex').slice(0, 32)}`;
}

export interface ClaimInfo {
  name: string;
  namespace: string;
  volume: string;
  spec: Obj;
  owner?: string;
  created: string;
}

export async function listClaims(docker: Docker, namespace?: string): Promise<ClaimInfo[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: namespace ? [`${CLAIM.namespace}=${namespace}`] : [CLAIM.name] } });
  return (Volumes ?? [])
    .map((v) => {
      const l = v.Labels ?? {};
      let spec: Obj = {};
      try {
        spec = JSON.parse(l[CLAIM.spec] ?? '{}') as Obj;
      } catch {
        // A claim volume whose spec label is unreadable still holds its data: shown with no details.
        spec = {};
      }
      return { name: l[CLAIM.name] ?? '', namespace: l[CLAIM.namespace] ?? 'default', volume: v.Name, spec, owner: l[CLAIM.owner] || undefined, created: l[CLAIM.created] ?? '' };
    })
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** Claim name to volume, for planning the pods of a namespace. */
export async function claimsOf(docker: Docker, namespace: string): Promise<Map<string, string>> {
  return new Map((await listClaims(docker, namespace)).map((c) => [c.name, c.volume]));
}

/** The claims pods may mount: those on the engine, less those being deleted (pvc-protection lets no new pod use them). */
/** Whether a pod spec has a persistentVolumeClaim volume (a StatefulSet's claim templates give it one). */
export function mountsClaim(spec: Record<string, unknown>): boolean {
  return Array.isArray(spec.volumes) && spec.volumes.some((v: unknown) => !!v && typeof v === 'object' && 'persistentVolumeClaim' in v);
}

export async function usableClaims(docker: Docker, objects: readonly StoredObject[], namespace: string): Promise<Map<string, string>> {
  const claims = await claimsOf(docker, namespace);
  for (const o of objects) if (o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === namespace && o.metadata.deletionTimestamp) claims.delete(o.metadata.name);
  return claims;
}

/** The claim's volume, created the first time (a claim is bound as soon as it exists, here). */
export async function ensureClaim(docker: Docker, namespace: string, name: string, spec: Obj, owner?: { kind: string; name: string }): Promise<string> {
  const volume = claimVolumeName(namespace, name);
  try {
    await docker.getVolume(volume).inspect();
    return volume;
  } catch (e) {
    if (!isGone(e)) throw e;
  }
  await docker.createVolume({
    Name: volume,
    Labels: {
      [CLAIM.name]: name,
      [CLAIM.namespace]: namespace,
      [CLAIM.spec]: JSON.stringify(spec),
      [CLAIM.created]: new Date().toISOString(),
      ...(owner ? { [CLAIM.owner]: `${owner.kind}/${owner.name}` } : {}),
    },
  });
  return volume;
}

/** The pods whose containers mount a claim's volume (running or not: the engine keeps it while any exists). */
export async function claimUsers(docker: Docker, namespace: string, name: string): Promise<string[]> {
  const users = await docker.listContainers({ all: true, filters: { volume: [claimVolumeName(namespace, name)] } });
  return [...new Set(users.map((c) => c.Labels?.[LABEL.pod] ?? c.Names?.[0] ?? c.Id))];
}

/**
 * Removes a claim and its data. A claim a container still mounts is refused, as the API server's
 * pvc-protection keeps it until no pod uses it.
 */
export async function deleteClaim(docker: Docker, namespace: string, name: string): Promise<boolean> {
  const volume = claimVolumeName(namespace, name);
  const pods = await claimUsers(docker, namespace, name);
  if (pods.length) {
    throw new RuntimeError({ code: 'ObjectRefused', resource: `persistentvolumeclaim/${name}`, reason: `in use by pod ${pods.join(', ')}; its data stays until no pod mounts it` });
  }
  try {
    await docker.getVolume(volume).remove();
    return true;
  } catch (e) {
    if (isGone(e)) return false;
    throw e;
  }
}

/** The ConfigMaps and Secrets applied in a namespace, decoded, for planning its pods. */
export function dataOf(objects: readonly StoredObject[], namespace: string): FileData {
  const data: FileData = { configMaps: new Map(), secrets: new Map() };
  for (const o of objects) {
    if (o.metadata.namespace !== namespace) continue;
    const entries = new Map<string, Buffer>();
    const map = (v: unknown) => (v && typeof v === 'object' ? Object.entries(v as Obj) : []);
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of map(o.body.data)) entries.set(k, Buffer.from(String(v), 'utf8'));
      for (const [k, v] of map(o.body.binaryData)) entries.set(k, Buffer.from(String(v), 'base64'));
      data.configMaps.set(o.metadata.name, entries);
    } else if (o.kind === 'Secret') {
      for (const [k, v] of map(o.body.data)) entries.set(k, Buffer.from(String(v), 'base64'));
      // stringData is merged over data by the API server.
      for (const [k, v] of map(o.body.stringData)) entries.set(k, Buffer.from(String(v), 'utf8'));
      data.secrets.set(o.metadata.name, entries);
    }
  }
  return data;
}

/** Claim operations in one namespace, for the clean-up of a deleted object. */
export function claimOps(docker: Docker, namespace: string): import('./controller').ClaimOps {
  return {
    list: async () => (await listClaims(docker, namespace)).map((c) => ({ name: c.name, owner: c.owner })),
    delete: async (name) => {
      await deleteClaim(docker, namespace, name);
    },
  };
}
