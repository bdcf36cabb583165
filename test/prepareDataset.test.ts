// Whole-dataset checks against the published PerfSPEC files (../shared/data; see PROVENANCE.md there).
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {test} from "node:test";
import {checkRepetition} from "../src/lib/ingest/repetition.js";
import {prepareInputs} from "../src/node/prepare.js";

const DATA = "../shared/data/perfspec-kubernetes-event-dataset";
const lines = async (name: string) => (await readFile(join(DATA, name), "utf8")).split("\n").filter((l) => l !== "");

test("prepareInputs(audit-logs.csv) reproduces exactly the first 2,163 lines of events-dataset.txt", async () => {
  const published = await lines("events-dataset.txt");
  const {actions, report} = await prepareInputs([join(DATA, "audit-logs.csv")]);
  assert.equal(actions.length, 2163);
  assert.deepEqual(
    actions.map((a) => a.action),
    published.slice(0, 2163)
  );
  // The upstream file is cut in the middle of its last row: a problem, not a crash.
  assert.deepEqual([report.lines, report.accepted, report.rejected, report.duplicates], [16564, 16563, 1, 89]);
  assert.deepEqual(report.problems, [
    {file: join(DATA, "audit-logs.csv"), line: 16564, reason: "expected 15 CSV columns, found 10 (truncated line?)"}
  ]);
  assert.equal(report.repetition.repeated, false);
});

test("prepareInputs(derived .jsonl.xz) gives the same actions as the CSV", async () => {
  const published = await lines("events-dataset.txt");
  const {actions, report} = await prepareInputs([join(DATA, "derived-audit-events-from-csv.jsonl.xz")]);
  assert.deepEqual(
    actions.map((a) => a.action),
    published.slice(0, 2163)
  );
  assert.deepEqual([report.accepted, report.rejected, report.duplicates], [16563, 0, 89]);
});

test("checkRepetition(events-dataset.txt) finds 2 copies of 10,821 actions; the first-half file is clean", async () => {
  const full = checkRepetition(await lines("events-dataset.txt"));
  assert.deepEqual([full.repeated, full.period, full.copies], [true, 10821, 2]);
  assert.match(full.warning ?? "", /2 copies of its first 10821 actions/);
  const half = checkRepetition(await lines("events-dataset.first-half-dedup.txt"));
  assert.deepEqual([half.repeated, half.period, half.repeatedWindowFraction], [false, null, 0]);
});
