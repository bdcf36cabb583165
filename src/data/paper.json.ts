// Framework data loader: the PerfSPEC table beside ours (src/data/reproduce.json, or the count models computed here).
import {paperJson} from "../../data-loaders/models.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("paper.json", paperJson);
