// A PersistentVolumeClaim's spec as pkg/apis/core/validation/validation.go validates it
// (ValidatePersistentVolumeClaim → ValidatePersistentVolumeClaimSpec, validateDataSource):
// - accessModes required ("at least 1 access mode is required"); ReadWriteOncePod not with another
//   mode ("may not use ReadWriteOncePod with other access modes");
// - resources.requests.storage required and greater than zero, reported at spec.resources[storage]
//   (the path the API server prints: fldPath.Child("resources").Key("storage"));
// - dataSource: name and kind required; without an apiGroup only kind PersistentVolumeClaim ("must be
//   'PersistentVolumeClaim' when referencing the default apiGroup"); an apiGroup a DNS-1123
//   subdomain; with dataSourceRef too, the two must match;
// - storageClassName, when not empty, a DNS-1123 subdomain (ValidateClassName).
// The same checks on a StatefulSet's volumeClaimTemplates: the API server validates the StatefulSet
// without them, and the controller's creation of each claim is what is refused, so they are warnings
// there. The enums (accessModes' and volumeMode's values) are the schema's.
import { parseQuantity } from '../../quantity';
import type { ObjectContext, PodRule, Report } from '../../rule';
import type { Segment, Severity } from '../../types';
import { objectOf, specOf } from './objectFields';
import { dnsSubdomainProblem, isObject, isPlaceholder, isSet, listOf, q, str } from './support';

export const ID = 'pvc-fields';

/** `spec.resources[storage]` under `at`, as the API server writes it. */
function storagePath(at: Segment[]): string {
  return `${at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')}.resources[storage]`;
}

function checkDataSource(report: (r: Report) => void, spec: Record<string, unknown>, at: Segment[]): void {
  const ds = spec.dataSource;
  if (!isObject(ds)) return;
  const path = [...at, 'dataSource'];
  for (const key of ['name', 'kind']) {
    if (!str(ds, key)) report({ path, apiPath: [...path, key], anchor: 'key', message: `dataSource needs a ${key}.` });
  }
  const kind = str(ds, 'kind');
  const group = str(ds, 'apiGroup') ?? '';
  if (kind && group === '' && kind !== 'PersistentVolumeClaim') {
    report({
      path: [...path, 'kind'],
      apiPath: path,
      message: `dataSource kind ${q(kind)} needs its apiGroup (such as snapshot.storage.k8s.io for a VolumeSnapshot): without one it must be 'PersistentVolumeClaim'.`,
    });
  }
  if (group !== '' && !isPlaceholder(group)) {
    const problem = dnsSubdomainProblem(group);
    if (problem) report({ path: [...path, 'apiGroup'], message: `apiGroup ${q(group)} is not a valid API group: it ${problem}.` });
  }
  const ref = spec.dataSourceRef;
  if (isObject(ref) && !isSet(ref, 'namespace')) {
    const same = (k: string) => (str(ds, k) ?? '') === (str(ref, k) ?? '');
    if (!same('kind') || !same('name') || !same('apiGroup')) {
      report({ path, anchor: 'key', message: 'dataSource must match dataSourceRef when both are set (or leave dataSource out).' });
    }
  }
}

/** The problems of a PersistentVolumeClaimSpec at `at` (`spec`, or a claim template's `spec`). */
export function claimSpecProblems(spec: Record<string, unknown>, at: Segment[], severity: Severity, why = ''): Report[] {
  const out: Report[] = [];
  const report = (r: Report) => out.push({ ...r, severity, message: r.message + why });
  const modes = listOf(spec.accessModes).filter((m): m is string => typeof m === 'string');
  if (modes.length === 0) {
    report({
      path: isSet(spec, 'accessModes') ? [...at, 'accessModes'] : at,
      apiPath: [...at, 'accessModes'],
      anchor: 'key',
      message: 'accessModes is required: at least 1 access mode, such as ReadWriteOnce.',
    });
  } else if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod')) {
    report({ path: [...at, 'accessModes'], anchor: 'key', message: 'accessModes may not use ReadWriteOncePod with other access modes.' });
  }
  const resources = isObject(spec.resources) ? spec.resources : null;
  const requests = resources && isObject(resources.requests) ? resources.requests : null;
  const storage = requests ? requests.storage : undefined;
  if (storage === undefined || storage === null) {
    const where: Segment[] = requests ? [...at, 'resources', 'requests'] : resources ? [...at, 'resources'] : at;
    report({ path: where, apiPath: storagePath(at), anchor: 'key', message: 'A claim needs a storage request: resources.requests.storage, such as 1Gi.' });
  } else if (!(typeof storage === 'string' && isPlaceholder(storage))) {
    const quantity = parseQuantity(storage);
    // A quantity that does not parse is the schema's finding.
    if (quantity && quantity.num <= 0n) {
      report({ path: [...at, 'resources', 'requests', 'storage'], apiPath: storagePath(at), message: `The storage request must be greater than zero, not ${q(storage)}.` });
    }
  }
  const storageClass = str(spec, 'storageClassName');
  if (storageClass && !isPlaceholder(storageClass)) {
    const problem = dnsSubdomainProblem(storageClass);
    if (problem) report({ path: [...at, 'storageClassName'], message: `storageClassName ${q(storageClass)} is not a valid class name: it ${problem}.` });
  }
  checkDataSource(report, spec, at);
  return out;
}

function checkObject(ctx: ObjectContext): void {
  if (objectOf(ctx, 'v1', ['PersistentVolumeClaim'])) {
    const spec = specOf(ctx.value);
    if (spec) for (const r of claimSpecProblems(spec, ['spec'], 'error')) ctx.report(r);
    return;
  }
  if (!objectOf(ctx, 'apps/v1', ['StatefulSet'])) return;
  const spec = specOf(ctx.value);
  if (!spec) return;
  listOf(spec.volumeClaimTemplates).forEach((t, i) => {
    if (!isObject(t) || !isObject(t.spec)) return;
    const why = ' The StatefulSet is accepted, but creating this claim for each pod is refused, so its pods never start.';
    for (const r of claimSpecProblems(t.spec, ['spec', 'volumeClaimTemplates', i, 'spec'], 'warning', why)) ctx.report(r);
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A PersistentVolumeClaim's (or a StatefulSet claim template's) access modes, storage request or data source that the API server rejects.",
  checkObject,
  check: () => undefined,
};
