// Framework data loader: TF.js' tfjs-backend-wasm-threaded-simd.wasm from node_modules, so pages load the wasm backend from this site.
import {wasmBinary, writeLoader} from "../../../data-loaders/models.js";

await writeLoader("tfjs/tfjs-backend-wasm-threaded-simd.wasm", () => wasmBinary("tfjs-backend-wasm-threaded-simd.wasm"));
