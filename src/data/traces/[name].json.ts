// Framework data loader: a shipped model's predictions over the held-out part of the embedded sequence.
import {traceJson} from "../../../data-loaders/traces.js";
import {loaderParam, writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("traces/[name].json", () => traceJson(loaderParam("name")));
