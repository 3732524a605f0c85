// The downward API's pod fields (pkg/fieldpath, pkg/apis/core/v1/conversion.go's supported
// fieldRef paths): what an env fieldRef and a downwardAPI volume may read. No analysis here:
// `describe` resolves fieldRefs with it, and the pod commands start without the analysis.

export interface PodMeta {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** `metadata.labels['app']` and friends: what fieldRef and downwardAPI may read. */
export function podFieldValue(fieldPath: string, meta: PodMeta): string | undefined {
  const m = /^metadata\.(labels|annotations)\['([^']*)'\]$/.exec(fieldPath);
  if (m) return (m[1] === 'labels' ? meta.labels : meta.annotations)[m[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name;
    case 'metadata.namespace':
      return meta.namespace;
    case 'metadata.uid':
      return meta.uid;
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return 'podwright';
    case 'spec.serviceAccountName':
      return 'default';
    default:
      return undefined;
  }
}

/** The downward API's `key="value"` lines, sorted (pkg/fieldpath FormatMap). */
export function formatMap(m: Record<string, string>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${JSON.stringify(m[k])}\n`)
    .join('');
}
