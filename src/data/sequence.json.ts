// Framework data loader: the embedded de-duplicated action sequence and its chronological 80/20 cut.
import {sequenceJson} from "../../data-loaders/sequence.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("sequence.json", sequenceJson);
