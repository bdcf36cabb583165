// Framework data loader: TF.js' <file>.wasm from node_modules, so pages load the wasm backend from this site.
import {wasmBinary} from "../../../data-loaders/tfjsWasm.js";
import {loaderParam, writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("tfjs/[file].wasm", () => wasmBinary(loaderParam("file")));
