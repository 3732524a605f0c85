// A fast path for the YAML that manifests are almost always written in: block mappings and
// sequences, one-line scalars (plain, quoted), literal block scalars and one-line flow collections.
// It builds the same syntax nodes (yaml's Scalar/YAMLMap/YAMLSeq, same ranges) and the same plain
// values as the `yaml` package, about ten times faster. On anything else (anchors, tags, folded or
// multi-line scalars, errors of any kind) it gives up and the caller parses the file with `yaml`,
// so the result is always yaml's: a differential test holds the two to that.
import { Document, isScalar, LineCounter } from 'yaml';
import { BlockParser, FastDocument } from './blockParser';
import { scanLines } from './lines';
import { bail, Node, Unsupported } from './nodes';

export type { FastDocument } from './blockParser';

type Tag = { default?: boolean | string; test?: RegExp; resolve: (s: string, onError: (m: string) => void, o: object) => unknown };

export class FastYaml {
  private readonly template: Document;
  private readonly plainTags: Tag[];

  constructor(options: object) {
    this.template = new Document(null, options);
    const tags = (this.template.schema as unknown as { tags: Tag[] }).tags;
    this.plainTags = tags.filter((t) => t.default === true && t.test);
  }

  /** Parses `text`, or returns null when the fast path does not apply. Fills `lineCounter`. */
  parse(text: string, lineCounter: LineCounter): FastDocument[] | null {
    if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
    try {
      const lines = scanLines(text);
      const docs = new BlockParser(text, lines, this).documents();
      for (const l of lines) lineCounter.addNewLine(l.start);
      return docs;
    } catch (e) {
      if (e instanceof Unsupported || e instanceof RangeError) return null;
      throw e;
    }
  }

  /** Plain scalars repeat (keys above all): their resolved values are cached. */
  private readonly resolved = new Map<string, unknown>();

  resolvePlain(source: string): unknown {
    const hit = this.resolved.get(source);
    if (hit !== undefined || this.resolved.has(source)) return hit;
    const v = this.resolveUncached(source);
    if (this.resolved.size > 20000) this.resolved.clear();
    this.resolved.set(source, v);
    return v;
  }

  private resolveUncached(source: string): unknown {
    for (const tag of this.plainTags) {
      if ((tag.test as RegExp).test(source)) {
        let failed = false;
        const v = tag.resolve(source, () => (failed = true), this.template.options);
        if (failed) bail();
        // YAML 1.1 booleans come back wrapped, to keep their spelling for re-stringifying.
        return isScalar(v) ? v.value : v;
      }
    }
    return source;
  }

  makeDocument(contents: Node, range: [number, number, number]): Document.Parsed {
    const doc = Object.assign(Object.create(Object.getPrototypeOf(this.template)), this.template, {
      contents,
      range,
      errors: [],
      warnings: [],
    });
    return doc as Document.Parsed;
  }
}
