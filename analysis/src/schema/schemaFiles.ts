// Finds and lazily loads the shipped schema files (schemas/kubernetes-<v>.json) and their ahead-of-time
// compiled validators (schemas/validators-<v>.js), once per version.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SchemaVersion } from '../types';

/** A node of the generated JSON Schema (see scripts/generateSchemas.mjs for what it contains). */
export interface SchemaNode {
  description?: string;
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export interface SchemaFile {
  /** `apiVersion/kind` → definition name. */
  'x-kinds': Record<string, string>;
  definitions: Record<string, SchemaNode>;
}

/** What ajv standalone code reports (generated with `messages: false`). */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

let directory: string | undefined;

function schemaDirectory(): string {
  if (directory) return directory;
  const fromEnv = process.env.PODWRIGHT_SCHEMAS;
  if (fromEnv && existsSync(join(fromEnv, 'kubernetes-1.35.json'))) return (directory = fromEnv);
  // Compiled to out/analysis/src/schema/, bundled elsewhere: the nearest schemas/ upwards.
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'kubernetes-1.35.json'))) return (directory = candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('Podwright: the schemas/ folder was not found (run `npm run schemas`).');
}

const files = new Map<SchemaVersion, SchemaFile>();
const validators = new Map<SchemaVersion, Record<string, ValidateFunction>>();

export function schemaFile(version: SchemaVersion): SchemaFile {
  let file = files.get(version);
  if (!file) {
    file = JSON.parse(readFileSync(join(schemaDirectory(), `kubernetes-${version}.json`), 'utf8')) as SchemaFile;
    files.set(version, file);
  }
  return file;
}

/** Loads a validators file: Node's require, unless the host gives a loader with a code cache. */
type ValidatorsLoader = (file: string) => Record<string, ValidateFunction>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
let loadValidators: ValidatorsLoader = (file) => require(file) as Record<string, ValidateFunction>;

/**
 * How the validators' code is loaded from now on. The CLI loads it with a V8 code cache made at
 * build time (cli/src/cliBundle.ts): compiling the 600 KB of a version's validators took some 15 ms
 * of every lint's start, on each of its threads.
 */
export function setValidatorsLoader(load: ValidatorsLoader): void {
  loadValidators = load;
}

/** The compiled validators by `apiVersion/kind`. Loading the code costs ~15 ms; compiling would cost ~1 s. */
export function validatorsFor(version: SchemaVersion): Record<string, ValidateFunction> {
  let v = validators.get(version);
  if (!v) {
    v = loadValidators(join(schemaDirectory(), `validators-${version}.js`));
    validators.set(version, v);
  }
  return v;
}

/**
 * The shape of the fields at some place of a document, as `fieldPaths-<v>.json` writes it (see
 * `fieldShapes` in scripts/generateSchemas.mjs): `0` a scalar, `null` free-form, a definition's name
 * an object, `[shape]` a list, `{"*": shape}` a map.
 */
export type RawShape = 0 | null | string | [RawShape] | { '*': RawShape };

export interface FieldShapesFile {
  /** `apiVersion/kind` → its definition's name. */
  kinds: Record<string, string>;
  /** The fields every object has, whatever its kind: `metadata`. */
  anyKind: Record<string, RawShape>;
  /** Per definition, its fields that are not scalars. */
  structs: Record<string, Record<string, RawShape>>;
}

/** The shapes of field paths of a version: a small file, read once when the first path is written. */
export function fieldShapesFile(version: SchemaVersion): FieldShapesFile {
  return JSON.parse(readFileSync(join(schemaDirectory(), `fieldPaths-${version}.json`), 'utf8')) as FieldShapesFile;
}

/** The key under which a kind's schema is filed. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
