// The shape every rule has: one rule per file under rules/, named after its id.
import type { Fix, Segment, Severity } from './types';
import type { Anchor, ParsedDocument, ParsedFile } from './yamlModel';
import type { PodLocation } from './workloads';
import type { KubernetesVersion } from './types';

export type RuleCategory =
  | 'yaml' // syntax
  | 'schema' // the OpenAPI schema, strict
  | 'api' // what the API server rejects (errors) or accepts with a warning
  | 'lint' // accepted, but almost certainly not what was meant
  | 'practice'; // good practice, low severity, each switchable

export interface RuleMeta {
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** One line: what the rule finds. Shown in the README's rule list and the rule's page. */
  description: string;
}

export interface ReportRelated {
  path: readonly Segment[];
  anchor?: Anchor;
  message: string;
  /** Index of the document `path` is in, when it is another document of the file (a ConfigMap). */
  document?: number;
}

export interface Report {
  /** Absolute field path in the document of the offending field. */
  path: readonly Segment[];
  /** Where the squiggle goes: on the key, or on the (scalar) value. Default `value`. */
  anchor?: Anchor;
  message: string;
  related?: ReportRelated[];
  fixes?: Fix[];
  /** Overrides the rule's severity for this one report (an API warning family inside an error rule). */
  severity?: Severity;
  /**
   * The field path as the API server prints it, when that is not where the squiggle goes: a PVC's
   * storage request is `spec.resources[storage]` (ValidatePersistentVolumeClaimSpec's Key), and a
   * Service's `clusterIP: None` is reported at `spec.clusterIPs[0]`. Default: `path`, formatted.
   */
  apiPath?: string | readonly Segment[];
}

/** ConfigMaps and Secrets defined in the same file, for reference checks and the runtime. */
export interface FileObjects {
  configMaps: Map<string, { keys: Set<string>; document: number }>;
  secrets: Map<string, { keys: Set<string>; document: number }>;
}

export interface PodContext {
  file: ParsedFile;
  objects: FileObjects;
  document: ParsedDocument;
  pod: PodLocation;
  /** The PodSpec's plain value (an empty object when absent or not a mapping). */
  spec: Record<string, unknown>;
  /** The pod's metadata (an empty object when absent). */
  metadata: Record<string, unknown>;
  kubernetesVersion: KubernetesVersion;
  /** Absolute path of a field under the PodSpec. */
  at(...rel: Segment[]): Segment[];
  report(r: Report): void;
}

/** What a rule sees of every object of a file, a pod or not. */
export interface ObjectContext {
  document: ParsedDocument;
  /** The object's plain value. */
  value: Record<string, unknown>;
  report(r: Report): void;
  /** The whole file, for fixes' edits (an ObjectContext is an EditSource). */
  file: ParsedFile;
  kubernetesVersion: KubernetesVersion;
}

export interface PodRule extends RuleMeta {
  check(ctx: PodContext): void;
  /** Checks of every object, pods and the others alike (its metadata, a ConfigMap's keys). */
  checkObject?(ctx: ObjectContext): void;
}
