/** Behind src/data/models/[name].json: every file of models/<name>/ in one JSON value, for loadArtifact in a page. */
import {join} from "node:path";
import {readArtifactDir} from "../src/node/artifact.js";
import {bundleArtifact} from "../src/lib/learn/artifactBundle.js";
import {MODELS_DIR} from "./dataSources.js";

/** @example await modelBundleJson("ngram-w2") // {format: "perfspec-artifact-bundle", name: "ngram-w2", files: {...}} */
export async function modelBundleJson(name: string): Promise<unknown> {
  // One path segment: the route parameter never reaches outside models/.
  if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) throw new Error(`"${name}" is not a model folder name`);
  return bundleArtifact(name, await readArtifactDir(join(MODELS_DIR, name)));
}
