// Framework data loader: the labelled attack stream scored batch by batch as `perfspec serve` scores it.
import {liveJson} from "../../data-loaders/live.js";
import {writeLoader} from "../../data-loaders/writeLoader.js";

await writeLoader("live.json", liveJson);
