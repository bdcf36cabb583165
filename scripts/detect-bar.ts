/**
 * Issue 10's "Done when" check, through the command line as a user runs it: `npx tsx scripts/detect-bar.ts [--seed S]
 * [--json]`. `perfspec inject` writes the embedded PerfSPEC-derived audit log with attacks after its first 70% of lines
 * (seed 6151 by default: no test, validation corpus or earlier tuning used it), the log is cut there into the benign
 * part and the labelled later part, and `perfspec detect --train <benign part> <later part> --json` runs with its
 * defaults (the high-recall detector) and with `--precise` (the default before). Bar: recall >= 0.9 of the attack events with at most 3% of the benign mutating
 * requests (create, update, patch, delete, deletecollection, whatever the resource) flagged, and the hijacked
 * identity ("usual actions in unusual namespaces") caught. Prints recall, the benign rate and recall per technique.
 */
import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {parseArgs} from "node:util";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../data-loaders/dataSources.js";
import {readBenignLines} from "../src/node/injectFiles.js";

const {values} = parseArgs({
  options: {seed: {type: "string", default: "6151"}, json: {type: "boolean", default: false}}
});
const seed = Number(values.seed);
const MUTATING = new Set(["create", "update", "patch", "delete", "deletecollection"]);
const perfspec = fileURLToPath(new URL("../bin/perfspec.js", import.meta.url));
const cli = (args: string[]) =>
  execFileSync(process.execPath, [perfspec, ...args], {
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "pipe"]
  }).toString();

const dir = mkdtempSync(join(tmpdir(), "perfspec-bar-"));
try {
  // The protocol's cut (attackProtocol.ts): the first 70% of the benign lines are the training part.
  const cut = Math.floor((await readBenignLines(DATA)).lines.length * 0.7);
  const [all, labelsPath] = [join(dir, "attacked.jsonl"), join(dir, "labels.json")];
  cli(["inject", DATA, "--out", all, "--labels", labelsPath, "--seed", String(seed), "--start", String(cut)]);
  const lines = readFileSync(all, "utf8").trimEnd().split("\n");
  const [benign, later] = [join(dir, "benign.jsonl"), join(dir, "later.jsonl")];
  // Every injection follows a line at or past the cut, so the first `cut` lines are the benign ones, unchanged.
  writeFileSync(benign, lines.slice(0, cut).join("\n") + "\n");
  writeFileSync(later, lines.slice(cut).join("\n") + "\n");
  const labels = (JSON.parse(readFileSync(labelsPath, "utf8")) as {labels: Record<string, string>}).labels;

  // Unique events of the later part (an auditID's stages count once): benign mutating requests and attack events.
  const verbs = new Map<string, string>();
  for (const text of lines.slice(cut)) {
    const e = JSON.parse(text) as {auditID?: string; verb?: string};
    if (e.auditID && !verbs.has(e.auditID)) verbs.set(e.auditID, e.verb ?? "");
  }
  const attacks = [...verbs.keys()].filter((id) => Object.hasOwn(labels, id));
  const benignMutating = [...verbs].filter(([id, verb]) => !Object.hasOwn(labels, id) && MUTATING.has(verb));

  const rows = [[], ["--precise"]].map((extra) => {
    const command = ["detect", "--train", benign, later, "--json", ...extra];
    const flagged = new Set((JSON.parse(cli(command)) as {flagged: {auditID: string}[]}).flagged.map((f) => f.auditID));
    const caught = attacks.filter((id) => flagged.has(id)).length;
    const benignFlagged = benignMutating.filter(([id]) => flagged.has(id)).length;
    const techniques: Record<string, {caught: number; attacks: number}> = {};
    for (const id of attacks) {
      const t = (techniques[labels[id]] ??= {caught: 0, attacks: 0});
      t.attacks++;
      if (flagged.has(id)) t.caught++;
    }
    const recall = caught / attacks.length;
    const benignPercent = (100 * benignFlagged) / benignMutating.length;
    const hijack = techniques["hijacked-identity"];
    return {
      command: `perfspec detect --train <first ${cut} lines> <the rest> ${extra.join(" ")}`.trim(),
      attacks: attacks.length,
      caught,
      recall,
      benignMutating: benignMutating.length,
      benignFlagged,
      benignPercent,
      benignEventsFlagged: flagged.size - caught,
      techniques,
      bar: {recall: recall >= 0.9, benign: benignPercent <= 3, hijack: hijack !== undefined && hijack.caught > 0}
    };
  });
  if (values.json) console.log(JSON.stringify({seed, cut, rows}, null, 2));
  else {
    console.log(`seed ${seed}: ${attacks.length} attack events, ${benignMutating.length} benign mutating requests\n`);
    console.log(
      "| command | recall | benign mutating requests flagged | benign events flagged | hijacked identity | bar |"
    );
    console.log("|---|---|---|---|---|---|");
    for (const r of rows) {
      const h = r.techniques["hijacked-identity"];
      const met = r.bar.recall && r.bar.benign && r.bar.hijack;
      console.log(
        `| ${r.command} | ${r.recall.toFixed(3)} (${r.caught}/${r.attacks}) | ${r.benignFlagged}/${r.benignMutating} (${r.benignPercent.toFixed(1)}%) | ${r.benignEventsFlagged} | ${h ? `${h.caught}/${h.attacks}` : "-"} | ${
          met
            ? "met"
            : `not met (${Object.entries(r.bar)
                .filter(([, ok]) => !ok)
                .map(([k]) => k)
                .join(", ")})`
        } |`
      );
    }
    const names = Object.keys(rows[0].techniques).sort();
    console.log(
      `\n| technique | ${rows.map((r) => r.command).join(" | ")} |\n|---|${rows.map(() => "---").join("|")}|`
    );
    for (const t of names)
      console.log(`| ${t} | ${rows.map((r) => `${r.techniques[t].caught}/${r.techniques[t].attacks}`).join(" | ")} |`);
  }
} finally {
  rmSync(dir, {recursive: true, force: true});
}
