import type { FileObjects } from './rule';
import type { ParsedFile } from './yamlModel';

function keysOf(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

/** Collects the ConfigMaps and Secrets a file defines, with their keys. */
export function collectObjects(file: ParsedFile): FileObjects {
  const objects: FileObjects = { configMaps: new Map(), secrets: new Map() };
  for (const d of file.documents) {
    const v = d.value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object' || v.apiVersion !== 'v1') continue;
    const meta = v.metadata as Record<string, unknown> | undefined;
    const name = meta && typeof meta.name === 'string' ? meta.name : undefined;
    if (!name) continue;
    if (v.kind === 'ConfigMap') {
      objects.configMaps.set(name, { keys: new Set([...keysOf(v.data), ...keysOf(v.binaryData)]), document: d.index });
    } else if (v.kind === 'Secret') {
      objects.secrets.set(name, { keys: new Set([...keysOf(v.data), ...keysOf(v.stringData)]), document: d.index });
    }
  }
  return objects;
}
