import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines} from "../../src/lib/detect/attackProtocol.js";
const {lines} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const events = ingestLines(lines.slice(0, cut), "train");
const t0 = events[0].time!;
for (const i of [0, 1000, 1809, 2000, 4000, 5807, 6000, 7000, 8479, 9000, 10000, 10650, 11000, 11297, 11514])
  console.log(i, ((events[i].time! - t0) / 1000).toFixed(1));
let back = 0;
for (let i = 1; i < events.length; i++) if (events[i].time! < events[i - 1].time! - 1000) back++;
console.log("backwards >1s", back);
