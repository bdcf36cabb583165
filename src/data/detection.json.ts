// Framework data loader: the labelled attack corpus's test part, every event ranked, and the detector table.
import {detectionJson} from "../../data-loaders/detection.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("detection.json", detectionJson);
