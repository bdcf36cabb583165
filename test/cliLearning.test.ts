import assert from "node:assert/strict";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {run as evaluate} from "../src/cli/evaluate.js";
import {run as train} from "../src/cli/train.js";

const DATA = "data/perfspec-kubernetes-event-dataset";
const dir = mkdtempSync(join(tmpdir(), "perfspec-cli-"));
// `perfspec train` records every run: keep these out of the repository's runs/.
process.env.PERFSPEC_RUNS = join(dir, "runs");
after(() => rmSync(dir, {recursive: true, force: true}));

test("perfspec evaluate refuses a model whose vocabulary differs from the data's, and names the override", async () => {
  const model = join(dir, "ngram");
  assert.equal(
    await train([
      "--model",
      "ngram",
      "--window",
      "2",
      "--data",
      `${DATA}/events-dataset.first-half-dedup.txt`,
      "--out",
      model,
      "--json"
    ]),
    0
  );
  await assert.rejects(
    evaluate(["--model", model, "--data", `${DATA}/audit-logs.csv.xz`]),
    /another vocabulary \(144 actions\) than the model .* \(192 actions\): refusing.*--allow-other-vocabulary/
  );
  assert.equal(
    await evaluate(["--model", model, "--data", `${DATA}/audit-logs.csv.xz`, "--allow-other-vocabulary", "--json"]),
    0
  );
});
