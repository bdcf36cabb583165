// Framework data loader: every file of models/ngram-w2/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson} from "../../../data-loaders/models.js";
import {writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("models/ngram-w2.json", () => modelBundleJson("ngram-w2"));
