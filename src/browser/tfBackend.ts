/**
 * TensorFlow.js backend selection for pages: the WebAssembly backend, with its binaries served by this site
 * (Framework data loaders in src/data/tfjs/ copy them from node_modules; a page passes their FileAttachment URLs).
 * Bare imports, as in src/lib/learn/lstm.ts, so the page and the library share one TF.js.
 *
 * Example (in a page):
 *   const backend = await setupBrowserBackend({
 *     "tfjs-backend-wasm.wasm": FileAttachment("data/tfjs/tfjs-backend-wasm.wasm").href,
 *     "tfjs-backend-wasm-simd.wasm": FileAttachment("data/tfjs/tfjs-backend-wasm-simd.wasm").href,
 *     "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("data/tfjs/tfjs-backend-wasm-threaded-simd.wasm").href
 *   }); // "wasm"
 */
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";

export type WasmFile =
  "tfjs-backend-wasm.wasm" | "tfjs-backend-wasm-simd.wasm" | "tfjs-backend-wasm-threaded-simd.wasm";

let ready: Promise<string> | undefined;

/**
 * Select the wasm backend once per page (later calls return the same promise); falls back to "cpu" with a
 * console warning when wasm cannot start. Resolves to the backend in use (tf.getBackend()).
 */
export function setupBrowserBackend(urls: Record<WasmFile, string>): Promise<string> {
  ready ??= (async () => {
    // Absolute URLs: the wasm loader resolves them against its own (bundled) script otherwise.
    const absolute = Object.fromEntries(
      Object.entries(urls).map(([file, url]) => [file, new URL(url, document.baseURI).href])
    );
    setWasmPaths(absolute);
    try {
      if (await tf.setBackend("wasm")) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch (error) {
      console.warn(`tfjs: the wasm backend failed (${(error as Error)?.message ?? error}); using the cpu backend`);
    }
    await tf.setBackend("cpu");
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

/** The backend in use now ("wasm", "cpu", ...). */
export function currentBackend(): string {
  return tf.getBackend();
}

/** Tensors alive in TF.js' memory (to show that training disposes what it makes). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
