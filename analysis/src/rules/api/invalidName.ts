// Names the API server checks the format of (pkg/apis/core/validation/validation.go):
// - the object's metadata.name / generateName: a DNS-1123 subdomain (ValidateObjectMeta with
//   ValidatePodName, NameIsDNSSubdomain; a CronJob's at most 52 characters, ValidateCronJob);
// - container, init container, ephemeral container and volume names, spec.hostname and
//   spec.subdomain: DNS-1123 labels (validateContainerCommon, ValidateVolumes, ValidatePodSpec);
// - port names: IANA service names (validateContainerPorts → IsValidPortName);
// - serviceAccountName, priorityClassName, nodeName, runtimeClassName: DNS-1123 subdomains.
// A pod template's own metadata.name is not validated (ValidatePodTemplateSpec), so it is skipped.
// Of every object, pod or not:
// - metadata.namespace: a DNS-1123 label (ValidateObjectMeta → ValidateNamespaceName, NameIsDNSLabel);
// - the names of the objects that are no pods: a Service's a DNS-1035 label (ValidateServiceName,
//   NameIsDNS1035Label: a letter first, since it becomes an environment variable prefix and a DNS
//   name; RelaxedServiceNameValidation, alpha in 1.34, is off by default); a Namespace's a DNS-1123
//   label (ValidateNamespaceName); a ServiceAccount's, ConfigMap's, Secret's and
//   PersistentVolumeClaim's a DNS-1123 subdomain (ValidateServiceAccountName, ValidateConfigMapName,
//   ValidateSecretName, ValidatePersistentVolumeName);
// - the keys of a ConfigMap's data and binaryData and of a Secret's data and stringData
//   (ValidateConfigMap, ValidateSecret → IsConfigMapKey in k8s.io/apimachinery/pkg/util/validation).
import type { ObjectContext, PodContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { replaceScalar } from './edits';
import { configKeyProblem, containersOf, dnsLabelProblem, dnsSubdomainProblem, isObject, isPlaceholder, listOf, portNameProblem, q, str, toDnsLabel } from './support';

export const ID = 'invalid-name';

function renameFix(ctx: PodContext, path: Segment[], value: string): Fix[] | undefined {
  const better = toDnsLabel(value);
  const edit = better && better !== value ? replaceScalar(ctx, path, better) : null;
  return edit ? [{ title: `Rename to '${better}'`, edits: [edit], preferred: true }] : undefined;
}

function checkObjectName(ctx: PodContext): void {
  const root = ctx.document.value;
  if (!isObject(root)) return;
  const meta = isObject(root.metadata) ? root.metadata : null;
  const name = meta ? meta.name : undefined;
  const generateName = meta ? meta.generateName : undefined;
  const kind = ctx.pod.kind || 'object';
  // A CronJob's name gets an 11-character suffix per Job, and Job names end up in label values.
  const max = kind === 'CronJob' ? 52 : 253;
  if ((name === undefined || name === null || name === '') && (generateName === undefined || generateName === null || generateName === '')) {
    ctx.report({
      path: ['metadata', 'name'],
      anchor: 'key',
      message: `A ${kind} needs metadata.name (or metadata.generateName).`,
    });
    return;
  }
  if (typeof name === 'string' && name !== '' && !isPlaceholder(name)) {
    const problem = dnsSubdomainProblem(name, false, max);
    if (problem) {
      const better = toDnsLabel(name);
      const edit = better && better !== name ? replaceScalar(ctx, ['metadata', 'name'], better) : null;
      ctx.report({
        path: ['metadata', 'name'],
        message: `${kind} name ${q(name)} is not a valid DNS-1123 subdomain: it ${problem}.`,
        fixes: edit ? [{ title: `Rename to '${better}'`, edits: [edit], preferred: true }] : undefined,
      });
    }
  }
  if (typeof generateName === 'string' && generateName !== '' && !isPlaceholder(generateName)) {
    const problem = dnsSubdomainProblem(generateName, true, max);
    if (problem) {
      ctx.report({
        path: ['metadata', 'generateName'],
        message: `metadata.generateName ${q(generateName)} is not a valid name prefix: it ${problem} (a trailing '-' is allowed).`,
      });
    }
  }
}

function checkLabel(ctx: PodContext, path: Segment[], value: unknown, what: string, fix: boolean): void {
  if (typeof value !== 'string' || isPlaceholder(value)) return;
  if (value === '') {
    ctx.report({ path, message: `${what} must not be empty.` });
    return;
  }
  const problem = dnsLabelProblem(value);
  if (problem) {
    ctx.report({
      path,
      message: `${what} ${q(value)} is not a valid DNS-1123 label: it ${problem}.`,
      fixes: fix ? renameFix(ctx, path, value) : undefined,
    });
  }
}

/** The fields whose keys become file names or variables: IsConfigMapKey. */
const KEYED: Record<string, string[]> = { ConfigMap: ['data', 'binaryData'], Secret: ['data', 'stringData'] };

/** What the name of a core object that is not a pod must be. */
const NAME_FORMAT: Record<string, 'dns1035' | 'label' | 'subdomain'> = {
  Service: 'dns1035',
  Namespace: 'label',
  ServiceAccount: 'subdomain',
  ConfigMap: 'subdomain',
  Secret: 'subdomain',
  PersistentVolumeClaim: 'subdomain',
};

function dns1035Problem(value: string): string | null {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) return "must consist of lower case letters, digits and '-', start with a letter and end with a letter or digit";
  return null;
}

function checkCoreObjectName(ctx: ObjectContext, meta: Record<string, unknown>): void {
  const kind = ctx.value.kind;
  if (ctx.value.apiVersion !== 'v1' || typeof kind !== 'string' || !Object.hasOwn(NAME_FORMAT, kind)) return;
  const format = NAME_FORMAT[kind];
  for (const key of ['name', 'generateName'] as const) {
    const value = meta[key];
    if (typeof value !== 'string' || value === '' || isPlaceholder(value)) continue;
    // A generateName is a prefix: the API server appends 5 characters, and may end it in '-'.
    const checked = key === 'generateName' && value.endsWith('-') ? value.slice(0, -1) + 'a' : value;
    const problem = format === 'dns1035' ? dns1035Problem(checked) : format === 'label' ? dnsLabelProblem(checked) : dnsSubdomainProblem(checked);
    if (!problem) continue;
    const what = format === 'dns1035' ? 'a valid DNS-1035 label' : format === 'label' ? 'a valid DNS-1123 label' : 'a valid DNS-1123 subdomain';
    const better = format === 'subdomain' ? null : toDnsLabel(value);
    const fixable = better && better !== value && (format !== 'dns1035' || !dns1035Problem(better));
    const edit = fixable && better ? replaceScalar(ctx, ['metadata', key], better) : null;
    ctx.report({
      path: ['metadata', key],
      message: `${kind} ${key} ${q(value)} is not ${what}: it ${problem}.`,
      fixes: edit && better ? [{ title: `Rename to '${better}'`, edits: [edit] }] : undefined,
    });
  }
}

function checkObject(ctx: ObjectContext): void {
  const meta = isObject(ctx.value.metadata) ? ctx.value.metadata : null;
  if (meta) checkCoreObjectName(ctx, meta);
  const namespace = meta ? meta.namespace : undefined;
  if (typeof namespace === 'string' && namespace !== '' && !isPlaceholder(namespace)) {
    const problem = dnsLabelProblem(namespace);
    if (problem) ctx.report({ path: ['metadata', 'namespace'], message: `Namespace ${q(namespace)} is not a valid DNS-1123 label: it ${problem}.` });
  }
  const kind = ctx.value.kind;
  if (ctx.value.apiVersion !== 'v1' || typeof kind !== 'string' || !Object.hasOwn(KEYED, kind)) return;
  for (const field of KEYED[kind]) {
    const data = ctx.value[field];
    if (!isObject(data)) continue;
    for (const key of Object.keys(data)) {
      if (isPlaceholder(key)) continue;
      const problem = configKeyProblem(key);
      if (problem) ctx.report({ path: [field, key], anchor: 'key', message: `${kind} key ${q(key)} is not a valid key: it ${problem}.` });
    }
  }
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A pod, container, volume, hostname, port or namespace name, a Service, Namespace, ServiceAccount, ConfigMap, Secret or PVC name, or a ConfigMap or Secret key, that the API server rejects for its format.',
  checkObject,
  check(ctx) {
    checkObjectName(ctx);
    for (const c of containersOf(ctx)) {
      const what = c.list === 'initContainers' ? 'Init container name' : c.list === 'ephemeralContainers' ? 'Ephemeral container name' : 'Container name';
      // Nothing inside a pod refers to a container by name, so a rename is safe to offer.
      checkLabel(ctx, [...c.path, 'name'], c.value.name, what, true);
      listOf(c.value.ports).forEach((port, i) => {
        if (!isObject(port)) return;
        const name = str(port, 'name');
        if (name === undefined || name === '' || isPlaceholder(name)) return;
        const problem = portNameProblem(name);
        if (problem) {
          ctx.report({
            path: [...c.path, 'ports', i, 'name'],
            message: `Port name ${q(name)} is not a valid IANA service name: it ${problem} (at most 15 characters of a-z, 0-9 and '-').`,
          });
        }
      });
    }
    listOf(ctx.spec.volumes).forEach((v, i) => {
      // Volume mounts refer to volumes by name, so a rename here would break them: no fix.
      if (isObject(v)) checkLabel(ctx, ctx.at('volumes', i, 'name'), v.name, 'Volume name', false);
    });
    for (const key of ['hostname', 'subdomain'] as const) {
      const v = ctx.spec[key];
      if (typeof v === 'string' && v !== '') checkLabel(ctx, ctx.at(key), v, `spec.${key}`, true);
    }
    // Names of other objects the pod refers to: DNS-1123 subdomains (ValidatePodSpec).
    for (const key of ['serviceAccountName', 'priorityClassName', 'nodeName', 'runtimeClassName'] as const) {
      const v = ctx.spec[key];
      if (typeof v !== 'string' || v === '' || isPlaceholder(v)) continue;
      const problem = dnsSubdomainProblem(v);
      if (problem) ctx.report({ path: ctx.at(key), message: `spec.${key} ${q(v)} is not a valid object name: it ${problem}.` });
    }
  },
};
