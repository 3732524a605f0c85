// Go's text/tabwriter as kubectl's describers use it (tabbedString in
// staging/src/k8s.io/kubectl/pkg/describe/describe.go: minwidth 0, tabwidth 8, padding 2, spaces):
// a cell is text ended by a tab; a column is aligned over a block of consecutive lines that all
// have a cell in it, so a line without one (a section title) starts a new block. The text after a
// line's last tab is not a cell and is never padded. flush() ends the blocks, as Flush does.

const PADDING = 2;

export class TabWriter {
  private pending: string[] = [];
  private done: string[] = [];

  /** Text with `\t` cell ends and `\n` line ends, at an indent of `level` (two spaces a level). */
  write(level: number, text: string): void {
    const prefix = '  '.repeat(level);
    // The indent goes before the text of the call only, as kubectl's PrefixWriter puts it; a call
    // that continues a line (no newline before) is joined to it.
    const last = this.pending.length ? this.pending.pop() ?? '' : '';
    const parts = (last + prefix + text).split('\n');
    this.pending.push(...parts);
  }

  flush(): void {
    const lines = this.pending;
    const tail = lines.pop() ?? '';
    this.done.push(align(lines.map((l) => l.split('\t'))));
    this.pending = [tail];
  }

  toString(): string {
    this.flush();
    return this.done.join('') + (this.pending[0] ?? '');
  }
}

function align(lines: string[][]): string {
  const out: string[] = [];
  const widths: number[] = [];
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out.push(cells.map((c, j) => (j < cells.length - 1 && j < widths.length ? c.padEnd(widths[j]) : c)).join('') + '\n');
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      emit(start, i);
      start = i;
      let width = 0;
      for (; i < line1 && column < lines[i].length - 1; i++) width = Math.max(width, [...lines[i][column]].length + PADDING);
      widths.push(width);
      format(start, i);
      widths.pop();
      start = i;
      i--;
    }
    emit(start, line1);
  };
  format(0, lines.length);
  return out.join('');
}
