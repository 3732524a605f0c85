// Strict validation against the shipped JSON schemas (generated from the Kubernetes OpenAPI documents).
// Mirrors what the API server's decoding rejects before validation runs: unknown fields (strict
// decoding, the default of `kubectl apply`), wrong JSON types, malformed quantities, values outside
// an enumeration, and missing required fields.
import { Scalar } from 'yaml';
import type { Report, RuleMeta } from '../rule';
import type { Fix, KubernetesVersion, Segment } from '../types';
import { schemaVersionFor } from '../types';
import { pointerToSegments } from '../fieldPath';
import { isScalar, locate, ParsedDocument } from '../yamlModel';
import { resolveNode, resolvePath, typeName } from './lookup';
import { closestName, describeType, describeValue, quantityHint } from './messages';
import { kindKey, schemaFile, SchemaFile, ValidateFunction, ValidationError, validatorsFor } from './schemaFiles';
import { isObject } from '../values';
import { quote, shortened } from '../quote';

export interface SchemaReport extends Report {
  rule: string;
}

/** A report and, for an unknown field, the known name it most likely meant. */
interface Finding extends SchemaReport {
  suggestion?: string;
}

export const SCHEMA_UNKNOWN_FIELD: RuleMeta = {
  id: 'schema-unknown-field',
  category: 'schema',
  defaultSeverity: 'error',
  description: 'A field the Kubernetes API does not define; strict decoding rejects the object.',
};
export const SCHEMA_TYPE: RuleMeta = {
  id: 'schema-type',
  category: 'schema',
  defaultSeverity: 'error',
  description: 'A value of the wrong type, such as a string where an integer is expected.',
};
export const SCHEMA_REQUIRED: RuleMeta = {
  id: 'schema-required',
  category: 'schema',
  defaultSeverity: 'error',
  description: 'A field the schema requires is missing or null.',
};
export const SCHEMA_VALUE: RuleMeta = {
  id: 'schema-value',
  category: 'schema',
  defaultSeverity: 'error',
  description: 'A value outside the allowed set: an enumeration, the quantity grammar, base64 data or an integer range.',
};

export const SCHEMA_RULES: RuleMeta[] = [SCHEMA_UNKNOWN_FIELD, SCHEMA_TYPE, SCHEMA_REQUIRED, SCHEMA_VALUE];

const LATEST = '1.35';
const QUANTITY_SUFFIXES = 'm, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei';

function valueAtPath(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObject(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Validates one document against the schema of its apiVersion/kind, if one is shipped. */
export function checkSchema(document: ParsedDocument, version: KubernetesVersion): SchemaReport[] {
  const value = document.value;
  // Only a mapping with a known apiVersion/kind has a schema; anything else (a CRD, an Ingress, a
  // stray scalar) is left alone rather than risk a false error.
  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return [];
  const schemaVersion = schemaVersionFor(version);
  const key = kindKey(value.apiVersion, value.kind);
  let errors: ValidationError[];
  try {
    const validate: ValidateFunction | undefined = validatorsFor(schemaVersion)[key];
    if (!validate || validate(value)) return [];
    errors = validate.errors ?? [];
  } catch {
    // No schema files, or a value ajv cannot walk (a cycle made with YAML aliases): nothing to say.
    return [];
  }
  try {
    const file = schemaFile(schemaVersion);
    return toReports(document, value, errors, file, file['x-kinds'][key], version);
  } catch {
    // Describing the errors needs the schema file; without it, say what ajv found, plainly.
    return errors.slice(0, 20).map((e) => ({
      rule: SCHEMA_VALUE.id,
      path: pointerToSegments(e.instancePath, value),
      anchor: 'value' as const,
      message: `Does not match the Kubernetes ${schemaVersion} schema (${e.keyword}).`,
    }));
  }
}

function toReports(
  document: ParsedDocument,
  value: Record<string, unknown>,
  errors: readonly ValidationError[],
  file: SchemaFile,
  root: string,
  version: string,
): SchemaReport[] {
  const reports: Finding[] = [];
  const seen = new Set<string>();
  // A value of the wrong type also fails its enum or pattern: the type is the one meaningful error.
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // `containerport: 80` is one mistake, not an unknown field plus a missing `containerPort`.
  const renamed = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'type' && typeErrorAt.has(error.instancePath)) continue;
    const report = toReport(document, value, error, file, root, version);
    if (!report) continue;
    const id = `${report.rule}\u0000${report.path.join('\u0000')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (report.suggestion) renamed.add([...report.path.slice(0, -1), report.suggestion].join('\u0000'));
    reports.push(report);
  }
  return reports
    .filter((r) => !(r.rule === SCHEMA_REQUIRED.id && renamed.has(r.path.join('\u0000'))))
    .map(({ suggestion: _suggestion, ...r }) => r);
}

function toReport(
  document: ParsedDocument,
  value: Record<string, unknown>,
  error: ValidationError,
  file: SchemaFile,
  root: string,
  version: string,
): Finding | null {
  const path = pointerToSegments(error.instancePath, value);
  const data = valueAtPath(value, path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      return unknownField(document, file, root, path, field, version);
    }
    case 'required': {
      const field = String(error.params.missingProperty);
      const holder = resolvePath(file, root, path)?.name ?? 'this object';
      return {
        rule: SCHEMA_REQUIRED.id,
        path: [...path, field],
        anchor: 'key',
        message: `Missing required field ${quote(field)} in ${holder}.`,
      };
    }
    case 'type': {
      // The API server decodes null as "not set": fine for an optional field, "Required" for a required one.
      if (data === null) return nullValue(file, root, path);
      const resolved = resolvePath(file, root, path);
      const expected = resolved ? typeName(file, resolved.written) : String(error.params.type);
      const quoteHint = expected === 'string' && (typeof data === 'number' || typeof data === 'boolean') ? '; quote it to make it a string' : '';
      return {
        rule: SCHEMA_TYPE.id,
        path,
        anchor: 'value',
        message: `Expected ${describeType(expected)}, got ${describeValue(data, plainSource(document, path))}${quoteHint}.`,
      };
    }
    case 'enum': {
      if (data === null) return null;
      const allowed = ((error.params.allowedValues as unknown[]) ?? []).filter((v) => v !== '').map(String);
      const field = path.length ? String(path[path.length - 1]) : 'value';
      const name = typeof path[path.length - 1] === 'number' && path.length > 1 ? String(path[path.length - 2]) : field;
      const suggestion = typeof data === 'string' ? closestName(data, allowed) : undefined;
      // Only a difference of case is certain enough for "fix all".
      const certain = suggestion !== undefined && typeof data === 'string' && suggestion.toLowerCase() === data.toLowerCase();
      const fixes = suggestion ? replaceScalarFix(document, path, suggestion, certain) : undefined;
      return {
        rule: SCHEMA_VALUE.id,
        path,
        anchor: 'value',
        message:
          `Unsupported value ${JSON.stringify(typeof data === 'string' ? shortened(data) : data)} for ${shortened(name)}; allowed: ${allowed.join(', ')}.` +
          (suggestion ? ` Did you mean '${suggestion}'?` : ''),
        ...(fixes ? { fixes } : {}),
      };
    }
    case 'pattern':
      return patternReport(file, root, path, data);
    case 'minimum':
    case 'maximum':
      return {
        rule: SCHEMA_VALUE.id,
        path,
        anchor: 'value',
        message: `${describeValue(data)} is out of range for a 32-bit integer (${-2147483648} to ${2147483647}).`,
      };
    default:
      return { rule: SCHEMA_VALUE.id, path, anchor: 'value', message: `Invalid value (${error.keyword}).` };
  }
}

/** The source text of a plain scalar at `path` (`1.0`, `yes`), when there is one. */
function plainSource(document: ParsedDocument, path: Segment[]): string | undefined {
  const node = locate(document.doc, path).node;
  return isScalar(node) && node.type === Scalar.PLAIN && typeof node.source === 'string' ? node.source : undefined;
}

function nullValue(file: SchemaFile, root: string, path: Segment[]): SchemaReport | null {
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    // A null list item decodes as the zero value: harmless for a string (`args: [~]`), but an empty
    // object in a list of objects (`containers: [~]`) fails its own required fields.
    const item = resolvePath(file, root, path);
    if (!item?.node.properties) return null;
    return {
      rule: SCHEMA_TYPE.id,
      path,
      anchor: 'value',
      message: `Expected ${describeType(typeName(file, item.written))}, got null.`,
    };
  }
  if (last === undefined) return null;
  const parent = resolvePath(file, root, path.slice(0, -1));
  if (!parent?.node.required?.includes(last)) return null;
  return {
    rule: SCHEMA_REQUIRED.id,
    path,
    anchor: 'key',
    message: `Required field '${last}' in ${parent.name ?? 'this object'} is empty (null).`,
  };
}

function patternReport(file: SchemaFile, root: string, path: Segment[], data: unknown): SchemaReport {
  const resolved = resolvePath(file, root, path);
  const type = resolved ? typeName(file, resolved.written) : '';
  const text = String(data);
  if (type === 'quantity') {
    const hint = quantityHint(text);
    return {
      rule: SCHEMA_VALUE.id,
      path,
      anchor: 'value',
      message:
        `Invalid quantity ${JSON.stringify(shortened(text))}: write a number with an optional suffix (${QUANTITY_SUFFIXES}) ` +
        `or exponent, such as 500m, 1Gi or 1e3.` +
        (hint ? ` Did you mean '${hint}'?` : ''),
    };
  }
  return {
    rule: SCHEMA_VALUE.id,
    path,
    anchor: 'value',
    message: 'Expected base64-encoded data; put plain text under stringData instead.',
  };
}

function unknownField(
  document: ParsedDocument,
  file: SchemaFile,
  root: string,
  path: Segment[],
  field: string,
  version: string,
): Finding {
  const holder = resolvePath(file, root, path);
  const where = holder?.name ?? 'this object';
  const fieldPath = [...path, field];
  const known = Object.keys(holder?.node.properties ?? {});
  const suggestion = closestName(field, known);
  let message = `Unknown field ${quote(field)} in ${where}`;
  if (suggestion) {
    message += `; did you mean '${suggestion}'?`;
  } else if (schemaVersionFor(version) !== LATEST && existsInLatest(root, fieldPath)) {
    message += ` in Kubernetes ${schemaVersionFor(version)}; it was added in a later version.`;
  } else {
    message += `${misplacedHint(file, root, path, field)}.`;
  }
  const fixes = suggestion ? renameFix(document, fieldPath, suggestion) : undefined;
  return { rule: SCHEMA_UNKNOWN_FIELD.id, path: fieldPath, anchor: 'key', message, ...(fixes ? { fixes } : {}), suggestion };
}

/**
 * Most unknown fields that are not misspelt are mis-indented: the field belongs to the object one
 * level up (`image` indented under `ports`) or to a child (`containerPort` directly in a container).
 */
function misplacedHint(file: SchemaFile, root: string, path: Segment[], field: string): string {
  // The nearest enclosing object: skip the list index of a list item.
  const up = typeof path[path.length - 1] === 'number' ? path.length - 2 : path.length - 1;
  if (up >= 0) {
    const parent = resolvePath(file, root, path.slice(0, up));
    if (parent?.node.properties && field in parent.node.properties) {
      return `; it belongs one level up, in ${parent.name ?? 'the enclosing object'} (check the indentation)`;
    }
  }
  const holder = resolvePath(file, root, path);
  for (const [name, prop] of Object.entries(holder?.node.properties ?? {})) {
    let child = resolveNode(file, prop).node;
    if (child.items) child = resolveNode(file, child.items).node;
    if (child.properties && field in child.properties) return `; it belongs under '${name}'`;
  }
  return '';
}

function existsInLatest(root: string, path: Segment[]): boolean {
  try {
    return resolvePath(schemaFile(LATEST), root, path) !== null;
  } catch {
    // Without the newest schema the "added in a later version" hint is left out, nothing else.
    return false;
  }
}

/** A scalar's new text in the quoting style of the old one. */
function requote(node: Scalar, text: string): string {
  return node.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(text) : node.type === Scalar.QUOTE_SINGLE ? `'${text}'` : text;
}

/** Replaces the key's text, keeping its quotes. */
function renameFix(document: ParsedDocument, path: Segment[], name: string): Fix[] | undefined {
  const key = locate(document.doc, path).pair?.key;
  if (!isScalar(key) || !key.range) return undefined;
  const edit = { range: { start: key.range[0], end: key.range[1] }, newText: requote(key, name) };
  return [{ title: `Rename to '${name}'`, edits: [edit], preferred: true }];
}

/** Replaces a scalar value's text, keeping its quotes. */
function replaceScalarFix(document: ParsedDocument, path: Segment[], text: string, preferred: boolean): Fix[] | undefined {
  const node = locate(document.doc, path).node;
  if (!isScalar(node) || !node.range) return undefined;
  const edit = { range: { start: node.range[0], end: node.range[1] }, newText: requote(node, text) };
  return [{ title: `Change to '${text}'`, edits: [edit], preferred }];
}
