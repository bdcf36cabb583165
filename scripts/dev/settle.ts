import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines} from "../../src/lib/detect/attackProtocol.js";
const {lines} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const events = ingestLines(lines.slice(0, cut), "train");
const first = new Map<string, number>();
const seen = new Set<string>();
const offsets = new Map<string, string[]>();
const MUT = new Set(["create", "update", "patch", "delete", "deletecollection"]);
events.forEach((e, i) => {
  if (e.namespace === null) return;
  if (!first.has(e.namespace)) first.set(e.namespace, i);
  const k = `${e.user}\u0000${e.namespace}`;
  if (seen.has(k)) return;
  seen.add(k);
  if (!MUT.has(e.verb)) return;
  const off = i - (first.get(e.namespace) as number);
  (offsets.get(e.namespace) ?? offsets.set(e.namespace, []).get(e.namespace)!).push(
    `${off}:${(e.user ?? "").replace("system:serviceaccount:", "sa:")}`
  );
});
for (const [ns, o] of offsets) console.log(ns, first.get(ns), o.join("  "));
