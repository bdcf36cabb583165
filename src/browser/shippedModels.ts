/**
 * The models shipped in models/ (made by `npm run train`), loaded in a page: each reaches the site as one JSON
 * bundle from the parameterised loader in src/data/models/, and the LSTM runs on the page's TF.js backend.
 *
 * Example (in a page): `const models = await loadShippedModels(["LSTM w=2", "n-gram w=2"]); models.get("LSTM w=2")`
 */
import {FileAttachment} from "observablehq:stdlib";
import type {ArtifactBundle} from "../lib/learn/artifactBundle.js";
import {loadBundles, type LoadedModel} from "../lib/learn/loadBundles.js";
import {setupBrowserBackend} from "./tfBackend.js";
import {trainedLabel, trainedModels} from "./modelStore.js";

// Literal paths, so Framework builds and ships each bundle; fetched only when a page asks for the model.
const bundles = {
  "n-gram w=2": () => FileAttachment("../data/models/ngram-w2.json"),
  "LSTM w=2": () => FileAttachment("../data/models/lstm-w2.json"),
  "Bayesian network w=2": () => FileAttachment("../data/models/bayes.json")
};

export type ShippedModelLabel = keyof typeof bundles;

/** Fetch and load the shipped models in `order` (the first is a model picker's default), after the TF.js backend. */
export async function loadShippedModels(
  order: readonly ShippedModelLabel[]
): Promise<Map<ShippedModelLabel, LoadedModel>> {
  // Start every download before waiting for the backend, as the pages did.
  const pending = order.map((label) => [label, bundles[label]().json<ArtifactBundle>()] as const);
  await setupBrowserBackend();
  return loadBundles(pending);
}

/**
 * The shipped models in `order`, then every model trained on the Train page in this browser (labelled
 * "<name> (trained in this browser)"): what a model picker offers.
 */
export async function loadModelChoices(order: readonly ShippedModelLabel[]): Promise<Map<string, LoadedModel>> {
  const [shipped, trained] = await Promise.all([loadShippedModels(order), trainedModels()]);
  const own = await loadBundles(trained.map((t) => [trainedLabel(t.entry.name), t.bundle] as const));
  return new Map<string, LoadedModel>([...shipped, ...own]);
}
