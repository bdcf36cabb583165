import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
const {lines, parsed} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const seen = new Set<string>();
parsed.slice(0, cut).forEach((p, i) => {
  const ns = (p?.objectRef as {namespace?: string} | undefined)?.namespace;
  if (ns && !seen.has(ns)) {
    seen.add(ns);
    console.log(ns, i);
  }
});
