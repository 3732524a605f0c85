// What a kustomization names, for the tools that meet one beside the manifests: the files and folders
// it builds from (`resources`) and its patches, which are partial objects (a Deployment with only its
// replicas, say) and would be full of missing required fields if checked as whole ones.

/** The file names kustomize reads as a kustomization. */
export const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface KustomizationRefs {
  /** Plain `resources:` entries, relative to the kustomization; remote ones (`https://…`) left out. */
  resources: string[];
  /** Patch files: `patches[].path` and `patchesStrategicMerge` entries (inline patches left out). */
  patches: string[];
}

/** What the documents of a kustomization file (their plain values) name. */
export function kustomizationRefs(values: readonly unknown[]): KustomizationRefs {
  const refs: KustomizationRefs = { resources: [], patches: [] };
  for (const v of values) {
    if (!v || typeof v !== 'object') continue;
    const k = v as { resources?: unknown; patches?: unknown; patchesStrategicMerge?: unknown };
    if (Array.isArray(k.resources)) refs.resources.push(...k.resources.filter((r): r is string => typeof r === 'string' && !/^[a-z]+:\/\//i.test(r)));
    const named = [
      ...(Array.isArray(k.patches) ? k.patches.map((p: unknown) => (p as { path?: unknown } | null)?.path) : []),
      ...(Array.isArray(k.patchesStrategicMerge) ? k.patchesStrategicMerge : []),
    ];
    // An inline patch (a string holding YAML) is told apart by its line breaks.
    refs.patches.push(...named.filter((p): p is string => typeof p === 'string' && p.length > 0 && !p.includes('\n')));
  }
  return refs;
}
