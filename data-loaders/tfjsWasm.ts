/** TF.js's wasm binaries from node_modules, so pages load the wasm backend from this site (no CDN). */
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

export async function wasmBinary(
  file: "tfjs-backend-wasm.wasm" | "tfjs-backend-wasm-simd.wasm" | "tfjs-backend-wasm-threaded-simd.wasm"
): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  return readFile(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist", file));
}
