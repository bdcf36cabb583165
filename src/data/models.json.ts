// Framework data loader: the shipped models (models/) with the metrics `perfspec evaluate --json` prints for each.
import {modelsJson} from "../../data-loaders/models.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("models.json", modelsJson);
