// Schema lookups by field path, for hover, completion and the schema error messages.
import type { Segment } from '../types';
import { schemaVersionFor } from '../types';
import { kindKey, schemaFile, SchemaFile, SchemaNode } from './schemaFiles';

export interface FieldProperty {
  name: string;
  type: string;
  description?: string;
  required: boolean;
}

export interface FieldInfo {
  description?: string;
  /** Human readable: 'string', 'integer', 'int-or-string', 'quantity', 'Container', '[]Container', 'map[string]string' … */
  type: string;
  enum?: string[];
  /** Required children (of the object, or of the items of a list of objects). */
  required: string[];
  /** Children of the object, or of the items of a list of objects. */
  properties: FieldProperty[];
}

export interface KnownKind {
  apiVersion: string;
  kind: string;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function defName(ref: string): string {
  return ref.replace(/^#\/definitions\//, '');
}

function shortName(def: string): string {
  return def.slice(def.lastIndexOf('.') + 1);
}

/** Follows `$ref`s to the definition; `name` is the definition's name when there was one. */
export function resolveNode(file: SchemaFile, node: SchemaNode): { node: SchemaNode; name?: string } {
  let current = node;
  let name: string | undefined;
  for (let guard = 0; current.$ref && guard < 16; guard++) {
    name = defName(current.$ref);
    const target = file.definitions[name];
    if (!target) break;
    current = target;
  }
  return { node: current, name };
}

export function typeName(file: SchemaFile, node: SchemaNode): string {
  const { node: n, name } = resolveNode(file, node);
  if (name === QUANTITY) return 'quantity';
  if (name === INT_OR_STRING) return 'int-or-string';
  const types = Array.isArray(n.type) ? n.type : n.type ? [n.type] : [];
  if (types.includes('integer') && types.includes('string')) return 'int-or-string';
  if (types.includes('array')) return `[]${n.items ? typeName(file, n.items) : 'any'}`;
  if (n.properties) return name ? shortName(name) : 'object';
  if (types.includes('object') || typeof n.additionalProperties === 'object') {
    if (typeof n.additionalProperties === 'object') return `map[string]${typeName(file, n.additionalProperties)}`;
    return 'object';
  }
  return types.join(' or ') || 'any';
}

/** The node reached by `path` from `root`, and the definition name of the object holding its last step. */
export interface Resolved {
  /** The schema at the path, `$ref` resolved. */
  node: SchemaNode;
  /** The schema as written at the path (keeps the property's own description). */
  written: SchemaNode;
  /** The definition name (or kind) of the object the last property belongs to. */
  parentType?: string;
  /** The short definition name of the node at the path (`Container`), when it has one. */
  name?: string;
}

export function resolvePath(file: SchemaFile, root: string, path: readonly Segment[]): Resolved | null {
  const rootNode = file.definitions[root];
  if (!rootNode) return null;
  let written: SchemaNode = rootNode;
  let { node } = resolveNode(file, rootNode);
  let parentType: string | undefined;
  // The definition name of the object at `node`, when it has one.
  let holder: string | undefined = root;
  for (const seg of path) {
    let next: SchemaNode | undefined;
    if (typeof seg === 'number') {
      next = node.items;
    } else {
      if (node.properties && seg in node.properties) next = node.properties[seg];
      else if (typeof node.additionalProperties === 'object') next = node.additionalProperties;
      parentType = holder ? shortName(holder) : 'object';
    }
    if (!next) return null;
    written = next;
    const r = resolveNode(file, next);
    node = r.node;
    holder = r.name;
  }
  return { node, written, parentType, name: holder ? shortName(holder) : undefined };
}

/** The object whose properties describe `node`: itself, or the items of a list of objects. */
function objectOf(file: SchemaFile, node: SchemaNode): SchemaNode | null {
  if (node.properties) return node;
  if (node.items) {
    const items = resolveNode(file, node.items).node;
    if (items.properties) return items;
  }
  return null;
}

/** The version's schema file, or null when it cannot be read (hover and completion then show nothing). */
function loadFile(version: string): SchemaFile | null {
  try {
    return schemaFile(schemaVersionFor(version));
  } catch {
    return null;
  }
}

/** Schema facts about the field at `path` in an object of `apiVersion`/`kind`, or null when unknown. */
export function fieldInfo(apiVersion: string, kind: string, path: Segment[], version: string): FieldInfo | null {
  const file = loadFile(version);
  if (!file) return null;
  const root = file['x-kinds'][kindKey(apiVersion, kind)];
  if (!root) return null;
  const r = resolvePath(file, root, path);
  if (!r) return null;
  const obj = objectOf(file, r.node);
  const required = obj?.required ?? [];
  const values = (r.node.enum ?? (r.node.items ? resolveNode(file, r.node.items).node.enum : undefined))?.filter((v) => v !== '');
  const info: FieldInfo = {
    type: path.length === 0 ? shortName(root) : typeName(file, r.written),
    required: [...required],
    properties: obj
      ? Object.entries(obj.properties ?? {}).map(([name, p]) => {
          const prop: FieldProperty = { name, type: typeName(file, p), required: required.includes(name) };
          const description = p.description ?? resolveNode(file, p).node.description;
          if (description) prop.description = description;
          return prop;
        })
      : [],
  };
  const description = r.written.description ?? r.node.description;
  if (description) info.description = description;
  if (values && values.length) info.enum = values;
  return info;
}

/** The apiVersion/kind pairs that have a schema in the version's shipped file. */
export function knownKinds(version: string): KnownKind[] {
  const file = loadFile(version);
  if (!file) return [];
  return Object.keys(file['x-kinds']).map((key) => {
    const i = key.lastIndexOf('/');
    return { apiVersion: key.slice(0, i), kind: key.slice(i + 1) };
  });
}
