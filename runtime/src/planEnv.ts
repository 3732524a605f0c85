// Environment of a container as the kubelet builds it (makeEnvironmentVariables in
// pkg/kubelet/kubelet_pods.go): envFrom first, then env in order, each `value` expanded against
// what is defined before it; configMap and secret references resolved from the same file.
import { totalmem, cpus } from 'node:os';
import { asObject as obj, listOf as list, type Obj, type ParsedFile } from '../../analysis/src';
import { expand } from './expand';
import { parseBytes, parseMilliCpu } from './quantities';
import { podFieldValue, type PodMeta } from './downward';
import type { PlanEnv, ReportProblem } from './types';

export { podFieldValue, type PodMeta } from './downward';

/** ConfigMaps and Secrets of the file, with their decoded data. */
export interface FileData {
  configMaps: Map<string, Map<string, Buffer>>;
  secrets: Map<string, Map<string, Buffer>>;
  /** PersistentVolumeClaims that exist: claim name to the engine volume that holds its data. */
  claims?: Map<string, string>;
}

export function fileDataOf(file: ParsedFile): FileData {
  const out: FileData = { configMaps: new Map(), secrets: new Map() };
  for (const d of file.documents) {
    const v = obj(d.value);
    const name = obj(v.metadata).name;
    if (v.apiVersion !== 'v1' || typeof name !== 'string') continue;
    const data = new Map<string, Buffer>();
    if (v.kind === 'ConfigMap') {
      for (const [k, x] of Object.entries(obj(v.data))) data.set(k, Buffer.from(String(x), 'utf8'));
      for (const [k, x] of Object.entries(obj(v.binaryData))) data.set(k, Buffer.from(String(x), 'base64'));
      out.configMaps.set(name, data);
    } else if (v.kind === 'Secret') {
      for (const [k, x] of Object.entries(obj(v.data))) data.set(k, Buffer.from(String(x), 'base64'));
      // stringData is merged over data by the API server.
      for (const [k, x] of Object.entries(obj(v.stringData))) data.set(k, Buffer.from(String(x), 'utf8'));
      out.secrets.set(name, data);
    }
  }
  return out;
}

interface Resources {
  memoryLimit?: number;
  cpuLimit?: number;
  cpuRequest?: number;
}

export function buildEnv(c: Obj, path: string, data: FileData, meta: PodMeta, res: Resources, err: ReportProblem): PlanEnv[] {
  const env: PlanEnv[] = [];
  const set = (e: PlanEnv) => {
    const i = env.findIndex((x) => x.name === e.name);
    if (i >= 0) env[i] = e;
    else env.push(e);
  };
  list(c.envFrom).forEach((f, i) => {
    const o = obj(f);
    const prefix = typeof o.prefix === 'string' ? o.prefix : '';
    const ref = obj(o.configMapRef ?? o.secretRef);
    const kind = o.configMapRef ? 'ConfigMap' : 'Secret';
    const source = (o.configMapRef ? data.configMaps : data.secrets).get(String(ref.name));
    if (!source) {
      if (ref.optional !== true) err(`${path}.envFrom[${i}]`, `${kind} '${String(ref.name)}' is not defined in this file; add it, or mark the reference optional.`, 'missing-reference');
      return;
    }
    for (const [k, v] of source) set({ name: prefix + k, value: v.toString('utf8') });
  });
  list(c.env).forEach((e, i) => {
    const o = obj(e);
    const name = String(o.name);
    const lookup = (n: string) => env.find((x) => x.name === n && x.value !== undefined)?.value;
    if (o.valueFrom === undefined) {
      set({ name, value: expand(o.value === undefined ? '' : String(o.value), lookup) });
      return;
    }
    const from = obj(o.valueFrom);
    const at = `${path}.env[${i}].valueFrom`;
    if (from.fieldRef) {
      const fp = String(obj(from.fieldRef).fieldPath);
      if (fp === 'status.podIP' || fp === 'status.podIPs' || fp === 'status.hostIP' || fp === 'status.hostIPs') {
        set({ name, podField: fp });
        return;
      }
      const v = podFieldValue(fp, meta);
      if (v === undefined) err(`${at}.fieldRef.fieldPath`, `fieldRef '${fp}' is not supported by podwright.`);
      else set({ name, value: v });
    } else if (from.configMapKeyRef || from.secretKeyRef) {
      const isCm = !!from.configMapKeyRef;
      const ref = obj(from.configMapKeyRef ?? from.secretKeyRef);
      const kind = isCm ? 'ConfigMap' : 'Secret';
      const v = (isCm ? data.configMaps : data.secrets).get(String(ref.name))?.get(String(ref.key));
      if (v === undefined) {
        if (ref.optional !== true) err(at, `${kind} '${String(ref.name)}' with key '${String(ref.key)}' is not defined in this file; add it, or mark the reference optional.`, 'missing-reference');
        return;
      }
      set({ name, value: v.toString('utf8') });
    } else if (from.resourceFieldRef) {
      const r = obj(from.resourceFieldRef);
      const divisor = typeof r.divisor === 'string' && r.divisor !== '1' ? r.divisor : undefined;
      const v = resourceValue(String(r.resource), res, divisor);
      if (v === undefined) err(`${at}.resourceFieldRef`, `resourceFieldRef '${String(r.resource)}' is not supported by podwright.`);
      else set({ name, value: v });
    } else {
      err(at, 'this env source is not supported by podwright.');
    }
  });
  return env;
}

function resourceValue(resource: string, res: Resources, divisor?: string): string | undefined {
  // Without a limit the kubelet reports the node's allocatable; here the node is the engine's host.
  if (resource === 'limits.memory' || resource === 'requests.memory') {
    const bytes = res.memoryLimit ?? totalmem();
    const d = divisor ? parseBytes(divisor) : 1;
    return String(Math.ceil(bytes / d));
  }
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    const milli = (resource === 'limits.cpu' ? res.cpuLimit : res.cpuRequest) ?? cpus().length * 1000;
    const d = divisor ? parseMilliCpu(divisor) : 1000;
    return String(Math.ceil(milli / d));
  }
  return undefined;
}
