// Framework data loader: TF.js' tfjs-backend-wasm-threaded-simd.wasm from node_modules, so pages load the wasm backend from this site.
import {wasmBinary} from "../../../data-loaders/tfjsWasm.js";
import {writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("tfjs/tfjs-backend-wasm-threaded-simd.wasm", () => wasmBinary("tfjs-backend-wasm-threaded-simd.wasm"));
