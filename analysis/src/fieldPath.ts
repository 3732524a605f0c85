import type { Segment } from './types';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a field path the way the API server writes it (k8s.io/apimachinery field.Path):
 * `spec.containers[1].ports[0].containerPort`, with map keys that are not plain names in brackets:
 * `metadata.labels[app.kubernetes.io/name]`.
 */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${seg}]`;
  }
  return out;
}

/** Parses a JSON pointer (`/spec/containers/0/name`, as ajv reports it) into segments. */
export function pointerToSegments(pointer: string, value: unknown): Segment[] {
  if (!pointer) return [];
  const segs: Segment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const i = Number(part);
      segs.push(i);
      current = current[i];
    } else {
      segs.push(part);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
    }
  }
  return segs;
}
