// Framework data loader: every file of models/bayes/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson} from "../../../data-loaders/models.js";
import {writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("models/bayes.json", () => modelBundleJson("bayes"));
