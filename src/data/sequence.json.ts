// Framework data loader: the embedded de-duplicated action sequence and its chronological 80/20 cut.
import {sequenceJson, writeLoader} from "../../data-loaders/models.js";

await writeLoader("sequence.json", sequenceJson);
