// Framework data loader: every file of models/<name>/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson} from "../../../data-loaders/modelBundle.js";
import {loaderParam, writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("models/[name].json", () => modelBundleJson(loaderParam("name")));
