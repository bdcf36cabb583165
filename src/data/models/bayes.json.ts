// Framework data loader: every file of models/bayes/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson, writeLoader} from "../../../data-loaders/models.js";

await writeLoader("models/bayes.json", () => modelBundleJson("bayes"));
