// Framework data loader: the shipped LSTM's layers, action map and training history, for Inside the LSTM.
import {lstmInsideJson} from "../../data-loaders/lstmInside.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("lstm-inside.json", lstmInsideJson);
