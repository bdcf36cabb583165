/**
 * TensorFlow.js backend selection for pages: the WebAssembly backend, with its binaries served by this site
 * (the data loaders in src/data/tfjs/ copy them from node_modules). The FileAttachment paths are literals here,
 * so Framework ships the three binaries with every page that imports this module.
 * Bare imports, as in src/lib/learn/lstm.ts, so the page and the library share one TF.js.
 *
 * Example (in a page): `const backend = await setupBrowserBackend(); // "wasm"`
 */
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {FileAttachment} from "observablehq:stdlib";

let ready: Promise<string> | undefined;

/**
 * Select the wasm backend once per page (later calls return the same promise); falls back to "cpu" with a
 * console warning when wasm cannot start. Resolves to the backend in use (tf.getBackend()).
 */
export function setupBrowserBackend(): Promise<string> {
  ready ??= (async () => {
    // Absolute URLs: the wasm loader resolves them against its own (bundled) script otherwise.
    const absolute = (href: string) => new URL(href, document.baseURI).href;
    setWasmPaths({
      "tfjs-backend-wasm.wasm": absolute(FileAttachment("../data/tfjs/tfjs-backend-wasm.wasm").href),
      "tfjs-backend-wasm-simd.wasm": absolute(FileAttachment("../data/tfjs/tfjs-backend-wasm-simd.wasm").href),
      "tfjs-backend-wasm-threaded-simd.wasm": absolute(
        FileAttachment("../data/tfjs/tfjs-backend-wasm-threaded-simd.wasm").href
      )
    });
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
