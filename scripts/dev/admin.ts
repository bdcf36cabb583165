import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines} from "../../src/lib/detect/attackProtocol.js";
const {lines} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const events = ingestLines(lines.slice(0, cut), "train");
const [a, b] = process.argv.slice(2).map(Number);
events.slice(a, b).forEach((e, k) => {
  if (e.user === "kubernetes-admin" && e.verb !== "get" && e.verb !== "list" && e.verb !== "watch")
    console.log(a + k, e.verb, e.resource, e.namespace, e.name, e.userAgent, e.sourceIP);
});
