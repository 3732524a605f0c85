// The analysis: YAML text in, located problems out. No VS Code, no LSP.
import { POD_RULES, ruleById } from './rules';
import { YAML_DUPLICATE_KEY, YAML_SYNTAX } from './rules/yamlRules';
import { checkSchema } from './schema';
import { collectObjects } from './objects';
import type { ObjectContext, PodContext, Report } from './rule';
import { applySuppressions } from './suppress';
import { displayPath, withShortWords } from './quote';
import type { RuleMeta } from './rule';
import type { AnalysisOptions, Problem, Segment, Severity, SeveritySetting } from './types';
import { DEFAULT_KUBERNETES_VERSION } from './types';
import { anchorRange, parseYaml, ParsedDocument, ParsedFile, pathAtOffset } from './yamlModel';
import { findPod } from './workloads';
import { asObject, isObject, valueAt } from './values';

export interface AnalysisResult {
  file: ParsedFile;
  problems: Problem[];
}

class Collector {
  readonly problems: Problem[] = [];
  constructor(
    private readonly severities: Record<string, SeveritySetting>,
    /** Every document of the file, for related locations in another document. */
    private readonly documents: readonly ParsedDocument[],
    /** The Kubernetes version, whose schema says which segments of a path are map keys. */
    readonly version: string,
  ) {}

  severityOf(rule: string, fallback: Severity): Severity | null {
    const s = this.severities[rule];
    if (s === 'off') return null;
    return s ?? ruleById(rule)?.defaultSeverity ?? fallback;
  }

  add(document: ParsedDocument, rule: string, defaultSeverity: Severity, r: Report): void {
    const configured = this.severities[rule];
    if (configured === 'off') return;
    // An explicit per-report severity (an API warning inside an error family) yields to configuration.
    const severity = configured ?? r.severity ?? ruleById(rule)?.defaultSeverity ?? defaultSeverity;
    this.problems.push({
      rule,
      severity,
      message: withShortWords(r.message),
      path: typeof r.apiPath === 'string' ? r.apiPath : displayPath(r.apiPath ?? r.path, document.value, this.version),
      range: anchorRange(document, r.path, r.anchor ?? 'value'),
      document: document.index,
      related: r.related?.map((rel) => ({
        range: anchorRange((rel.document !== undefined && this.documents[rel.document]) || document, rel.path, rel.anchor ?? 'value'),
        message: withShortWords(rel.message),
      })),
      fixes: r.fixes,
    });
  }
}

/**
 * YAML errors listed per document, at most. One mistake (an unclosed quote or bracket) makes the
 * parser report an error on every line after it; the first ones are what a person fixes.
 */
export const MAX_SYNTAX_PROBLEMS = 50;

/** Reports the document's YAML errors; true when the document cannot be read (nothing else is checked). */
function syntaxProblems(text: string, doc: ParsedDocument, out: Collector): boolean {
  let fatal = false;
  const seen = new Set<string>();
  const listed: Problem[] = [];
  let unlisted = 0;
  const list = (rule: RuleMeta, start: number, end: number, message: string) => {
    const severity = out.severityOf(rule.id, rule.defaultSeverity);
    const key = `${rule.id}@${start}:${message}`;
    if (!severity || seen.has(key)) return;
    seen.add(key);
    if (listed.length >= MAX_SYNTAX_PROBLEMS) {
      unlisted++;
      return;
    }
    const path: Segment[] = pathAtOffset(doc, start);
    listed.push({ rule: rule.id, severity, message: withShortWords(message), path: displayPath(path, doc.value, out.version), range: { start, end: Math.max(end, start + 1) }, document: doc.index });
  };
  for (const err of doc.doc.errors) {
    const duplicate = err.code === 'DUPLICATE_KEY';
    if (!duplicate) fatal = true;
    const start = err.pos[0];
    // yaml marks one character of a duplicate key; the whole key reads better.
    const end = duplicate ? start + (/^[^:\n]*/.exec(text.slice(start, start + 256))?.[0].trimEnd().length ?? 1) : err.pos[1];
    list(duplicate ? YAML_DUPLICATE_KEY : YAML_SYNTAX, start, end, duplicate ? `Duplicate key: ${keyAt(text, start, end)} is already defined in this mapping.` : firstLine(err.message));
  }
  // A document that parses but that kubectl cannot decode (decode.ts) is refused as a whole, like
  // one that does not parse: said once, where it fails. After a syntax error it would only repeat it.
  if (!fatal && doc.decodeError) {
    fatal = true;
    list(YAML_SYNTAX, doc.decodeError.range.start, doc.decodeError.range.end, doc.decodeError.message);
  }
  if (unlisted > 0) {
    const last = listed[listed.length - 1];
    last.message += ` (${unlisted} more YAML error${unlisted === 1 ? '' : 's'} in this document not listed)`;
  }
  out.problems.push(...listed);
  return fatal;
}


function keyAt(text: string, start: number, end: number): string {
  const key = text.slice(start, end).split('\n')[0].replace(/:$/, '').trim();
  return key ? `'${key.length > 60 ? key.slice(0, 60) + '…' : key}'` : 'this key';
}

/** A problem's place: its field path and where it is shown (the key, or the value). */
function placeOf(p: Problem): string {
  return `${p.path}@${p.range.start}`;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  // yaml appends " at line L, column C" — the range already says where.
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

export function analyze(text: string, options: AnalysisOptions = {}): AnalysisResult {
  const file = parseYaml(text);
  const version = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const out = new Collector(options.severities ?? {}, file.documents, version);
  const objects = collectObjects(file);
  const enabled = POD_RULES.filter((r) => out.severityOf(r.id, r.defaultSeverity) !== null);
  for (const document of file.documents) {
    if (syntaxProblems(text, document, out)) continue;
    if (document.value === undefined || document.value === null) continue;
    const schemaStart = out.problems.length;
    for (const r of checkSchema(document, version)) out.add(document, r.rule, 'error', r);
    // One problem per place: where the schema already flags a field, the rules say nothing more there.
    const flagged = out.problems.length > schemaStart ? new Set(out.problems.slice(schemaStart).map(placeOf)) : null;
    let rule = POD_RULES[0];
    const report = (r: Report) => {
      const n = out.problems.length;
      out.add(document, rule.id, rule.defaultSeverity, r);
      if (flagged && out.problems.length > n && flagged.has(placeOf(out.problems[n]))) out.problems.pop();
    };
    /** Runs one rule's check; a bug in a rule is reported, never thrown: it must not take the analysis down. */
    const run = (check: () => void, at: Segment[]) => {
      try {
        check();
      } catch (e) {
        out.add(document, 'internal-error', 'info', { path: at, anchor: 'key', message: `Rule ${rule.id} failed on this document: ${(e as Error).message}` });
      }
    };
    const value = document.value;
    if (isObject(value)) {
      const objectCtx: ObjectContext = { document, value, report, file, kubernetesVersion: version };
      for (rule of enabled) if (rule.checkObject) run(() => rule.checkObject?.(objectCtx), []);
    }
    const pod = findPod(value);
    if (!pod) continue;
    const ctx: PodContext = {
      file,
      objects,
      document,
      pod,
      spec: asObject(valueAt(value, pod.specPath)),
      metadata: asObject(valueAt(value, pod.metadataPath)),
      kubernetesVersion: version,
      at: (...rel) => [...pod.specPath, ...rel],
      report,
    };
    for (rule of enabled) run(() => rule.check(ctx), pod.specPath);
  }
  const problems = applySuppressions(file, out.problems);
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.rule.localeCompare(b.rule));
  return { file, problems };
}
