// The timeline's visible window along time: zoom in and out around a point (the pointer, or the
// centre), pan, "fit" (the whole life, growing with it), "follow" (the right edge at now while the
// pod lives, the span kept) and "pause" (the picture frozen while data keeps arriving). Plain
// code, tested in test/unit/timelineWindow.test.ts. The webview runs this very code: its script
// embeds `timelineWindowModel.toString()`, so the factory refers to nothing outside itself.

/** What is shown: [from, to] in epoch ms, and how it moves when the life grows. */
export interface TimeWindow {
  from: number;
  to: number;
  /** fit: always the whole life; follow: right edge at the life's end; free: where the person left it. */
  mode: 'fit' | 'follow' | 'free';
  /** Frozen: the picture is not redrawn; the newest data waits until resumed. */
  paused: boolean;
}

/** The life a window moves within: the timeline's start and end (now, for a live pod). */
export interface Life {
  start: number;
  end: number;
}

export interface TimelineWindowModel {
  /** The smallest span a zoom reaches (ms). */
  MIN_SPAN: number;
  fit(life: Life, paused?: boolean): TimeWindow;
  /** factor < 1 zooms in; `at` is where the anchor sits in the window, 0 (left) to 1 (right). */
  zoom(w: TimeWindow, life: Life, factor: number, at?: number): TimeWindow;
  /** Moves by a fraction of the span (negative: towards the start). */
  pan(w: TimeWindow, life: Life, fraction: number): TimeWindow;
  follow(w: TimeWindow, life: Life): TimeWindow;
  togglePause(w: TimeWindow): TimeWindow;
  /** The life grew (new data): where the window goes. */
  advance(w: TimeWindow, life: Life): TimeWindow;
  /** The x of time `t` in a plot `width` wide starting at `left`. */
  x(w: TimeWindow, t: number, left: number, width: number): number;
  /** The time under x (the inverse of `x`). */
  timeAt(w: TimeWindow, px: number, left: number, width: number): number;
}

export function timelineWindowModel(): TimelineWindowModel {
  const MIN_SPAN = 100;
  const span = (life: Life) => Math.max(1, life.end - life.start);
  // Keeps [from, from + width] within the life (a window wider than the life shows all of it).
  const clamp = (life: Life, from: number, width: number) => {
    const w = Math.min(width, span(life));
    const f = Math.min(Math.max(from, life.start), life.end - w);
    return { from: f, to: f + w };
  };
  const model: TimelineWindowModel = {
    MIN_SPAN,
    fit: (life, paused = false) => ({ from: life.start, to: life.start + span(life), mode: 'fit', paused }),
    zoom(w, life, factor, at = 0.5) {
      const anchor = w.from + (w.to - w.from) * at;
      const width = Math.min(span(life), Math.max(Math.min(MIN_SPAN, span(life)), (w.to - w.from) * factor));
      if (width >= span(life)) return model.fit(life, w.paused);
      // Following, the right edge stays at now: the zoom is around it.
      if (w.mode === 'follow') return { from: life.end - width, to: life.end, mode: 'follow', paused: w.paused };
      return { ...clamp(life, anchor - width * at, width), mode: 'free', paused: w.paused };
    },
    pan(w, life, fraction) {
      const width = w.to - w.from;
      const moved = clamp(life, w.from + width * fraction, width);
      // A window that reaches the end again keeps following; one moved from it is left free.
      const mode = w.mode === 'fit' && moved.from === life.start && moved.to === life.end ? 'fit' : 'free';
      return { ...moved, mode, paused: w.paused };
    },
    follow(w, life) {
      const width = w.mode === 'fit' ? span(life) : Math.min(w.to - w.from, span(life));
      return { from: life.end - width, to: life.end, mode: 'follow', paused: w.paused };
    },
    togglePause: (w) => ({ ...w, paused: !w.paused }),
    advance(w, life) {
      if (w.paused) return w;
      if (w.mode === 'fit') return model.fit(life);
      if (w.mode === 'follow') return model.follow(w, life);
      return { ...clamp(life, w.from, w.to - w.from), mode: 'free', paused: false };
    },
    x: (w, t, left, width) => left + ((t - w.from) / Math.max(1, w.to - w.from)) * width,
    timeAt: (w, px, left, width) => w.from + ((px - left) / Math.max(1, width)) * (w.to - w.from),
  };
  return model;
}
