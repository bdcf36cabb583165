// Framework data loader: every file of models/lstm-w2/ in one JSON value, for loadArtifact in the browser.
import {modelBundleJson} from "../../../data-loaders/models.js";
import {writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("models/lstm-w2.json", () => modelBundleJson("lstm-w2"));
