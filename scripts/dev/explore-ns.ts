import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines} from "../../src/lib/detect/attackProtocol.js";
const {lines} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const events = ingestLines(lines.slice(0, cut), "train");
console.log("train events", events.length, "lines", cut);
const first = new Map<string, {i: number; user: string | null; action: string}>();
const count = new Map<string, number>();
events.forEach((e, i) => {
  if (e.namespace === null) return;
  if (!first.has(e.namespace)) first.set(e.namespace, {i, user: e.user, action: e.action});
  count.set(e.namespace, (count.get(e.namespace) ?? 0) + 1);
});
for (const [ns, f] of first) console.log(ns, f.i, count.get(ns), f.user, f.action);
// create_namespaces events
events.forEach((e, i) => {
  if (e.action === "create_namespaces") console.log("create ns", i, e.name, e.user);
});
