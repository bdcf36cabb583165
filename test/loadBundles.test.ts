import assert from "node:assert/strict";
import {test} from "node:test";
import {bundleArtifact} from "../src/lib/learn/artifactBundle.js";
import {loadBundles} from "../src/lib/learn/loadBundles.js";
import {nextActions} from "../src/lib/learn/nextActions.js";
import {readArtifactDir} from "../src/node/artifact.js";

const bundleOf = async (name: string) => bundleArtifact(name, await readArtifactDir(`models/${name}`));

test("loadBundles(entries) loads every bundle, keyed by label in the entries' order, values or promises", async () => {
  const models = await loadBundles([
    ["Bayesian network w=2", bundleOf("bayes")],
    ["n-gram w=2", await bundleOf("ngram-w2")]
  ]);
  assert.deepEqual([...models.keys()], ["Bayesian network w=2", "n-gram w=2"]);
  assert.deepEqual(
    [...models.values()].map(({model, artifact}) => [model.kind, model.window, artifact.config.kind]),
    [
      ["bayes", 2, "bayes"],
      ["ngram", 2, "ngram"]
    ]
  );
  const {model, artifact} = models.get("n-gram w=2")!;
  assert.equal(nextActions(model, artifact.vocabulary, ["create_namespaces"], 1)[0].action, "create_secrets");
});

test("loadBundles(entries) rejects a value that is not an artifact bundle", async () => {
  await assert.rejects(loadBundles([["broken", {} as never]]), /not a perfspec artifact bundle/);
});
