// Pod volumes the runtime can give a container on Docker. Anything else is refused here, before any
// engine object exists, with the field path and what to do.
import type { FileData, PodMeta } from './planEnv';
import { podFieldValue } from './planEnv';
import { parseBytes } from './expand';
import type { FileEntry, PlanVolume } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const SUPPORTED = 'emptyDir, hostPath, configMap, secret, downwardAPI';

export function buildVolumes(spec: Obj, data: FileData, meta: PodMeta, allowHost: boolean, err: (path: string, message: string) => void): PlanVolume[] {
  const out: PlanVolume[] = [];
  list(spec.volumes).forEach((v, i) => {
    const o = obj(v);
    const name = String(o.name);
    const at = `volumes[${i}]`;
    const source = Object.keys(o).find((k) => k !== 'name');
    // A volume with no source is an emptyDir (SetDefaults_Volume).
    if (!source || source === 'emptyDir') {
      const e = obj(o.emptyDir);
      const size = e.sizeLimit !== undefined ? parseBytes(e.sizeLimit) : undefined;
      out.push({ name, kind: 'emptyDir', memory: e.medium === 'Memory', sizeLimit: Number.isFinite(size) ? size : undefined });
    } else if (source === 'hostPath') {
      if (!allowHost) err(`${at}.hostPath`, 'a hostPath volume reaches the host; run with --allow-host-access to allow it.');
      out.push({ name, kind: 'hostPath', path: String(obj(o.hostPath).path) });
    } else if (source === 'configMap' || source === 'secret') {
      const s = obj(o[source]);
      const refName = String(source === 'secret' ? s.secretName : s.name);
      const kind = source === 'secret' ? 'Secret' : 'ConfigMap';
      const content = (source === 'secret' ? data.secrets : data.configMaps).get(refName);
      const defaultMode = typeof s.defaultMode === 'number' ? s.defaultMode : 0o644;
      if (!content) {
        if (s.optional !== true) err(`${at}.${source}`, `${kind} '${refName}' is not defined in this file; add it to the file, or mark the volume optional.`);
        out.push({ name, kind: 'files', source, files: [] });
        return;
      }
      const files: FileEntry[] = [];
      if (Array.isArray(s.items)) {
        list(s.items).forEach((it, j) => {
          const item = obj(it);
          const value = content.get(String(item.key));
          if (value === undefined) {
            if (s.optional !== true) err(`${at}.${source}.items[${j}].key`, `${kind} '${refName}' has no key '${String(item.key)}'.`);
            return;
          }
          files.push({ path: String(item.path), data: value, mode: typeof item.mode === 'number' ? item.mode : defaultMode });
        });
      } else {
        for (const [k, value] of content) files.push({ path: k, data: value, mode: defaultMode });
      }
      out.push({ name, kind: 'files', source, files });
    } else if (source === 'downwardAPI') {
      const s = obj(o.downwardAPI);
      const defaultMode = typeof s.defaultMode === 'number' ? s.defaultMode : 0o644;
      const files: FileEntry[] = [];
      list(s.items).forEach((it, j) => {
        const item = obj(it);
        const fp = String(obj(item.fieldRef).fieldPath);
        const value = item.fieldRef ? podFieldValue(fp, meta) : undefined;
        if (value === undefined) {
          err(`${at}.downwardAPI.items[${j}]`, 'podwright supports downwardAPI fieldRef of metadata (name, namespace, uid, labels, annotations) only.');
          return;
        }
        files.push({ path: String(item.path), data: Buffer.from(value, 'utf8'), mode: typeof item.mode === 'number' ? item.mode : defaultMode });
      });
      out.push({ name, kind: 'files', source: 'downwardAPI', files });
    } else {
      err(`${at}.${source}`, `${source} volumes cannot run on the local engine; podwright supports ${SUPPORTED}.`);
    }
  });
  return out;
}
