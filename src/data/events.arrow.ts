// Framework data loader: the events table of the configured audit data (see data-loaders/prepared.ts).
import {writePrepared} from "../../data-loaders/prepared.js";

await writePrepared("events");
