// A key reference into a ConfigMap or Secret that this same file defines, where that object lacks the
// key. The API server cannot know (the object may change), but the kubelet fails on it: an env var
// gives CreateContainerConfigError "couldn't find key", a volume item fails MountVolume.SetUp, and the
// pod never starts, unless the reference says `optional: true` (makeEnvironmentVariables in
// pkg/kubelet/kubelet_pods.go; the configmap and secret volume plugins). A reference to an object not in
// the file says nothing: it may well exist in the cluster.
import { replaceScalar } from '../../edits';
import { containersOf, isObject, listOf } from '../../podView';
import type { PodContext, PodRule, ReportRelated } from '../../rule';
import type { Fix, Segment } from '../../types';
import { quote } from '../../quote';
import { editDistance, MAX_COMPARED, MAX_NAME } from '../../suggest';
import { hasKey } from '../../yamlModel';

type Kind = 'ConfigMap' | 'Secret';

interface KeyRef {
  kind: Kind;
  name: unknown;
  key: unknown;
  optional: boolean;
  /** Absolute path of the `key` field. */
  path: Segment[];
}

function refsOf(ctx: PodContext): KeyRef[] {
  const refs: KeyRef[] = [];
  for (const c of containersOf(ctx)) {
    listOf(c.value.env).forEach((e, j) => {
      const from = isObject(e) && isObject(e.valueFrom) ? e.valueFrom : null;
      if (!from) return;
      for (const [field, kind] of [
        ['configMapKeyRef', 'ConfigMap'],
        ['secretKeyRef', 'Secret'],
      ] as const) {
        const r = from[field];
        if (isObject(r)) refs.push({ kind, name: r.name, key: r.key, optional: r.optional === true, path: [...c.path, 'env', j, 'valueFrom', field, 'key'] });
      }
    });
  }
  const items = (kind: Kind, name: unknown, src: Record<string, unknown>, at: Segment[]) => {
    listOf(src.items).forEach((it, k) => {
      if (isObject(it)) refs.push({ kind, name, key: it.key, optional: src.optional === true, path: [...at, 'items', k, 'key'] });
    });
  };
  listOf(ctx.spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const at = ctx.at('volumes', i);
    if (isObject(v.configMap)) items('ConfigMap', v.configMap.name, v.configMap, [...at, 'configMap']);
    if (isObject(v.secret)) items('Secret', v.secret.secretName, v.secret, [...at, 'secret']);
    if (isObject(v.projected)) {
      listOf(v.projected.sources).forEach((s, k) => {
        if (!isObject(s)) return;
        const sat = [...at, 'projected', 'sources', k];
        if (isObject(s.configMap)) items('ConfigMap', s.configMap.name, s.configMap, [...sat, 'configMap']);
        if (isObject(s.secret)) items('Secret', s.secret.name, s.secret, [...sat, 'secret']);
      });
    }
  });
  return refs;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_.]/g, '');
}

/**
 * The one key that is plainly what was meant (same up to case and separators, or one or two typos).
 * Bounded like every suggestion (suggest.ts): long keys get none, only keys of about the same length
 * are compared, at most MAX_COMPARED of them, and at most four times as many keys are looked at.
 */
function closest(key: string, keys: Set<string>): string | null {
  if (key.length > MAX_NAME) return null;
  const limit = key.length > 6 ? 2 : 1;
  const wanted = normalise(key);
  const same: string[] = [];
  const near: string[] = [];
  let compared = 0;
  let looked = 0;
  for (const k of keys) {
    if (++looked > 4 * MAX_COMPARED) break;
    if (k.length > MAX_NAME) continue;
    if (normalise(k) === wanted) same.push(k);
    if (Math.abs(k.length - key.length) > limit || ++compared > MAX_COMPARED) continue;
    if (editDistance(k, key, limit) <= limit) near.push(k);
  }
  if (same.length === 1) return same[0];
  return near.length === 1 ? near[0] : null;
}

export const configKeyMissing: PodRule = {
  id: 'config-key-missing',
  category: 'lint',
  defaultSeverity: 'error',
  description: 'A key reference to a ConfigMap or Secret defined in the same file or the workspace that has no such key.',
  check(ctx: PodContext) {
    for (const ref of refsOf(ctx)) {
      if (typeof ref.name !== 'string' || typeof ref.key !== 'string' || ref.key === '') continue;
      const obj = (ref.kind === 'ConfigMap' ? ctx.objects.configMaps : ctx.objects.secrets).get(ref.name);
      if (!obj || obj.keys.has(ref.key)) continue;
      const guess = closest(ref.key, obj.keys);
      const known = obj.keys.size ? `It has ${[...obj.keys].slice(0, 5).map((k) => quote(k)).join(', ')}${obj.keys.size > 5 ? ', …' : ''}.` : 'It has no keys.';
      const consequence = ref.optional ? 'the reference is optional, so it is simply left out' : 'the pod will not start';
      const edit = guess ? replaceScalar(ctx, ref.path, guess) : null;
      const fixes: Fix[] | undefined = edit && guess ? [{ title: `Use key '${guess}'`, edits: [edit], preferred: true }] : undefined;
      ctx.report({
        path: ref.path,
        severity: ref.optional ? 'info' : undefined,
        message: `${ref.kind} ${quote(ref.name)} in this file has no key ${quote(ref.key)}: ${consequence}. ${guess ? `Did you mean ${quote(guess)}?` : known}`,
        related: [relatedFor(ctx, ref.kind, ref.name, obj.document)],
        fixes,
      });
    }
  },
};

function relatedFor(ctx: PodContext, kind: Kind, name: string, document: number): ReportRelated {
  const target = ctx.file.documents[document];
  const fields = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  const field = target ? fields.find((f) => hasKey(target, [], f)) : undefined;
  return {
    document,
    path: field ? [field] : ['metadata', 'name'],
    anchor: 'key',
    message: `${kind} ${quote(name)} is defined here`,
  };
}
