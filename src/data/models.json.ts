// Framework data loader: the shipped models (models/) with the metrics `perfspec evaluate --json` prints for each.
import {modelsJson, writeLoader} from "../../data-loaders/models.js";

await writeLoader("models.json", modelsJson);
