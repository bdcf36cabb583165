/**
 * TensorFlow.js backend selection for Node (command line, loaders, tests, benchmarks).
 * `@tensorflow/tfjs-node` does not install here and the pure-JS `cpu` backend is slow, so Node uses the
 * WebAssembly backend, loading its `.wasm` binaries straight from node_modules. Pages do their own setup
 * (see docs/lstm.md); the model code in src/lib/learn never selects a backend.
 */
import {createRequire} from "node:module";
import {dirname, join, sep} from "node:path";
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";

export type BackendName = "wasm" | "cpu";

/** Directory holding tfjs-backend-wasm's `.wasm` binaries, with a trailing separator (as setWasmPaths expects). */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + sep;
}

let pathsSet = false;

/**
 * Select a TF.js backend in Node: `wasm` by default, falling back to `cpu` with a warning when wasm fails
 * to start. Returns the backend actually in use. Example: `await setupTfBackend(); // "wasm"`
 */
export async function setupTfBackend(
  preferred: BackendName = "wasm",
  warn: (message: string) => void = console.warn
): Promise<BackendName> {
  if (preferred === "wasm") {
    try {
      // Emscripten's Node loader reads the binary with fs, so a plain file path (not a file: URL) is what works.
      if (!pathsSet) setWasmPaths(wasmDirectory());
      pathsSet = true;
      if (await tf.setBackend("wasm")) {
        await tf.ready();
        return "wasm";
      }
      warn("tfjs: the wasm backend did not initialise; falling back to the slow cpu backend");
    } catch (error) {
      warn(
        `tfjs: the wasm backend failed (${(error as Error)?.message ?? error}); falling back to the slow cpu backend`
      );
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return "cpu";
}
