// Framework data loader: the ingestion report (counts, problems, policy drops) of the configured audit data.
import {writePrepared} from "../../data-loaders/prepared.js";

await writePrepared("report");
