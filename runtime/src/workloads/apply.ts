// `apply`: the objects of a manifest become records on the engine (workloads, ConfigMaps, Secrets,
// PersistentVolumeClaims …), which the controller manager then runs; bare Pods run at once, as `run`
// runs them. Before anything is written, every pod template is planned as its pods will be, so that a
// field the runtime cannot honour, or host access nobody allowed, refuses the object with its path.
import type Docker from 'dockerode';
import { analyze, asObject, findPod, formatPath, hostAccessOf, lineCol, namespaceOf, stringMap, valueAt, type ParsedDocument } from '../../../analysis/src';
import { planPod, type PlanProblem } from '../plan';
import type { FileData } from '../planEnv';
import { claimsOf, claimVolumeName, dataOf } from './claims';
import { CONTROLLERS } from './controllers';
import { keepCommandFields } from './commandFields';
import { listObjects, putObject, type ApplyOptions, type Obj, type StoredObject } from './records';
import { serviceProblems } from './services';

/** The kinds `apply` stores, with the group kubectl names them by (`deployment.apps/web`). */
export const STORED_KINDS: Record<string, string> = {
  Deployment: 'deployment.apps',
  ReplicaSet: 'replicaset.apps',
  StatefulSet: 'statefulset.apps',
  DaemonSet: 'daemonset.apps',
  ReplicationController: 'replicationcontroller',
  Job: 'job.batch',
  CronJob: 'cronjob.batch',
  ConfigMap: 'configmap',
  Secret: 'secret',
  PersistentVolumeClaim: 'persistentvolumeclaim',
  Service: 'service',
  Namespace: 'namespace',
  ServiceAccount: 'serviceaccount',
};

/** kubectl's name of an object: `deployment.apps/web`. */
export function resourceName(kind: string, name: string): string {
  return `${STORED_KINDS[kind] ?? kind.toLowerCase()}/${name}`;
}

export interface ApplyDocument {
  document: number;
  kind: string;
  name: string;
  namespace: string;
  /** What happened, as kubectl apply says it; `skipped` for a kind podwright does not run. */
  result: 'created' | 'configured' | 'unchanged' | 'skipped' | 'refused';
  object?: StoredObject;
  /** A bare Pod: the runtime runs it (the caller does, with its own options). */
  pod?: true;
  problems: PlanProblem[];
}

/** Where the pod template of a stored kind is, for planning it. */
export function templatePath(kind: string): (string | number)[] | undefined {
  const loc = findPod({ kind, metadata: {} });
  return loc && kind !== 'Pod' ? loc.specPath : undefined;
}

/** Plans a workload's template as one of its pods: the problems its pods would get. */
export function templateProblems(value: Obj, kind: string, data: FileData, options: ApplyOptions): PlanProblem[] {
  const path = templatePath(kind);
  if (!path) return [];
  let spec = asObject(valueAt(value, path));
  const meta = asObject(valueAt(value, [...path.slice(0, -1), 'metadata']));
  // A StatefulSet's pods get a volume for each of its volumeClaimTemplates, named after it.
  if (kind === 'StatefulSet') spec = { ...spec, volumes: withClaimVolumes((spec.volumes ?? []) as Obj[], claimTemplateVolumes(value)) };
  const name = String(asObject(value.metadata).name ?? '');
  return planPod(
    {
      name,
      namespace: namespaceOf(value),
      kind,
      document: 0,
      labels: stringMap(meta.labels),
      annotations: stringMap(meta.annotations),
      spec,
      specPath: formatPath(path, value),
      hostAccess: hostAccessOf(spec, path),
      manifestPath: '',
      manifestHash: '',
    },
    data,
    { allowHostAccess: options.allowHostAccess },
  ).problems;
}

/**
 * Applies the objects of a manifest's text. An error the analysis finds anywhere refuses the whole
 * file, as `run` does; each object is then refused, stored or left unchanged on its own.
 */
export async function applyManifest(
  docker: Docker,
  cluster: string,
  text: string,
  manifestPath: string,
  options: ApplyOptions,
  /** The ConfigMaps, Secrets and claims of the other files applied with this one. */
  alongside: readonly Obj[] = [],
  /**
   * Only these documents (0-based), as the editor applies the one a person pointed at; the file's
   * other ConfigMaps, Secrets and claims then do not count as applied.
   */
  only?: readonly number[],
): Promise<{ documents: ApplyDocument[]; problems: PlanProblem[] }> {
  const wanted = (index: number) => !only || only.includes(index);
  const { file, problems: found } = analyze(text);
  const problems: PlanProblem[] = found
    .filter((p) => p.severity === 'error')
    .map((p) => {
      const { line, col } = lineCol(file, p.range.start);
      return { code: 'invalid' as const, where: `${manifestPath}:${line}:${col}`, message: `${p.message} [${p.rule}]`, rule: p.rule };
    });
  if (problems.length) return { documents: [], problems };
  const existing = await listObjects(docker, cluster);
  const documents: ApplyDocument[] = [];
  // ConfigMaps and Secrets of this file count as applied for the templates planned with it.
  const fileObjects = [...dataObjectsOf({ documents: file.documents.filter((d) => wanted(d.index)) }), ...alongside.filter(isDataObject)]
    .map((v) => ({ kind: String(v.kind), apiVersion: 'v1', metadata: { name: String(asObject(v.metadata).name), namespace: namespaceOf(v), uid: '', generation: 0, creationTimestamp: '', labels: {}, annotations: {} }, body: v, manifest: '', hash: '', options, record: '' }) as StoredObject);
  for (const d of file.documents) {
    if (!wanted(d.index)) continue;
    const value = asObject(d.value);
    const kind = typeof value.kind === 'string' ? value.kind : '';
    if (!kind) continue;
    const name = String(asObject(value.metadata).name ?? '');
    const namespace = namespaceOf(value);
    const base = { document: d.index, kind, name, namespace };
    if (kind === 'Pod') {
      documents.push({ ...base, result: 'created', pod: true, problems: [] });
      continue;
    }
    if (!STORED_KINDS[kind]) {
      documents.push({ ...base, result: 'skipped', problems: [] });
      continue;
    }
    const declared = [...existing, ...fileObjects].filter((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === namespace).map((o) => o.metadata.name);
    const data = { ...dataOf([...existing, ...fileObjects], namespace), claims: await claimsWithTemplates(docker, namespace, value, kind, declared) };
    const current = existing.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
    // What the kind's own validation refuses (a Job's completionMode, a CronJob's schedule …) comes first.
    const refused = [...(CONTROLLERS.get(kind)?.refuse?.(value, current) ?? []), ...templateProblems(value, kind, data, options), ...(kind === 'Service' ? serviceProblems(value) : [])];
    if (refused.length) {
      documents.push({ ...base, result: 'refused', problems: refused });
      continue;
    }
    const { apiVersion, kind: _kind, metadata, status: _status, ...body } = value;
    void _kind;
    void _status;
    const meta = asObject(metadata);
    // What scale, rollout pause or rollout restart set, and the manifest leaves out, stays.
    const { body: merged, kept } = keepCommandFields(body as Obj, current);
    const applied = await putObject(
      docker,
      { kind, apiVersion: String(apiVersion ?? ''), namespace, name, labels: stringMap(meta.labels), annotations: stringMap(meta.annotations), body: merged, manifest: manifestPath, options, cluster, deletionTimestamp: current?.metadata.deletionTimestamp, setByCommand: kept },
      current,
    );
    documents.push({ ...base, result: applied.result, object: applied.object, problems: [] });
  }
  return { documents, problems: [] };
}

const isDataObject = (v: Obj) => v.kind === 'ConfigMap' || v.kind === 'Secret' || v.kind === 'PersistentVolumeClaim';

/** The ConfigMaps, Secrets and claims a file declares: what the pods of the files applied with it may use. */
export function dataObjectsOf(file: { documents: readonly { value: unknown }[] }): Obj[] {
  return file.documents.map((d) => asObject(d.value)).filter(isDataObject);
}

/** updateStorage: a template volume named as a claim template is that claim; the other claims follow. */
function withClaimVolumes(volumes: Obj[], claims: Obj[]): Obj[] {
  const byName = new Map(claims.map((c) => [String(c.name), c]));
  return [...volumes.map((v) => byName.get(String(v.name)) ?? v), ...claims.filter((c) => !volumes.some((v) => v.name === c.name))];
}

/** The volumes a StatefulSet adds to its pods, one per volumeClaimTemplate, before the pod's own claim names are known. */
export function claimTemplateVolumes(value: Obj): Obj[] {
  return ((asObject(value.spec).volumeClaimTemplates ?? []) as Obj[]).map((t) => {
    const name = String(asObject(t.metadata).name);
    return { name, persistentVolumeClaim: { claimName: name } };
  });
}

/**
 * The claims a template may mount: those on the engine, those applied as objects or in this same
 * manifest (the manager makes their volumes before the pods), and a StatefulSet's own templates.
 */
async function claimsWithTemplates(docker: Docker, namespace: string, value: Obj, kind: string, declared: readonly string[]): Promise<Map<string, string>> {
  const claims = await claimsOf(docker, namespace);
  for (const name of declared) if (!claims.has(name)) claims.set(name, claimVolumeName(namespace, name));
  if (kind === 'StatefulSet') for (const v of claimTemplateVolumes(value)) claims.set(String(v.name), `template:${String(v.name)}`);
  return claims;
}

export type { ParsedDocument };
