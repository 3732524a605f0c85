// Fields the imperative verbs set (scale, rollout pause|resume, rollout restart), and what an apply
// does with them afterwards. kubectl apply merges three ways: a field the manifest sets wins, one the
// previous apply set and this one drops is removed, and one no apply ever set (a command's) is kept.
// Records here keep no last-applied configuration, so each object instead keeps the paths a command
// set; an apply whose manifest leaves such a path out keeps the live value. Without this, `rollout
// restart` then `apply -f` of the same file rolled the pods out a second time, and an apply while
// paused silently resumed the rollout.
import { valueAt } from '../../../analysis/src';
import type { Obj, StoredObject } from './records';

export { valueAt };

export type FieldPath = readonly string[];

export const REPLICAS: FieldPath = ['spec', 'replicas'];
export const PAUSED: FieldPath = ['spec', 'paused'];
export const RESTARTED_AT: FieldPath = ['spec', 'template', 'metadata', 'annotations', 'kubectl.kubernetes.io/restartedAt'];

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A copy of `o` with `value` at `path`, the maps on the way copied (or made). */
export function withValueAt(o: Obj, path: FieldPath, value: unknown): Obj {
  const [key, ...rest] = path;
  if (!rest.length) return { ...o, [key]: value };
  const inner = o[key];
  return { ...o, [key]: withValueAt(isObj(inner) ? inner : {}, rest, value) };
}

const same = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((k, i) => k === b[i]);

/** `paths` with `path` added once. */
export function addPath(paths: readonly FieldPath[] | undefined, path: FieldPath): string[][] {
  const all = (paths ?? []).map((p) => [...p]);
  return all.some((p) => same(p, path)) ? all : [...all, [...path]];
}

/**
 * The body an apply writes over `live`: the manifest's, with each field a command set and the
 * manifest leaves out taken from `live`; and the paths still kept so (a path the manifest sets
 * is the manifest's again).
 */
export function keepCommandFields(body: Obj, live: StoredObject | undefined): { body: Obj; kept: string[][] } {
  let merged = body;
  const kept: string[][] = [];
  for (const path of live?.setByCommand ?? []) {
    if (valueAt(body, path) !== undefined) continue;
    const value = valueAt(live?.body, path);
    if (value === undefined) continue;
    merged = withValueAt(merged, path, value);
    kept.push([...path]);
  }
  return { body: merged, kept };
}
