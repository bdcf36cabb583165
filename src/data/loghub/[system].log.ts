// Framework data loader: a loghub 2k sample's raw text (data/loghub/HDFS.log, ...), for the Templates page.
import {loghubSampleText} from "../../../data-loaders/loghubSample.js";
import {loaderParam, writeLoader} from "../../../data-loaders/writeLoader.js";

await writeLoader("loghub/[system].log", () => loghubSampleText(loaderParam("system")));
