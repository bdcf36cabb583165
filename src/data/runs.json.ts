// Framework data loader: the committed runs (runs/) with their predictions, for the Runs page.
import {runsJson} from "../../data-loaders/runs.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("runs.json", runsJson);
