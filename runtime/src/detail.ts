// What `describe` shows of a pod's spec beyond its shape (types.ts PodShape): each container's
// command, args, environment with its sources, envFrom, resources and mounts; the volumes with their
// sources; the scheduling fields. Recorded when the pod is created, in a label of its own on the
// infra container (LABEL.detail), so that it reads back for a running, crash-looping or finished pod
// from the engine alone. The shape is parsed on every pass of every supervisor; this is read only by
// `describe`, so it is a second label rather than a bigger first one.
//
// Never a Secret's value: an env var from a Secret is recorded as its reference (name, key), a secret
// volume as the Secret's name — what the API server's pod spec holds, and what kubectl prints.
import { asObject as obj, listOf as list, stringMap, stringOf as str, stringsOf as strings, type Obj } from '../../analysis/src';
import { canonicalQuantity, parseBytes, parseMilliCpu } from './quantities';
import type { PlanMount } from './types';

/** A list's items as mappings. */
const objs = (v: unknown): Obj[] => list(v).map(obj);

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export type EnvDetail =
  | { name: string; value: string }
  | { name: string; fieldRef: { apiVersion: string; fieldPath: string } }
  /** `value` as kubectl computes it from the container's own resources (ExtractContainerResourceValue). */
  | { name: string; resourceFieldRef: { resource: string; divisor?: string }; value: string }
  | { name: string; configMapKeyRef: { name: string; key: string; optional: boolean } }
  | { name: string; secretKeyRef: { name: string; key: string; optional: boolean } };

export interface EnvFromDetail {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  prefix?: string;
  optional: boolean;
}

export interface ResourcesDetail {
  /** Resource name to quantity, canonical (`500m`, `64Mi`). */
  limits: Record<string, string>;
  requests: Record<string, string>;
}

export interface ContainerDetail {
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: EnvDetail[];
  envFrom: EnvFromDetail[];
  resources: ResourcesDetail;
  mounts: PlanMount[];
  seccompProfile?: SeccompDetail;
}

export interface SeccompDetail {
  type: string;
  localhostProfile?: string;
}

export type VolumeDetail =
  | { name: string; kind: 'emptyDir'; medium: string; sizeLimit?: string }
  | { name: string; kind: 'hostPath'; path: string; type?: string }
  | { name: string; kind: 'configMap'; source: string; optional: boolean }
  | { name: string; kind: 'secret'; source: string; optional: boolean }
  | { name: string; kind: 'downwardAPI'; items: { field: string; path: string }[] }
  | { name: string; kind: 'persistentVolumeClaim'; claimName: string; readOnly: boolean }
  | { name: string; kind: 'other'; source: string };

export interface PodDetail {
  serviceAccountName: string;
  priority?: number;
  priorityClassName?: string;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  seccompProfile?: SeccompDetail;
  /** By container name, init containers among them. */
  containers: Record<string, ContainerDetail>;
  volumes: VolumeDetail[];
}

/** The values the Priority admission plugin gives the two built-in classes (pkg/apis/scheduling). */
const SYSTEM_PRIORITIES: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds)
 * adds these to every pod that does not tolerate them already: what a cluster's describe shows.
 */
const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function seccomp(sc: Obj): SeccompDetail | undefined {
  const p = obj(sc.seccompProfile);
  const type = str(p.type);
  return type ? { type, localhostProfile: str(p.localhostProfile) } : undefined;
}

function quantities(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, q] of Object.entries(obj(v))) if (q !== undefined && q !== null) out[k] = canonicalQuantity(q);
  return out;
}

/**
 * A resourceFieldRef's value as kubectl's describe computes it from the container's resources
 * (pkg/util/resource ExtractContainerResourceValue): the quantity over the divisor, rounded up; a
 * limit that is not set reads as "node allocatable".
 */
function resourceValue(resource: string, divisor: string | undefined, res: ResourcesDetail): string {
  const [which, name] = resource.split('.');
  const q = (which === 'limits' ? res.limits : res.requests)[name];
  if (q === undefined) return which === 'limits' && (name === 'cpu' || name === 'memory') ? 'node allocatable' : '0';
  if (name === 'cpu') return String(Math.ceil(parseMilliCpu(q) / parseMilliCpu(divisor ?? '1')));
  return String(Math.ceil(parseBytes(q) / parseBytes(divisor ?? '1')));
}

function envOf(c: Obj, resources: ResourcesDetail): EnvDetail[] {
  return objs(c.env).map((o) => {
    const name = String(o.name);
    if (o.valueFrom === undefined || o.valueFrom === null) return { name, value: o.value === undefined || o.value === null ? '' : String(o.value) };
    const from = obj(o.valueFrom);
    if (from.fieldRef) {
      const f = obj(from.fieldRef);
      return { name, fieldRef: { apiVersion: str(f.apiVersion) ?? 'v1', fieldPath: String(f.fieldPath) } };
    }
    if (from.resourceFieldRef) {
      const r = obj(from.resourceFieldRef);
      const divisor = r.divisor !== undefined ? canonicalQuantity(r.divisor) : undefined;
      return { name, resourceFieldRef: { resource: String(r.resource), divisor }, value: resourceValue(String(r.resource), divisor, resources) };
    }
    const isCm = !!from.configMapKeyRef;
    const ref = obj(from.configMapKeyRef ?? from.secretKeyRef);
    const refDetail = { name: String(ref.name), key: String(ref.key), optional: ref.optional === true };
    return isCm ? { name, configMapKeyRef: refDetail } : { name, secretKeyRef: refDetail };
  });
}

function containerDetail(c: Obj, mounts: PlanMount[]): ContainerDetail {
  const r = obj(c.resources);
  const limits = quantities(r.limits);
  // A missing request defaults to its limit (SetDefaults_Pod, pkg/apis/core/v1/defaults.go).
  const resources = { limits, requests: { ...limits, ...quantities(r.requests) } };
  return {
    command: strings(c.command),
    args: strings(c.args),
    workingDir: str(c.workingDir),
    env: envOf(c, resources),
    envFrom: objs(c.envFrom).map((o) => {
      const ref = obj(o.configMapRef ?? o.secretRef);
      return { kind: o.configMapRef ? 'ConfigMap' : 'Secret', name: String(ref.name), prefix: str(o.prefix) || undefined, optional: ref.optional === true };
    }),
    resources,
    mounts,
    seccompProfile: seccomp(obj(c.securityContext)),
  };
}

/** A volume of a pod spec (or of a template's) by its source, as describe shows it. */
export function volumeDetail(v: Obj): VolumeDetail {
  const name = String(v.name);
  const source = Object.keys(v).find((k) => k !== 'name') ?? 'emptyDir';
  const s = obj(v[source]);
  switch (source) {
    case 'emptyDir':
      return { name, kind: 'emptyDir', medium: str(s.medium) ?? '', sizeLimit: s.sizeLimit !== undefined ? canonicalQuantity(s.sizeLimit) : undefined };
    case 'hostPath':
      return { name, kind: 'hostPath', path: String(s.path), type: str(s.type) || undefined };
    case 'configMap':
      return { name, kind: 'configMap', source: String(s.name), optional: s.optional === true };
    case 'secret':
      return { name, kind: 'secret', source: String(s.secretName), optional: s.optional === true };
    case 'downwardAPI':
      return {
        name,
        kind: 'downwardAPI',
        items: objs(s.items).map((i) => ({ field: String(obj(i.fieldRef).fieldPath ?? obj(i.resourceFieldRef).resource), path: String(i.path) })),
      };
    case 'persistentVolumeClaim':
      return { name, kind: 'persistentVolumeClaim', claimName: String(s.claimName), readOnly: s.readOnly === true };
    default:
      return { name, kind: 'other', source };
  }
}

/** The detail of a pod spec, with the admission plugins' defaults a cluster would add. */
export function detailOf(spec: Obj, mountsOf: (container: string) => PlanMount[]): PodDetail {
  const className = str(spec.priorityClassName);
  const declared: Toleration[] = objs(spec.tolerations).map((t) => ({
    key: str(t.key),
    operator: str(t.operator),
    value: str(t.value),
    effect: str(t.effect),
    tolerationSeconds: typeof t.tolerationSeconds === 'number' ? t.tolerationSeconds : undefined,
  }));
  const tolerates = (d: Toleration) => declared.some((t) => (t.key === d.key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === d.effect));
  const containers: Record<string, ContainerDetail> = {};
  for (const c of [...objs(spec.initContainers), ...objs(spec.containers)]) containers[String(c.name)] = containerDetail(c, mountsOf(String(c.name)));
  return {
    // The ServiceAccount admission plugin names `default` when the pod names none.
    serviceAccountName: str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default',
    priority: typeof spec.priority === 'number' ? spec.priority : className ? SYSTEM_PRIORITIES[className] : 0,
    priorityClassName: className,
    nodeSelector: stringMap(spec.nodeSelector),
    tolerations: [...declared, ...DEFAULT_TOLERATIONS.filter((d) => !tolerates(d))],
    seccompProfile: seccomp(obj(spec.securityContext)),
    containers,
    volumes: objs(spec.volumes).map(volumeDetail),
  };
}
