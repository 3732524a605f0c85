// Environment variables (pkg/apis/core/validation/validation.go):
// - ValidateEnv: a name is required; from Kubernetes 1.32 (RelaxedEnvironmentVariableValidation,
//   beta in 1.32, GA in 1.34) any printable ASCII but '=' (IsRelaxedEnvVarName), before that a C-like
//   identifier that may also hold '-' and '.', not starting with a digit (IsEnvVarName);
// - ValidateEnvFrom: exactly one of configMapRef/secretRef; a prefix follows the same name rule;
// - validateEnvVarValueFrom: exactly one source, and not together with a non-empty value;
// - validateObjectFieldSelector: apiVersion v1 and a fieldPath env supports (metadata.labels['k'] and
//   metadata.annotations['k'] with a subscript only);
// - validateContainerResourceFieldSelector: limits/requests of cpu, memory, ephemeral-storage,
//   hugepages-*;
// - validateConfigMapKeySelector / validateSecretKeySelector: a DNS-1123 subdomain name, a key of
//   [-._a-zA-Z0-9].
// And a warning from pkg/api/pod/warnings.go: a later entry with the same name hides an earlier one
// ("may be dropped when using apply"), unless it builds on it with $(NAME).
import type { PodContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { removeKey, removeSeqItem, replaceScalar } from './edits';
import { closest, containersOf, ContainerView, dnsSubdomainProblem, isObject, isPlaceholder, isSet, listOf, minor, objAt, q, str } from './support';

export const ID = 'env';

const FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const RESOURCES = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
// fileKeyRef (EnvFiles, alpha in 1.34) is counted so that a cluster with the gate on is not contradicted.
const SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

function nameProblem(name: string, relaxed: boolean): string | null {
  if (relaxed) {
    // eslint-disable-next-line no-control-regex
    return /^[\x20-\x3c\x3e-\x7e]+$/.test(name) ? null : "may contain only printable ASCII characters other than '='";
  }
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) return "must consist of letters, digits, '_', '-' and '.', and not start with a digit";
  if (name === '.' || name === '..' || name.startsWith('..')) return "must not be '.' or '..' or start with '..'";
  return null;
}

function relaxedFrom(ctx: PodContext): boolean {
  return minor(ctx.kubernetesVersion) >= 32;
}

function checkName(ctx: PodContext, path: Segment[], name: string, what: string): void {
  if (isPlaceholder(name)) return;
  const problem = nameProblem(name, relaxedFrom(ctx));
  if (problem) {
    const hint = relaxedFrom(ctx) ? '' : ` (Kubernetes ${ctx.kubernetesVersion}; 1.32 and later accept any printable ASCII but '=')`;
    ctx.report({ path, message: `${what} ${q(name)} is not a valid environment variable name: it ${problem}${hint}.` });
  }
}

function checkFieldRef(ctx: PodContext, path: Segment[], ref: Record<string, unknown>): void {
  const apiVersion = str(ref, 'apiVersion');
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== 'v1') {
    ctx.report({ path: [...path, 'apiVersion'], message: `fieldRef.apiVersion ${q(apiVersion)} is not supported: use v1 (or leave it out).` });
    return;
  }
  const fieldPath = str(ref, 'fieldPath');
  if (fieldPath === undefined) return;
  if (fieldPath === '') {
    ctx.report({ path: [...path, 'fieldPath'], message: 'fieldRef.fieldPath must not be empty.' });
    return;
  }
  const sub = /^(metadata\.(?:labels|annotations))\[(['"]?)(.*)\2\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[3].toLowerCase() : sub[3];
    if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key) || key.length > 316) {
      ctx.report({ path: [...path, 'fieldPath'], message: `${q(sub[3])} is not a valid label or annotation key.` });
    }
    return;
  }
  // spec.host is an old spelling of spec.nodeName that ConvertDownwardAPIFieldLabel still accepts.
  if (FIELD_PATHS.includes(fieldPath) || fieldPath === 'spec.host') return;
  const suggestion = fieldPath === 'metadata.labels' || fieldPath === 'metadata.annotations' ? null : closest(fieldPath, FIELD_PATHS);
  const edit = suggestion ? replaceScalar(ctx, [...path, 'fieldPath'], suggestion) : null;
  const why =
    fieldPath === 'metadata.labels' || fieldPath === 'metadata.annotations'
      ? `an env var takes one key: ${fieldPath}['key'] (the whole map is available in a downwardAPI volume)`
      : `use one of ${FIELD_PATHS.join(', ')}, metadata.labels['key'] or metadata.annotations['key']`;
  ctx.report({
    path: [...path, 'fieldPath'],
    message: `fieldRef.fieldPath ${q(fieldPath)} is not supported in env: ${why}.`,
    fixes: edit && suggestion ? [{ title: `Change to '${suggestion}'`, edits: [edit], preferred: true }] : undefined,
  });
}

function checkResourceFieldRef(ctx: PodContext, path: Segment[], ref: Record<string, unknown>): void {
  const resource = str(ref, 'resource');
  if (resource === undefined) return;
  if (RESOURCES.includes(resource) || /^(requests|limits)\.hugepages-/.test(resource)) return;
  const suggestion = closest(resource, RESOURCES);
  const edit = suggestion ? replaceScalar(ctx, [...path, 'resource'], suggestion) : null;
  ctx.report({
    path: [...path, 'resource'],
    message: resource === '' ? 'resourceFieldRef.resource must not be empty.' : `resourceFieldRef.resource ${q(resource)} is not supported: use one of ${RESOURCES.join(', ')} or limits/requests.hugepages-<size>.`,
    fixes: edit && suggestion ? [{ title: `Change to '${suggestion}'`, edits: [edit], preferred: true }] : undefined,
  });
}

function checkKeyRef(ctx: PodContext, path: Segment[], ref: Record<string, unknown>, what: string): void {
  const name = ref.name;
  // An empty or missing name fails NameIsDNSSubdomain: the API server needs to know which object.
  if (name === undefined || name === null || name === '') {
    ctx.report({ path: [...path, 'name'], anchor: 'key', message: `${what} needs the name of the ${what === 'configMapKeyRef' ? 'ConfigMap' : 'Secret'}.` });
  } else if (typeof name === 'string' && !isPlaceholder(name)) {
    const problem = dnsSubdomainProblem(name);
    if (problem) ctx.report({ path: [...path, 'name'], message: `${what}.name ${q(name)} is not a valid object name: it ${problem}.` });
  }
  const key = str(ref, 'key');
  if (key !== undefined && !isPlaceholder(key) && (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253 || key === '.' || key === '..' || key.startsWith('..'))) {
    ctx.report({ path: [...path, 'key'], message: `${what}.key ${q(key)} is not a valid key: use letters, digits, '-', '_' and '.'.` });
  }
}

function checkValueFrom(ctx: PodContext, envPath: Segment[], entry: Record<string, unknown>): void {
  const valueFrom = objAt(entry, 'valueFrom');
  if (!valueFrom) return;
  const path = [...envPath, 'valueFrom'];
  const sources = SOURCES.filter((s) => isSet(valueFrom, s));
  const value = entry.value;
  if (sources.length === 0) {
    ctx.report({ path, anchor: 'key', message: 'valueFrom needs one source: fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef.' });
  } else if (typeof value === 'string' && value !== '') {
    const edit = removeKey(ctx, [...envPath, 'value']);
    ctx.report({
      path: [...envPath, 'value'],
      anchor: 'key',
      message: 'An env var takes value or valueFrom, not both.',
      related: [{ path, anchor: 'key', message: 'valueFrom set here' }],
      fixes: edit ? [{ title: 'Remove value (keep valueFrom)', edits: [edit], preferred: false }] : undefined,
    });
  } else if (sources.length > 1) {
    for (const extra of sources.slice(1)) {
      ctx.report({
        path: [...path, extra],
        anchor: 'key',
        message: `valueFrom takes one source, and ${sources[0]} is already set.`,
        related: [{ path: [...path, sources[0]], anchor: 'key', message: `${sources[0]} set here` }],
      });
    }
  }
  const fieldRef = objAt(valueFrom, 'fieldRef');
  if (fieldRef) checkFieldRef(ctx, [...path, 'fieldRef'], fieldRef);
  const resourceFieldRef = objAt(valueFrom, 'resourceFieldRef');
  if (resourceFieldRef) checkResourceFieldRef(ctx, [...path, 'resourceFieldRef'], resourceFieldRef);
  for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
    const ref = objAt(valueFrom, kind);
    if (ref) checkKeyRef(ctx, [...path, kind], ref, kind);
  }
}

function checkHiding(ctx: PodContext, c: ContainerView): void {
  const first = new Map<string, number>();
  listOf(c.value.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const name = str(e, 'name');
    if (name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    // warnings.go: fine only when the later entry is a plain value that refers to the earlier one.
    const ref = `$(${name})`;
    const value = typeof e.value === 'string' ? e.value : '';
    if (!isSet(e, 'valueFrom') && value !== ref && value.includes(ref)) return;
    const edit = removeSeqItem(ctx, [...c.path, 'env'], earlier);
    ctx.report({
      path: [...c.path, 'env', i, 'name'],
      severity: 'warning',
      message: `env ${q(name)} is defined twice; this later entry hides env[${earlier}], which may be dropped when using kubectl apply.`,
      related: [{ path: [...c.path, 'env', earlier, 'name'], message: `${q(name)} first defined here` }],
      fixes: edit ? [{ title: `Remove the earlier definition env[${earlier}]`, edits: [edit], preferred: true }] : undefined,
    });
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'An env var the API server rejects (bad name, valueFrom with no or two sources, an unsupported fieldRef); warns when one hides another.',
  check(ctx) {
    for (const c of containersOf(ctx)) {
      listOf(c.value.env).forEach((e, i) => {
        if (!isObject(e)) return;
        const path = [...c.path, 'env', i];
        const name = str(e, 'name');
        if (name === '') ctx.report({ path: [...path, 'name'], message: 'An env var needs a name.' });
        else if (name !== undefined) checkName(ctx, [...path, 'name'], name, 'env');
        checkValueFrom(ctx, path, e);
      });
      listOf(c.value.envFrom).forEach((e, i) => {
        if (!isObject(e)) return;
        const path = [...c.path, 'envFrom', i];
        const prefix = str(e, 'prefix');
        if (prefix) checkName(ctx, [...path, 'prefix'], prefix, 'envFrom prefix');
        const sources = ['configMapRef', 'secretRef'].filter((s) => isSet(e, s));
        if (sources.length === 0) ctx.report({ path, anchor: 'key', message: 'envFrom needs one of configMapRef or secretRef.' });
        else if (sources.length > 1) {
          ctx.report({ path: [...path, sources[1]], anchor: 'key', message: 'envFrom takes one source per entry: put configMapRef and secretRef in separate entries.' });
        }
      });
      checkHiding(ctx, c);
    }
  },
};
