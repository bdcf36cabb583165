/** Behind src/data/tfjs/[file].wasm: TF.js's wasm binaries from node_modules, so pages load the wasm backend from this site (no CDN). */
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

/** The binaries tfjs-backend-wasm may ask for (setWasmPaths in src/browser/tfBackend.ts), without ".wasm". */
export const WASM_FILES = ["tfjs-backend-wasm", "tfjs-backend-wasm-simd", "tfjs-backend-wasm-threaded-simd"] as const;

/** @example await wasmBinary("tfjs-backend-wasm-simd") // the bytes of dist/tfjs-backend-wasm-simd.wasm */
export async function wasmBinary(file: string): Promise<Buffer> {
  if (!(WASM_FILES as readonly string[]).includes(file))
    throw new Error(`"${file}" is not a TF.js wasm binary (expected one of ${WASM_FILES.join(", ")})`);
  const require = createRequire(import.meta.url);
  return readFile(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist", `${file}.wasm`));
}
