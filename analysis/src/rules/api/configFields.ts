// ConfigMaps and Secrets as pkg/apis/core/validation/validation.go validates them beyond the format of
// their keys (that is invalid-name's):
// - ValidateConfigMap: a key in both data and binaryData ("duplicate of key present in binaryData");
//   data and binaryData together at most 1 MiB (core.MaxSecretSize);
// - ValidateSecret: data (stringData merged in by the v1 conversion, its values overriding) at most
//   1 MiB; and the keys each type requires: kubernetes.io/service-account-token the annotation
//   kubernetes.io/service-account.name; kubernetes.io/dockercfg `.dockercfg` and
//   kubernetes.io/dockerconfigjson `.dockerconfigjson`, each a JSON object; kubernetes.io/basic-auth
//   `username` or `password`; kubernetes.io/ssh-auth a non-empty `ssh-privatekey`; kubernetes.io/tls
//   `tls.crt` and `tls.key`. Opaque and other types require nothing.
// `immutable` is only refused on updates (a changed immutable object), which a file cannot show.
import type { ObjectContext, PodRule } from '../../rule';
import type { Segment } from '../../types';
import { objectOf } from './objectFields';
import { isObject, isPlaceholder, q } from './support';

export const ID = 'config-fields';

/** core.MaxSecretSize, the limit of a ConfigMap's and a Secret's data. */
const MAX_SIZE = 1024 * 1024;

/** Bytes a data value stands for: base64 decoded, or the UTF-8 of a plain string. */
function byteLength(value: unknown, base64: boolean): number {
  if (typeof value !== 'string') return 0;
  return base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8');
}

function mapAt(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = value[key];
  return isObject(v) ? v : {};
}

/** `apiPath`: a Secret's limit is reported at `data`, where stringData ends up. */
function tooLarge(ctx: ObjectContext, total: number, where: string, apiPath?: Segment[]): void {
  if (total <= MAX_SIZE) return;
  ctx.report({
    path: [where],
    apiPath,
    anchor: 'key',
    message: `The data is ${total} bytes, more than the limit of ${MAX_SIZE} (1 MiB) for a ${ctx.value.kind}: split it, or mount a volume instead.`,
  });
}

function checkConfigMap(ctx: ObjectContext): void {
  const data = mapAt(ctx.value, 'data');
  const binary = mapAt(ctx.value, 'binaryData');
  let total = 0;
  for (const [key, v] of Object.entries(data)) {
    total += byteLength(v, false);
    if (Object.hasOwn(binary, key)) {
      ctx.report({
        path: ['data', key],
        anchor: 'key',
        message: `Key ${q(key)} is in both data and binaryData: a key may be in only one of them.`,
        related: [{ path: ['binaryData', key], anchor: 'key', message: 'also here' }],
      });
    }
  }
  for (const v of Object.values(binary)) total += byteLength(v, true);
  tooLarge(ctx, total, isObject(ctx.value.data) ? 'data' : 'binaryData');
}

/** The data a Secret ends up with: key → [bytes, where it is written]. stringData wins a shared key. */
function secretData(value: Record<string, unknown>): Map<string, { bytes: Buffer; path: Segment[] }> {
  const out = new Map<string, { bytes: Buffer; path: Segment[] }>();
  for (const [k, v] of Object.entries(mapAt(value, 'data'))) {
    if (typeof v === 'string') out.set(k, { bytes: Buffer.from(v, 'base64'), path: ['data', k] });
  }
  for (const [k, v] of Object.entries(mapAt(value, 'stringData'))) {
    if (typeof v === 'string') out.set(k, { bytes: Buffer.from(v, 'utf8'), path: ['stringData', k] });
  }
  return out;
}

function checkDockerConfig(ctx: ObjectContext, data: ReturnType<typeof secretData>, key: string): void {
  const entry = data.get(key);
  if (!entry) return;
  const text = entry.bytes.toString('utf8');
  if (isPlaceholder(text)) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    ctx.report({ path: entry.path, apiPath: ['data', key], message: `${key} must be JSON (a Docker config object): ${(e as Error).message}.` });
    return;
  }
  if (!isObject(parsed)) ctx.report({ path: entry.path, apiPath: ['data', key], message: `${key} must be a JSON object (a Docker config), not ${Array.isArray(parsed) ? 'an array' : typeof parsed}.` });
}

function checkSecret(ctx: ObjectContext): void {
  const data = secretData(ctx.value);
  let total = 0;
  for (const { bytes } of data.values()) total += bytes.length;
  tooLarge(ctx, total, isObject(ctx.value.data) ? 'data' : 'stringData', ['data']);
  const type = ctx.value.type;
  if (typeof type !== 'string') return;
  const where: Segment[] = isObject(ctx.value.data) ? ['data'] : isObject(ctx.value.stringData) ? ['stringData'] : ['type'];
  const need = (key: string, message: string) => ctx.report({ path: where, apiPath: `data[${key}]`, anchor: 'key', message });
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const meta = mapAt(ctx.value, 'metadata');
      const annotations = mapAt(meta, 'annotations');
      const name = annotations['kubernetes.io/service-account.name'];
      if (typeof name !== 'string' || name === '') {
        ctx.report({
          path: ['type'],
          apiPath: 'metadata.annotations[kubernetes.io/service-account.name]',
          message: 'A service-account-token Secret needs the annotation kubernetes.io/service-account.name: the ServiceAccount the token is for.',
        });
      }
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!data.has(key)) need(key, `A ${type} Secret needs the key ${key}.`);
      else checkDockerConfig(ctx, data, key);
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) need('username', 'A kubernetes.io/basic-auth Secret needs the key username or password.');
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data.get('ssh-privatekey')?.bytes.length) need('ssh-privatekey', 'A kubernetes.io/ssh-auth Secret needs a non-empty ssh-privatekey.');
      break;
    case 'kubernetes.io/tls':
      for (const key of ['tls.crt', 'tls.key']) if (!data.has(key)) need(key, `A kubernetes.io/tls Secret needs the key ${key}.`);
      break;
    default:
      break;
  }
}

function checkObject(ctx: ObjectContext): void {
  if (objectOf(ctx, 'v1', ['ConfigMap'])) checkConfigMap(ctx);
  else if (objectOf(ctx, 'v1', ['Secret'])) checkSecret(ctx);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A ConfigMap key in both data and binaryData, data over 1 MiB, or a Secret without the keys its type requires (tls, dockerconfigjson, basic-auth, ssh-auth, service-account-token).",
  checkObject,
  check: () => undefined,
};
