// Field paths written the way the API server writes them (k8s.io/apimachinery/pkg/util/validation/
// field/path.go): `Child(name)` is `.name`, `Index(i)` is `[i]` and `Key(k)` is `[k]` for every map
// key, plain name or not: `spec.containers[0].resources.requests[cpu]`, `metadata.labels[app]`.
// A segment of a decoded document does not say whether it is a field or a map key; the schema does,
// through the shapes precomputed from it (schemas/fieldPaths-<v>.json), walked once per segment.
import { FieldShapesFile, fieldShapesFile, kindKey, RawShape } from './schema/schemaFiles';
import type { Segment } from './types';
import { DEFAULT_KUBERNETES_VERSION, SchemaVersion, schemaVersionFor } from './types';
import { isObject } from './values';

/** What the segments below a place are: fields of an object, items of a list, keys of a map. */
type Shape =
  | ObjectShape
  | { readonly kind: 'list'; readonly items: Shape }
  | { readonly kind: 'map'; readonly values: Shape }
  /** A scalar, a free-form object, or a place the schema does not know. */
  | null;

/** An object: its keys are fields. Its fields' shapes are made when a path first goes through it. */
class ObjectShape {
  readonly kind = 'object';
  private fields: Map<string, Shape> | undefined;

  constructor(
    private readonly raw: Record<string, RawShape>,
    private readonly shapeOf: (raw: RawShape) => Shape,
  ) {}

  field(name: string): Shape {
    this.fields ??= new Map(Object.entries(this.raw).map(([field, s]) => [field, this.shapeOf(s)]));
    return this.fields.get(name) ?? null;
  }
}

interface Shapes {
  /** The shape of an object of `apiVersion/kind`, when the schema has that kind. */
  kind(key: string): Shape | undefined;
  /** Any object of a kind without a schema (a CRD): its `metadata` is still ObjectMeta. */
  anyKind: Shape;
}

/**
 * Turns the file's definition names into shared objects as paths reach them (a lint of pods touches
 * a few dozen of the 270 definitions), so that a walk is a map lookup per segment.
 */
function link(file: FieldShapesFile): Shapes {
  const structs = new Map<string, ObjectShape>();
  const struct = (name: string): Shape => {
    let s = structs.get(name);
    if (!s) {
      if (!Object.hasOwn(file.structs, name)) return null;
      s = new ObjectShape(file.structs[name], shapeOf);
      structs.set(name, s);
    }
    return s;
  };
  const shapeOf = (raw: RawShape): Shape => {
    if (typeof raw === 'string') return struct(raw);
    if (Array.isArray(raw)) return { kind: 'list', items: shapeOf(raw[0]) };
    if (raw && typeof raw === 'object') return { kind: 'map', values: shapeOf(raw['*']) };
    return null;
  };
  return {
    kind: (key) => (Object.hasOwn(file.kinds, key) ? struct(file.kinds[key]) : undefined),
    anyKind: new ObjectShape(file.anyKind, shapeOf),
  };
}

const loaded = new Map<SchemaVersion, Shapes | null>();

function shapesFor(version: string): Shapes | null {
  const v = schemaVersionFor(version);
  let shapes = loaded.get(v);
  if (shapes === undefined) {
    try {
      shapes = link(fieldShapesFile(v));
    } catch {
      // Without the schemas folder paths are still written, by the name rule below alone.
      shapes = null;
    }
    loaded.set(v, shapes);
  }
  return shapes;
}

/** The shape at the root of `document` (a decoded object): its kind's, or that of any object. */
function rootShape(document: unknown, version: string): Shape {
  if (!isObject(document)) return null;
  const shapes = shapesFor(version);
  if (!shapes) return null;
  const { apiVersion, kind } = document;
  const known = typeof apiVersion === 'string' && typeof kind === 'string' ? shapes.kind(kindKey(apiVersion, kind)) : undefined;
  return known ?? shapes.anyKind;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a field path from the root of `document` (the decoded object the path is in; its apiVersion
 * and kind pick the schema) the way the API server writes it. Where the schema knows nothing (a
 * CRD's spec, a field it does not define, no `document`), a plain name is taken for a field and
 * anything else for a map key.
 */
export function formatPath(path: readonly Segment[], document?: unknown, version: string = DEFAULT_KUBERNETES_VERSION): string {
  let shape = document === undefined ? null : rootShape(document, version);
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      shape = shape?.kind === 'list' ? shape.items : null;
    } else if (shape?.kind === 'map') {
      out += `[${seg}]`;
      shape = shape.values;
    } else if (shape?.kind === 'object' || IDENTIFIER.test(seg)) {
      out += out ? `.${seg}` : seg;
      shape = shape?.kind === 'object' ? shape.field(seg) : null;
    } else {
      out += `[${seg}]`;
      shape = null;
    }
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
