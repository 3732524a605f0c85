// The parts of secret, configMap, downwardAPI and projected volume sources that the API server checks
// beyond the schema (pkg/apis/core/validation/validation.go: validateSecretVolumeSource,
// validateConfigMapVolumeSource, validateDownwardAPIVolumeSource, validateProjectedVolumeSource,
// validateKeyToPath, validateLocalNonReservedPath): file modes within 0–0777, and item paths relative,
// without '..', not starting with '..'. Not a rule: the volumes rule calls it.
import type { PodContext } from '../../rule';
import type { Segment } from '../../types';
import { replaceScalar } from './edits';
import { isObject, listOf, objAt, q, str } from './support';

/** A mode written in decimal digits that were meant as octal (644 for 0644), as its octal text. */
function octalIntent(mode: number): string | null {
  const digits = String(mode);
  return /^[0-7]{3,4}$/.test(digits) && parseInt(digits, 8) <= 0o777 ? `0${digits.replace(/^0/, '')}` : null;
}

function checkMode(ctx: PodContext, path: Segment[], mode: unknown, what: string): void {
  if (typeof mode !== 'number' || (Number.isInteger(mode) && mode >= 0 && mode <= 0o777)) return;
  const intent = Number.isInteger(mode) ? octalIntent(mode) : null;
  const edit = intent ? replaceScalar(ctx, path, intent) : null;
  ctx.report({
    path,
    message: intent
      ? `${what} ${mode} is read as a decimal number, above the largest mode 0777 (511): write it in octal as ${intent} (YAML reads a leading 0 as octal), or in decimal as ${parseInt(String(mode), 8)}.`
      : `${what} ${mode} must be between 0 and 0777 (octal), that is 0 to 511.`,
    fixes: edit && intent ? [{ title: `Use ${intent}`, edits: [edit], preferred: true }] : undefined,
  });
}

function checkItemPath(ctx: PodContext, path: Segment[], value: string): void {
  if (value.startsWith('/')) ctx.report({ path, message: `Item path ${q(value)} must be relative: it is a file name inside the volume.` });
  else if (value.split('/').includes('..') || value.startsWith('..')) ctx.report({ path, message: `Item path ${q(value)} must not contain or start with '..'.` });
}

function checkItems(ctx: PodContext, base: Segment[], items: unknown): void {
  listOf(items).forEach((item, i) => {
    if (!isObject(item)) return;
    const p = str(item, 'path');
    if (p) checkItemPath(ctx, [...base, 'items', i, 'path'], p);
    checkMode(ctx, [...base, 'items', i, 'mode'], item.mode, 'mode');
  });
}

/** Checks the file-projecting sources of volume `index`. */
export function checkVolumeFiles(ctx: PodContext, index: number, volume: Record<string, unknown>): void {
  const at = (...rel: Segment[]) => ctx.at('volumes', index, ...rel);
  for (const source of ['secret', 'configMap', 'downwardAPI'] as const) {
    const s = objAt(volume, source);
    if (!s) continue;
    checkMode(ctx, at(source, 'defaultMode'), s.defaultMode, 'defaultMode');
    checkItems(ctx, at(source), s.items);
  }
  const projected = objAt(volume, 'projected');
  if (!projected) return;
  checkMode(ctx, at('projected', 'defaultMode'), projected.defaultMode, 'defaultMode');
  listOf(projected.sources).forEach((src, i) => {
    if (!isObject(src)) return;
    for (const kind of ['secret', 'configMap', 'downwardAPI'] as const) {
      const s = objAt(src, kind);
      if (s) checkItems(ctx, at('projected', 'sources', i, kind), s.items);
    }
    const token = objAt(src, 'serviceAccountToken');
    const tokenPath = token ? str(token, 'path') : undefined;
    if (tokenPath) checkItemPath(ctx, at('projected', 'sources', i, 'serviceAccountToken', 'path'), tokenPath);
  });
}
