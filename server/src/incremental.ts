// Re-analysis at typing speed: a multi-document file is analysed one `---` document at a time, and
// a document whose text did not change reuses its previous problems. An edit to one pod of fifty
// re-analyses that pod only. The result equals analysing the whole text (a property test checks
// it): YAML documents are independent (anchors, tags and keys do not cross `---`), and the one
// dependency between them, ConfigMaps and Secrets defined in the same file, is kept by analysing
// each document together with the file's ConfigMaps and Secrets, keyed by their text too.
import { createHash } from 'node:crypto';
import { analyze, type AnalysisOptions, type OffsetRange, type Problem } from '../../analysis/src';

interface Chunk {
  start: number;
  text: string;
}

/** A range stored relative to the start of the chunk it lies in: its own (-1) or object chunk `o`. */
interface StoredRange {
  o: number;
  s: number;
  e: number;
}

interface StoredProblem {
  problem: Problem; // ranges inside are not used; the stored ones below are
  document: number;
  range: StoredRange;
  related: { range: StoredRange; message: string }[] | undefined;
  fixes: { title: string; preferred?: boolean; edits: { range: StoredRange; newText: string }[] }[] | undefined;
}

interface ChunkResult {
  problems: StoredProblem[];
  documents: number;
  /**
   * The document is not valid YAML. An unclosed quote or bracket can run past a `---` line in the
   * parser's reading of the whole file, so the whole file is analysed instead until it is fixed.
   */
  broken: boolean;
}

/** A document starts at a `---` line (c-forbidden content: never inside a scalar at column 0). */
const MARKER = /^---(?=[ \t]|\r?$)/gm;
const OBJECT = /^kind:[ \t]*["']?(?:ConfigMap|Secret)["']?[ \t]*(?:#.*)?\r?$/m;
/** Whole-file features a single document cannot see: file-level suppressions, YAML directives. */
const WHOLE_FILE = /podwright-disable-file|^%|podwright-disable-next-line[^\n]*\n---/m;

export function splitChunks(text: string): Chunk[] {
  const starts: number[] = [0];
  for (const m of text.matchAll(MARKER)) if (m.index !== undefined && m.index > 0) starts.push(m.index);
  const chunks = starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
  // Comments before the first `---` belong to the document that marker starts.
  if (chunks.length > 1 && !/^[ \t]*[^\s#]/m.test(chunks[0].text)) {
    chunks[1] = { start: 0, text: chunks[0].text + chunks[1].text };
    chunks.shift();
  }
  return chunks;
}

interface Placed {
  chunk: Chunk;
  /** Index among the object chunks, or -1 for the chunk being analysed. */
  owner: number;
  at: number;
}

function synthesise(placed: Placed[]): string {
  let text = '';
  for (const p of placed) {
    if (text && !text.endsWith('\n')) text += '\n';
    if (text && !p.chunk.text.startsWith('---')) text += '---\n';
    p.at = text.length;
    text += p.chunk.text;
  }
  return text;
}

function owning(placed: Placed[], offset: number): Placed {
  let best = placed[0];
  for (const p of placed) if (p.at <= offset) best = p;
  return best;
}

/** A chunk of this call: its cache key, and where it stands among the object chunks. */
interface Entry {
  chunk: Chunk;
  /** Index among the object chunks, or -1. */
  objectIndex: number;
  key: string;
}

export class IncrementalAnalyzer {
  private cache = new Map<string, ChunkResult>();
  /** How many documents (`---` chunks) the last call analysed; the rest came from the cache. */
  analysedChunks = 0;

  analyze(text: string, options: AnalysisOptions, optionsKey: string): Problem[] {
    const chunks = splitChunks(text);
    this.analysedChunks = 0;
    if (chunks.length >= 3 && !WHOLE_FILE.test(text)) {
      try {
        const problems = this.byChunk(text, chunks, options, optionsKey);
        if (problems) return problems;
      } catch {
        // A document the analysis cannot take on its own is analysed with its file, as before.
        this.cache.clear();
      }
    } else {
      this.cache.clear();
    }
    this.analysedChunks = chunks.length;
    return analyze(text, options).problems;
  }

  /** The problems of the file, document by document; null when the whole file must be analysed. */
  private byChunk(text: string, chunks: Chunk[], options: AnalysisOptions, optionsKey: string): Problem[] | null {
    const objects = chunks.filter((c) => OBJECT.test(c.text));
    // Every key holds the objects' texts, as a digest: a thousand ConfigMaps are not copied into
    // each of a thousand keys.
    const objectKey = createHash('sha1').update(objects.map((c) => c.text).join('\u0000---\u0000')).digest('base64');
    const objectsLength = objects.reduce((n, c) => n + c.text.length, 0);
    let before = 0;
    const entries: Entry[] = chunks.map((chunk) => {
      const objectIndex = objects[before] === chunk ? before : -1;
      const key = `${optionsKey}\u0001${before}\u0001${objectIndex}\u0001${objectKey}\u0001${objectIndex >= 0 ? '' : chunk.text}`;
      if (objectIndex >= 0) before++;
      return { chunk, objectIndex, key };
    });
    // Each document not in the cache is analysed with every ConfigMap and Secret of the file. When
    // that is more text than the file (a new file; an edited ConfigMap; thousands of them), the file
    // is analysed once as a whole instead, and the cache filled from that.
    const missed = new Set(entries.filter((e) => !this.cache.has(e.key)).map((e) => e.key));
    let cost = 0;
    for (const e of entries) if (missed.has(e.key)) cost += e.chunk.text.length + objectsLength;
    if (missed.size > 1 && cost > 2 * text.length) return this.whole(text, entries, options, missed.size);

    const next = new Map<string, ChunkResult>();
    const problems: Problem[] = [];
    let documentBase = 0;
    let broken = false;
    for (const { chunk, objectIndex, key } of entries) {
      let result = next.get(key) ?? this.cache.get(key);
      if (!result) {
        result = this.analyseChunk(chunk, objectIndex, objects, options);
        this.analysedChunks++;
      }
      next.set(key, result);
      if (result.broken) broken = true;
      const base = (r: StoredRange): OffsetRange => {
        const origin = r.o < 0 ? chunk.start : objects[r.o].start;
        return { start: origin + r.s, end: origin + r.e };
      };
      for (const sp of result.problems) {
        const p: Problem = { ...sp.problem, range: base(sp.range), document: documentBase + sp.document };
        if (sp.related) p.related = sp.related.map((r) => ({ range: base(r.range), message: r.message }));
        if (sp.fixes) {
          p.fixes = sp.fixes.map((f) => {
            const fix: NonNullable<Problem['fixes']>[number] = { title: f.title, edits: f.edits.map((e) => ({ range: base(e.range), newText: e.newText })) };
            if (f.preferred !== undefined) fix.preferred = f.preferred;
            return fix;
          });
        }
        problems.push(p);
      }
      documentBase += result.documents;
    }
    this.cache = next;
    if (broken) return null;
    problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.rule.localeCompare(b.rule));
    return problems;
  }

  /**
   * Analyses the whole file, and keeps each document's share of the result in the cache, as if it
   * had been analysed on its own (the two are equal: see the file's head).
   */
  private whole(text: string, entries: Entry[], options: AnalysisOptions, missed: number): Problem[] {
    const { file, problems } = analyze(text, options);
    this.analysedChunks = missed;
    const next = new Map<string, ChunkResult>();
    const ends = entries.map((e, i) => entries[i + 1]?.chunk.start ?? text.length);
    const chunkOf = (offset: number) => {
      let lo = 0;
      for (let hi = entries.length - 1; lo < hi; ) {
        const mid = (lo + hi + 1) >> 1;
        if (entries[mid].chunk.start <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const results: ChunkResult[] = entries.map(() => ({ problems: [], documents: 0, broken: false }));
    const firstDoc: number[] = entries.map(() => -1);
    for (const d of file.documents) {
      const i = chunkOf(d.range.start);
      if (firstDoc[i] < 0) firstDoc[i] = d.index;
      results[i].documents++;
      if (d.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) results[i].broken = true;
    }
    let storable = true;
    for (const p of problems) {
      const i = chunkOf(file.documents[p.document]?.range.start ?? p.range.start);
      const own = entries[i];
      // A range in this document (an insertion at its very end included), or in an object's.
      const store = (r: OffsetRange): StoredRange => {
        if (r.start >= own.chunk.start && r.start <= ends[i]) return { o: -1, s: r.start - own.chunk.start, e: r.end - own.chunk.start };
        const at = entries[chunkOf(r.start)];
        if (at.objectIndex < 0) storable = false;
        return { o: at.objectIndex, s: r.start - at.chunk.start, e: r.end - at.chunk.start };
      };
      results[i].problems.push({
        problem: p,
        document: p.document - Math.max(0, firstDoc[i]),
        range: store(p.range),
        related: p.related?.map((r) => ({ range: store(r.range), message: r.message })),
        fixes: p.fixes?.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ range: store(e.range), newText: e.newText })) })),
      });
    }
    entries.forEach((e, i) => next.set(e.key, results[i]));
    // Results that point into another pod's document cannot be kept per document (never expected).
    this.cache = storable ? next : new Map();
    return problems;
  }
  /** Analyses `chunk` with the file's ConfigMaps and Secrets, keeping only its own problems. */
  private analyseChunk(chunk: Chunk, objectIndex: number, objects: Chunk[], options: AnalysisOptions): ChunkResult {
    const placed: Placed[] = objects.map((c, i) => ({ chunk: c, owner: i === objectIndex ? -1 : i, at: 0 }));
    if (objectIndex < 0) placed.push({ chunk, owner: -1, at: 0 });
    placed.sort((a, b) => a.chunk.start - b.chunk.start);
    const synthetic = synthesise(placed);
    const { file, problems } = analyze(synthetic, options);
    const self = placed.find((p) => p.owner === -1);
    if (!self) return { problems: [], documents: 0, broken: false };
    const selfEnd = self.at + self.chunk.text.length;
    // An insertion at the very end of this document (a fix appending a field) is this document's.
    const inSelf = (offset: number) => offset >= self.at && offset <= selfEnd;
    const docs = file.documents.filter((d) => d.range.start >= self.at && (d.range.start < selfEnd || selfEnd === synthetic.length));
    const firstDoc = docs.length ? docs[0].index : 0;
    const store = (r: OffsetRange): StoredRange => {
      const p = inSelf(r.start) ? self : owning(placed, r.start);
      const o = p === self ? -1 : p.owner;
      return { o, s: r.start - p.at, e: r.end - p.at };
    };
    const own = problems.filter((p) => docs.some((d) => d.index === p.document));
    return {
      documents: docs.length,
      broken: file.documents.some((d) => d.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')),
      problems: own.map((p) => ({
        problem: p,
        document: p.document - firstDoc,
        range: store(p.range),
        related: p.related?.map((r) => ({ range: store(r.range), message: r.message })),
        fixes: p.fixes?.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ range: store(e.range), newText: e.newText })) })),
      })),
    };
  }
}
