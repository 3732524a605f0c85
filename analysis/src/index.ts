// The analysis' one front door: YAML text in, located problems out, and the facts about a manifest
// that the language server, the command line, the runtime and the Pods view need. Nothing here knows
// VS Code, the LSP or Docker; positions are offsets into the text, paths are API-server field paths.

// Analysing a text.
export { analyze, type AnalysisResult } from './analyze';
export * from './types';

// The parsed text: documents, their syntax trees and plain values.
export { parseYaml, lineCol, locate, anchorRange, pathAtOffset, isMap, isScalar, isSeq, isPair } from './yamlModel';
export type { ParsedFile, ParsedDocument, Located, Anchor } from './yamlModel';
export { formatPath } from './fieldPath';
export { parseQuantity, type Quantity } from './quantity';
export { parseCron, nextRun, isTimeZone, type CronSchedule, type CronParse } from './cron';

// The pods and objects of a document.
export { findPod, POD_KINDS, type PodLocation } from './workloads';
export { podsInManifest, podsOfFile, podAt, podsNamed, namespaceOf, objectsInManifest, type ManifestPod, type ManifestObject } from './manifest';
export { collectObjects } from './objects';
export { matchesGlob } from './glob';
export { KUSTOMIZATION_NAMES, kustomizationRefs, type KustomizationRefs } from './kustomize';
export type { FileObjects } from './rule';
export { hostAccessOf, type HostAccess, type HostAccessKind } from './hostAccess';

// The workspace: the objects of many files, checks and navigation across them.
export * from './workspace';

// The rule registry and its documentation.
export { ALL_RULES, ruleById } from './rules';
export type { RuleMeta, RuleCategory } from './rule';
export { ruleUrl, installedDocsBase } from './docsUrl';
export { packageInfo } from './packageRoot';

// The schema, for hover and completion.
export { fieldInfo, knownKinds, type FieldInfo, type KnownKind } from './schema/lookup';
// How the validators' code is loaded (the CLI: with a code cache).
export { setValidatorsLoader } from './schema/schemaFiles';

// Reading plain values decoded from YAML.
export { isObject, asObject, listOf, stringOf, stringsOf, numberOr, stringMap, valueAt, type Obj } from './values';
