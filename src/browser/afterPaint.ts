/**
 * A page's heavy libraries (TensorFlow.js, DuckDB-wasm) load after its first charts are on screen, not before:
 * evaluating megabytes of script holds the main thread, so a chart whose data is ready would wait for it.
 * Example (in a page cell that uses the chart's data, so it runs after it):
 * `const backend = await afterPaint().then(() => import("./browser/tfBackend.js")).then((m) => m.setupBrowserBackend());`
 */

/** Resolves once the browser has painted the page as it is now (the next frame, then a task after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A hidden tab paints nothing and runs no animation frames: go on at once.
    if (document.visibilityState === "hidden") setTimeout(resolve, 0);
    // The frame's callbacks run before it paints; the task they queue runs after it.
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
