// Framework data loader: every file of models/ngram-w2/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson, writeLoader} from "../../../data-loaders/models.js";

await writeLoader("models/ngram-w2.json", () => modelBundleJson("ngram-w2"));
