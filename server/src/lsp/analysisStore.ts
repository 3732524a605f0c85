// The last analysis of each open document, keyed by its version and settings, so that hover,
// completion, code actions and symbols on an unchanged document never analyse it again, and a
// document whose text did not change is not re-analysed when its diagnostics are re-published.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../analysis/engine';
import { analyze } from '../analysis/engine';
import type { Enablement } from './enablement';
import { enablement } from './enablement';
import type { SizeVerdict } from './limits';
import { checkSize } from './limits';
import type { Settings } from './settings';
import { settingsKey } from './settings';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  key: string;
  enabled: Enablement;
  size: SizeVerdict;
  /** Present when the document is enabled and within the size limit. */
  result?: AnalysisResult;
  /** Set when the analysis itself threw (a bug): nothing is reported rather than a crash. */
  failure?: string;
}

export class AnalysisStore {
  private readonly byUri = new Map<string, DocumentAnalysis>();

  /** The analysis of the document as it is now, from the cache when text and settings are unchanged. */
  get(doc: TextDocument, settings: Settings): DocumentAnalysis {
    const key = settingsKey(settings);
    const cached = this.byUri.get(doc.uri);
    if (cached && cached.version === doc.version && cached.key === key) return cached;
    const text = doc.getText();
    const entry: DocumentAnalysis = {
      uri: doc.uri,
      version: doc.version,
      key,
      enabled: enablement(text, doc.uri, doc.languageId, settings),
      size: { ok: true },
    };
    if (entry.enabled !== 'no') {
      entry.size = checkSize(text);
      if (entry.size.ok) {
        try {
          entry.result = analyze(text, { kubernetesVersion: settings.kubernetesVersion, severities: settings.rules });
        } catch (e) {
          entry.failure = e instanceof Error ? e.message : String(e);
        }
      }
    }
    this.byUri.set(doc.uri, entry);
    return entry;
  }

  /** The cached analysis, whatever version it is of (for deciding whether to clear old results). */
  peek(uri: string): DocumentAnalysis | undefined {
    return this.byUri.get(uri);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
