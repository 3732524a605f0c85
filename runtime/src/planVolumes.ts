// Pod volumes the runtime can give a container on Docker. Anything else is refused here, before any
// engine object exists, with the field path and what to do.
import { asObject as obj, listOf as list, type Obj } from '../../analysis/src';
import type { FileData, PodMeta } from './planEnv';
import { podFieldValue } from './planEnv';
import { parseBytes } from './quantities';
import type { FileEntry, PlanVolume, ReportProblem } from './types';

const SUPPORTED = 'emptyDir, hostPath, configMap, secret, downwardAPI, persistentVolumeClaim';

// hostPath volumes are planned like any other: whether they may reach the host is the caller's
// decision (hostAccessOf in the analysis), made once for every field that does.
export function buildVolumes(spec: Obj, data: FileData, meta: PodMeta, err: ReportProblem, fsGroup?: number): PlanVolume[] {
  const out: PlanVolume[] = [];
  // With fsGroup the kubelet gives the files to that group and lets it read them (SetVolumeOwnership,
  // pkg/volume/volume_linux.go: read-only volumes get the mask 0440).
  const owned = (files: FileEntry[]) => (fsGroup === undefined ? files : files.map((f) => ({ ...f, mode: f.mode | 0o040 })));
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
      out.push({ name, kind: 'hostPath', path: String(obj(o.hostPath).path) });
    } else if (source === 'configMap' || source === 'secret') {
      const s = obj(o[source]);
      const refName = String(source === 'secret' ? s.secretName : s.name);
      const kind = source === 'secret' ? 'Secret' : 'ConfigMap';
      const content = (source === 'secret' ? data.secrets : data.configMaps).get(refName);
      const defaultMode = typeof s.defaultMode === 'number' ? s.defaultMode : 0o644;
      if (!content) {
        if (s.optional !== true) err(`${at}.${source}`, `${kind} '${refName}' is not defined in this file; add it to the file, or mark the volume optional.`, 'missing-reference');
        out.push({ name, kind: 'files', source, files: [], gid: fsGroup });
        return;
      }
      const files: FileEntry[] = [];
      if (Array.isArray(s.items)) {
        list(s.items).forEach((it, j) => {
          const item = obj(it);
          const value = content.get(String(item.key));
          if (value === undefined) {
            if (s.optional !== true) err(`${at}.${source}.items[${j}].key`, `${kind} '${refName}' has no key '${String(item.key)}'.`, 'missing-reference');
            return;
          }
          files.push({ path: String(item.path), data: value, mode: typeof item.mode === 'number' ? item.mode : defaultMode });
        });
      } else {
        for (const [k, value] of content) files.push({ path: k, data: value, mode: defaultMode });
      }
      out.push({ name, kind: 'files', source, files: owned(files), gid: fsGroup });
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
      out.push({ name, kind: 'files', source: 'downwardAPI', files: owned(files), gid: fsGroup });
    } else if (source === 'persistentVolumeClaim') {
      // A claim's data lives in an engine volume of its own that outlives every pod (workloads/claims.ts).
      const s = obj(o.persistentVolumeClaim);
      const claim = String(s.claimName);
      const volume = data.claims?.get(claim);
      if (!volume) {
        // The scheduler's words for it (volumebinding: ErrReasonPVCNotFound), and what to do.
        err(`${at}.persistentVolumeClaim.claimName`, `persistentvolumeclaim "${claim}" not found in namespace '${meta.namespace}'; apply it first.`, 'missing-reference');
        return;
      }
      out.push({ name, kind: 'claim', volume, readOnly: s.readOnly === true });
    } else {
      err(`${at}.${source}`, `${source} volumes cannot run on the local engine; podwright supports ${SUPPORTED}.`);
    }
  });
  return out;
}
