import {afterPaint} from "../browser/afterPaint.js";

/**
 * A page's later charts, drawn at load once the browser has painted what is already there, one per frame in page
 * order: the first chart shows without waiting for the five or six below it (50–250 ms each on a slow laptop), and
 * the page answers clicks and scrolling while they draw. Every chart is still drawn at load, from the same data;
 * only their order in time changes. After the load, a chart redraws at once (a filter's change updates every chart
 * together, with no card emptied for a frame).
 * Example: `resize(laterChart((width) => CountBars(counts, {width, label: "Verb"})))` (Framework's `resize` awaits it)
 * (The heavy pages' `browser/afterPaint.ts` is the one-shot form: a library imported once the page has drawn.)
 */
export function laterChart<T>(render: (width: number) => T): (width: number) => T | Promise<T> {
  // One parameter, so that `resize` gives the chart its width only (as it does `(width) => …`).
  return (width: number) => {
    if (loaded) return render(width);
    waiting++;
    return nextTurn()
      .then(() => render(width))
      .finally(() => {
        if (--waiting === 0) loaded = true;
      });
  };
}

let loaded = false;
let waiting = 0;
let queue: Promise<void> = Promise.resolve();

/** Resolves after the next paint, each caller one frame after the previous one. */
function nextTurn(): Promise<void> {
  queue = queue.then(afterPaint);
  return queue;
}
