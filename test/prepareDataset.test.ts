// Whole-dataset checks against the published PerfSPEC files, as compressed in data/perfspec-kubernetes-event-dataset
// (see PROVENANCE.md there).
import assert from "node:assert/strict";
import {test} from "node:test";
import {checkRepetition} from "../src/lib/ingest/repetition.js";
import {prepareInputs} from "../src/node/prepare.js";
import {perfspecFile, perfspecLines as lines} from "./perfspecDataset.js";

test("prepareInputs(audit-logs.csv.xz) reproduces exactly the first 2,163 lines of events-dataset.txt", async () => {
  const published = await lines("events-dataset.txt.xz");
  const {actions, report} = await prepareInputs([perfspecFile("audit-logs.csv.xz")]);
  assert.equal(actions.length, 2163);
  assert.deepEqual(
    actions.map((a) => a.action),
    published.slice(0, 2163)
  );
  // The upstream file is cut in the middle of its last row: a problem, not a crash.
  assert.deepEqual([report.lines, report.accepted, report.rejected, report.duplicates], [16564, 16563, 1, 89]);
  assert.deepEqual(report.problems, [
    {
      file: perfspecFile("audit-logs.csv.xz"),
      line: 16564,
      reason: "expected 15 CSV columns, found 10 (truncated line?)"
    }
  ]);
  assert.equal(report.repetition.repeated, false);
});

test("prepareInputs(derived .jsonl.xz) gives the same actions as the CSV", async () => {
  const published = await lines("events-dataset.txt.xz");
  const {actions, report} = await prepareInputs([perfspecFile("derived-audit-events-from-csv.jsonl.xz")]);
  assert.deepEqual(
    actions.map((a) => a.action),
    published.slice(0, 2163)
  );
  assert.deepEqual([report.accepted, report.rejected, report.duplicates], [16563, 0, 89]);
});

test("checkRepetition(events-dataset.txt) finds 2 copies of 10,821 actions; the first-half file is clean", async () => {
  const full = checkRepetition(await lines("events-dataset.txt.xz"));
  assert.deepEqual([full.repeated, full.period, full.copies], [true, 10821, 2]);
  assert.match(full.warning ?? "", /2 copies of its first 10821 actions/);
  const half = checkRepetition(await lines("events-dataset.first-half-dedup.txt"));
  assert.deepEqual([half.repeated, half.period, half.repeatedWindowFraction], [false, null, 0]);
});
