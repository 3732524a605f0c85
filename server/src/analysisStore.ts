// The last analysis of each open document, keyed by its version and settings, so that hover,
// completion, code actions and symbols on an unchanged document never analyse it again, and a
// document whose text did not change is not re-analysed when its diagnostics are re-published.
// Problems are kept for every open document; syntax trees (large) only for the few most recently
// used ones, and rebuilt on demand, so hundreds of open files cost little memory.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYaml, summarize, type FileSummary, type Problem, type ParsedFile } from '../../analysis/src';
import type { Enablement } from './enablement';
import { enablement, isUnrenderedTemplate } from './enablement';
import { IncrementalAnalyzer } from './incremental';
import type { SizeVerdict } from './limits';
import { checkSize } from './limits';
import type { Settings } from './settings';
import { settingsKey } from './settings';

/** How many parsed files are kept for hover, completion and symbols. */
const PARSED_KEPT = 8;

export interface DocumentAnalysis {
  uri: string;
  version: number;
  key: string;
  enabled: Enablement;
  size: SizeVerdict;
  /** Present when the document is enabled, within the size limit, and the analysis ran. */
  problems?: Problem[];
  /** What the document contributes to the workspace model (with `problems`). */
  summary?: FileSummary;
  /** Set when the analysis itself threw (a bug): nothing is reported rather than a crash. */
  failure?: string;
  /** Set when the analysis was stopped (too long, too much memory): why, for the person. */
  limit?: string;
}

/** Whether a document is analysed at all: ours (enablement) and within the size limit. Cheap. */
export function admission(text: string, uri: string, languageId: string, settings: Settings): Pick<DocumentAnalysis, 'enabled' | 'size'> {
  const enabled = enablement(text, uri, languageId, settings);
  return { enabled, size: enabled === 'no' ? { ok: true } : checkSize(text) };
}

export class AnalysisStore {
  private readonly byUri = new Map<string, DocumentAnalysis>();
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();
  /** Most recently used last. */
  private readonly parsed = new Map<string, { version: number; file: ParsedFile }>();

  /** The analysis of the document as it is now, from the cache when text and settings are unchanged. */
  get(doc: TextDocument, settings: Settings): DocumentAnalysis {
    const key = settingsKey(settings);
    const cached = this.byUri.get(doc.uri);
    if (cached && cached.version === doc.version && cached.key === key) return cached;
    const text = doc.getText();
    const entry: DocumentAnalysis = { uri: doc.uri, version: doc.version, key, ...admission(text, doc.uri, doc.languageId, settings) };
    if (entry.enabled !== 'no') {
      if (entry.size.ok) {
        let analyzer = this.analyzers.get(doc.uri);
        if (!analyzer) this.analyzers.set(doc.uri, (analyzer = new IncrementalAnalyzer()));
        try {
          entry.problems = analyzer.analyze(text, { kubernetesVersion: settings.kubernetesVersion, severities: settings.rules }, key);
          if (entry.enabled === 'detected' && isUnrenderedTemplate(text, entry.problems)) {
            entry.enabled = 'no';
            entry.problems = undefined;
            this.byUri.set(doc.uri, entry);
            return entry;
          }
          // A second parse (the analysis keeps no tree of a file it took document by document); kept
          // for hover and completion, which parse the same version.
          entry.summary = summarize(this.parse(doc));
        } catch (e) {
          this.analyzers.delete(doc.uri);
          entry.failure = e instanceof Error ? (e.stack ?? e.message) : String(e);
        }
      }
    }
    this.byUri.set(doc.uri, entry);
    return entry;
  }

  /** The document's syntax tree, parsed once per version (for hover, completion and symbols). */
  parse(doc: TextDocument): ParsedFile {
    const hit = this.parsed.get(doc.uri);
    this.parsed.delete(doc.uri);
    const file = hit && hit.version === doc.version ? hit.file : parseYaml(doc.getText());
    this.parsed.set(doc.uri, { version: doc.version, file });
    for (const uri of this.parsed.keys()) {
      if (this.parsed.size <= PARSED_KEPT) break;
      this.parsed.delete(uri);
    }
    return file;
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
    this.analyzers.delete(uri);
    this.parsed.delete(uri);
  }
}
