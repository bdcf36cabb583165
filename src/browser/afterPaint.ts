/**
 * A page's heavy libraries (TensorFlow.js, DuckDB-wasm) load after its first charts are on screen, not before:
 * evaluating megabytes of script holds the main thread, so a chart whose data is ready would wait for it.
 * Example (in a page cell that uses the chart's data, so it runs after it):
 * `const backend = await afterPaint().then(() => import("./browser/tfBackend.js")).then((m) => m.setupBrowserBackend());`
 */

/** Resolves once the browser has painted the page as it is now (the next frame, then a task after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
