// Which documents the server analyses. An editor sends every YAML file it opens; only those that
// hold a Pod or pod template, or one of the core objects an application ships with its pods and the
// API rules check (Service, ConfigMap, Secret, PersistentVolumeClaim, Namespace, ServiceAccount,
// with `apiVersion: v1`), or that the user marks, get diagnostics, so a GitHub workflow or a Helm
// values file stays quiet.
import { fileURLToPath } from 'node:url';
import { matchesGlob, POD_KINDS } from '../../analysis/src';
import type { Settings } from './settings';

/** `# podwright: enable` (or `disable`) in a comment line: the user's word wins over settings and detection. */
const MODELINE = /^[ \t]*#[ \t]*podwright:[ \t]*(enable|disable)\b/m;
const KINDS = POD_KINDS.join('|');
/** A top-level `kind:` naming a pod-holding kind, in block style or JSON-ish flow style. */
const POD_KIND = new RegExp(`^kind:[ \\t]*["']?(?:${KINDS})["']?[ \\t]*(?:#.*)?\\r?$|"kind"[ \\t]*:[ \\t]*"(?:${KINDS})"`, 'm');
/** The core objects beside pods, recognised only together with a top-level `apiVersion: v1`. */
const CORE_KINDS = ['Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Namespace', 'ServiceAccount'].join('|');
const CORE_KIND = new RegExp(`^kind:[ \\t]*["']?(?:${CORE_KINDS})["']?[ \\t]*(?:#.*)?\\r?$|"kind"[ \\t]*:[ \\t]*"(?:${CORE_KINDS})"`, 'm');
const CORE_API = /^apiVersion:[ \t]*["']?v1["']?[ \t]*(?:#.*)?\r?$|"apiVersion"[ \t]*:[ \t]*"v1"/m;
/** A Go template action (Helm charts). */
const TEMPLATE = /\{\{/;

/** How many leading characters the modeline is looked for in (it belongs at the top of a file). */
const MODELINE_WINDOW = 4096;

export function uriToPath(uri: string): string {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
  } catch {
    // fall through: a malformed file URI is matched as the text it is
  }
  const m = /^[a-z][\w+.-]*:(?:\/\/[^/]*)?(.*)$/i.exec(uri);
  return decodeURIComponent(m ? m[1] : uri);
}

export type Enablement = 'modeline' | 'setting' | 'detected' | 'no';

export function enablement(text: string, uri: string, languageId: string, settings: Settings): Enablement {
  const mode = MODELINE.exec(text.slice(0, MODELINE_WINDOW));
  if (mode) return mode[1] === 'enable' ? 'modeline' : 'no';
  if (settings.exclude.length > 0) {
    // A glob that names a folder leaves out all below it, as `podwright lint --exclude` does.
    const path = uriToPath(uri);
    if (settings.exclude.some((g) => matchesGlob(path, g) || matchesGlob(path, `${g.trim().replace(/\/+$/, '')}/**`))) return 'no';
  }
  if (settings.include.length > 0) {
    const path = uriToPath(uri);
    if (settings.include.some((g) => matchesGlob(path, g))) return 'setting';
  }
  if (languageId === 'helm' || languageId === 'gotmpl') return 'no';
  if (!POD_KIND.test(text) && !(CORE_KIND.test(text) && CORE_API.test(text))) return 'no';
  return 'detected';
}

/**
 * A detected document that is a Go template (a Helm chart's): not YAML until rendered, so its syntax
 * errors are the template's actions, and it gets no diagnostics. Told after parsing, not from `{{`
 * alone: a Pod whose args hold `--format={{.Names}}` in quotes, or a ConfigMap carrying an
 * Alertmanager template in a block scalar, is valid YAML and is checked.
 */
export function isUnrenderedTemplate(text: string, problems: readonly { rule: string }[]): boolean {
  return problems.some((p) => p.rule === 'yaml-syntax') && TEMPLATE.test(text);
}
