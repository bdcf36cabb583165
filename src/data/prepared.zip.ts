// Framework data loader: the configured audit data prepared once, as a zip of events.arrow, actions.arrow and
// report.json (pages read data/prepared/<file>); see data-loaders/prepared.ts.
import {preparedArchive} from "../../data-loaders/prepared.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("prepared.zip", preparedArchive);
