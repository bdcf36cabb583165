/**
 * Shipped models reach a page as artifact bundles (one JSON value per model, see artifactBundle.ts); this turns
 * a labelled list of them into loaded models, in the list's order, so a model picker's first entry is its
 * default. Host-neutral: the page fetches the bundles, Node tests pass them in memory.
 */
import {loadArtifact, type Artifact} from "./artifact.js";
import {unbundleArtifact, type ArtifactBundle} from "./artifactBundle.js";
import type {Predictor} from "./predictor.js";

export interface LoadedModel {
  artifact: Artifact;
  model: Predictor;
}

/**
 * Verify and load every bundle (a value or a promise of one), keyed by its label in the given order.
 * An LSTM bundle needs a TF.js backend set up first.
 * @example const models = await loadBundles([["n-gram w=2", ngramBundle]]); models.get("n-gram w=2").model.window // 2
 */
export async function loadBundles<Label extends string>(
  bundles: Iterable<readonly [Label, ArtifactBundle | Promise<ArtifactBundle>]>
): Promise<Map<Label, LoadedModel>> {
  const loaded = new Map<Label, LoadedModel>();
  for (const [label, bundle] of bundles) loaded.set(label, await loadArtifact(unbundleArtifact(await bundle)));
  return loaded;
}
