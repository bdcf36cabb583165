// Framework data loader: the PerfSPEC table beside ours (src/data/reproduce.json, or the count models computed here).
import {paperJson, writeLoader} from "../../data-loaders/models.js";

await writeLoader("paper.json", paperJson);
