// `podwright get pods -w`: the table, then a row each time a pod's row changes or a pod appears, as
// `kubectl get pods -w` prints them, until Ctrl+C or the engine goes away.
import type { PodRuntime, PodStatus } from '../../../runtime/src';
import { CliIO, USAGE_ERROR } from '../io';

export interface PodWatch {
  /** The pods this watch lists (namespace, names, selector). */
  wanted(p: PodStatus): boolean;
  header: string[];
  /** A pod's row; AGE, which changes every second, is its last cell and not a change. */
  cells(p: PodStatus, now: number): string[];
}

/** How long the changes of one moment are gathered before the pods are listed again. */
const SETTLE_MS = 100;

export async function watchPods(runtime: PodRuntime, io: CliIO, w: PodWatch, signal?: AbortSignal): Promise<number> {
  const shown = new Map<string, string>();
  let widths: number[] | undefined;
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths?.[i] ?? c.length) : c)).join('   ') + '\n';
  const print = (pods: PodStatus[], first: boolean) => {
    const now = Date.now();
    const rows: string[][] = [];
    for (const p of pods.filter(w.wanted)) {
      const cells = w.cells(p, now);
      const key = JSON.stringify(cells.slice(0, -1));
      if (shown.get(p.uid) === key) continue;
      shown.set(p.uid, key);
      rows.push(cells);
    }
    if (first && !rows.length) io.err('No resources found, waiting for pods (Ctrl+C to stop).\n');
    if (!rows.length) return;
    if (!widths) {
      // The first rows set the columns' widths, under a header; later rows keep them as far as they fit.
      widths = w.header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      io.out(line(w.header));
    }
    for (const r of rows) io.out(line(r));
  };
  print(await runtime.list(), true);
  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let listing = Promise.resolve();
    let watch: { dispose(): void } | undefined;
    const end = (code: number) => {
      clearTimeout(timer);
      watch?.dispose();
      process.off('SIGINT', interrupt);
      resolve(code);
    };
    const interrupt = () => end(0);
    process.once('SIGINT', interrupt);
    signal?.addEventListener('abort', interrupt, { once: true });
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        listing = listing.then(async () => print(await runtime.list(), false)).catch(() => undefined);
      }, SETTLE_MS);
    };
    runtime.watch(changed, (e) => {
      io.err(`podwright get: the engine stopped answering${e ? `: ${(e as Error).message}` : ''}\n`);
      end(USAGE_ERROR);
    }).then(
      (x) => {
        watch = x;
        // A change between the first listing and the watch's start.
        changed();
      },
      (e: Error) => {
        io.err(`podwright get: ${e.message}\n`);
        end(USAGE_ERROR);
      },
    );
  });
}
