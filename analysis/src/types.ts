// Plain types shared by the analysis, the language server and the command line.
// Nothing here knows about VS Code or the LSP: positions are offsets into the text.

export type Severity = 'error' | 'warning' | 'info';

/** A configured severity: a severity, or `off` to switch a rule off. */
export type SeveritySetting = Severity | 'off';

/** Half-open range of character offsets [start, end) into the analysed text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One step of a field path: a key in a mapping or an index in a sequence. */
export type Segment = string | number;

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

/** A mechanical fix, described as edits on the analysed text. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Preferred fixes are applied by "fix all". */
  preferred?: boolean;
}

export interface RelatedLocation {
  range: OffsetRange;
  message: string;
}

export interface Problem {
  rule: string;
  severity: Severity;
  message: string;
  /** Kubernetes field path, API-server style: `spec.containers[1].ports[0].containerPort`. */
  path: string;
  range: OffsetRange;
  /** 0-based index of the YAML document in a multi-document file. */
  document: number;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

/** Versions whose schemas are shipped. */
export const SCHEMA_VERSIONS = ['1.35', '1.33', '1.31'] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
/** A Kubernetes minor version, `1.NN`. Rules compare it; the schema is the nearest shipped one. */
export type KubernetesVersion = string;
export const DEFAULT_KUBERNETES_VERSION = '1.35';

/** The minor number of `1.NN`, or NaN. */
export function minorOf(version: string): number {
  // Rules ask for every document, nearly always of the same version: the last answer is kept.
  if (version === lastVersion) return lastMinor;
  const m = /^1\.(\d+)$/.exec(version);
  lastMinor = m ? Number(m[1]) : NaN;
  lastVersion = version;
  return lastMinor;
}
let lastVersion: string | undefined;
let lastMinor = NaN;

const SCHEMA_FOR = new Map<string, SchemaVersion>();

/** The shipped schema for a version: the newest not newer than it, else the oldest shipped. */
export function schemaVersionFor(version: string): SchemaVersion {
  // Asked for every document and every problem, of one or two versions a run: remembered.
  let schema = SCHEMA_FOR.get(version);
  if (schema === undefined) {
    const minor = minorOf(version);
    schema = SCHEMA_VERSIONS.find((v) => minorOf(v) <= minor) ?? SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1];
    if (SCHEMA_FOR.size > 64) SCHEMA_FOR.clear();
    SCHEMA_FOR.set(version, schema);
  }
  return schema;
}

export interface AnalysisOptions {
  kubernetesVersion?: KubernetesVersion;
  /** Severity overrides by rule id; `off` disables a rule. */
  severities?: Record<string, SeveritySetting>;
  /** Base for rule documentation links; `<base><rule>.md` is the rule's page. */
  docsBase?: string;
}
