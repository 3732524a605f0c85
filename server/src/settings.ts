// The settings the server accepts, normalised from whatever shape a client sends them in.
// VS Code hands nested objects (`{kubernetes: {version}}`); Neovim/Helix users often write the
// same nested tables, but some clients send flat dotted keys (`"kubernetes.version"`): both work.
import { DEFAULT_KUBERNETES_VERSION, type SeveritySetting } from '../../analysis/src';

export interface Settings {
  /** `podwright.kubernetes.version`: the minor version rules and schemas target. */
  kubernetesVersion: string;
  /** `podwright.rules`: severity per rule id (`error`, `warning`, `info`, `off`). */
  rules: Record<string, SeveritySetting>;
  /** `podwright.docs.baseUrl`: base of rule links; `<base><rule>.md`. Empty: the installed docs. */
  docsBaseUrl: string;
  /** `podwright.files.include`: globs of files analysed even when no Pod is detected. */
  include: string[];
  /** `podwright.files.exclude`: globs of files never analysed (fixtures kept broken on purpose), as `lint --exclude`. */
  exclude: string[];
  /**
   * `podwright.diagnostics.debounceMs`: delay after a change before re-analysis while keystrokes keep
   * coming; an edit after a pause waits half of it (see `typingDelay` in scheduler.ts).
   */
  debounceMs: number;
}

/**
 * 80 ms: a 50-pod file is re-analysed in about 9 ms, so the end of a word is checked within about
 * 90 ms of its last keystroke and a single edit within about 50 ms (at most 100 ms felt, against
 * 200 + 9 before), while keystrokes less than 80 ms apart (a fast typist, key repeat) are checked
 * once. `npm run bench lsp` measures both; docs/language-server.md has the figures.
 */
export const DEFAULT_DEBOUNCE_MS = 80;

export const DEFAULT_SETTINGS: Settings = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  rules: {},
  docsBaseUrl: '',
  include: [],
  exclude: [],
  debounceMs: DEFAULT_DEBOUNCE_MS,
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `a.b.c` from nested objects or from a flat `"a.b.c"` key (or a mix of both). */
function lookup(root: Record<string, unknown>, dotted: string): unknown {
  if (dotted in root) return root[dotted];
  const dot = dotted.indexOf('.');
  if (dot < 0) return undefined;
  const head = root[dotted.slice(0, dot)];
  return isRecord(head) ? lookup(head, dotted.slice(dot + 1)) : undefined;
}

function severityMap(v: unknown): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (!isRecord(v)) return out;
  for (const [rule, sev] of Object.entries(v)) {
    // `information`/`hint` are LSP words people may reach for; `info` is the analysis' word.
    const s = typeof sev === 'string' ? sev.toLowerCase().replace(/^information$|^hint$/, 'info') : sev === false ? 'off' : '';
    if (SEVERITIES.has(s)) out[rule] = s as SeveritySetting;
  }
  return out;
}

/**
 * Normalises a settings object. `raw` is the `podwright` section itself, or an object holding it
 * under `podwright` (what `workspace/didChangeConfiguration` usually carries).
 */
export function normaliseSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  if (!isRecord(raw)) return base;
  const section = isRecord(raw.podwright) ? raw.podwright : raw;
  const version = lookup(section, 'kubernetes.version');
  const rules = lookup(section, 'rules');
  const docs = lookup(section, 'docs.baseUrl');
  const include = lookup(section, 'files.include');
  const exclude = lookup(section, 'files.exclude');
  const debounce = lookup(section, 'diagnostics.debounceMs');
  return {
    kubernetesVersion: typeof version === 'string' && /^1\.\d+$/.test(version.trim()) ? version.trim() : base.kubernetesVersion,
    rules: rules === undefined ? base.rules : severityMap(rules),
    docsBaseUrl: typeof docs === 'string' ? docs : base.docsBaseUrl,
    include: Array.isArray(include) ? include.filter((g): g is string => typeof g === 'string') : base.include,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string') : base.exclude,
    debounceMs:
      typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 ? Math.min(debounce, 10_000) : base.debounceMs,
  };
}

/** A stable key: two documents with equal keys get equal analysis results for equal text. */
export function settingsKey(s: Settings): string {
  const rules = Object.keys(s.rules)
    .sort()
    .map((k) => `${k}=${s.rules[k]}`)
    .join(',');
  return `${s.kubernetesVersion}|${rules}|${s.docsBaseUrl}|${s.include.join(',')}|${s.exclude.join(',')}`;
}
