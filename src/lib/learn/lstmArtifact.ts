/**
 * The LSTM's artifact files: model.json (TF.js layers format, one weights group pointing at weights.bin),
 * weights.bin (the weights' bytes) and lstm.json ({format: 1, kind: "lstm", size, options}). No optimizer state.
 * Reading refuses, with an Error naming the problem, a missing file, a file that is not JSON, a weights.bin
 * whose length differs from what model.json describes, or an input shape that disagrees with lstm.json.
 * @example const files = await lstmArtifactFiles(model, size, options); const {model: again} = await readLstmArtifact(files)
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles} from "./predictor.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import {inputSteps, resolveLstmOptions, type LstmOptions, type ResolvedLstmOptions} from "./lstmModel.js";

const ARTIFACT_FORMAT = 1;

/** The artifact files of `model`, an LSTM over `size` ids built with `options`. */
export async function lstmArtifactFiles(
  model: tf.LayersModel,
  size: number,
  options: ResolvedLstmOptions
): Promise<ArtifactFiles> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a)};
    })
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error("lstm save: TF.js returned no weights");
  const modelJson: tf.io.ModelJSON = {
    format: "layers-model",
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{paths: ["weights.bin"], weights: artifacts.weightSpecs}]
  };
  return {
    "model.json": JSON.stringify(modelJson),
    "weights.bin": new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
    "lstm.json": JSON.stringify({format: ARTIFACT_FORMAT, kind: "lstm", size, options}, null, 2)
  };
}

/** The TF.js model, its size and its options, rebuilt from files written by lstmArtifactFiles. */
export async function readLstmArtifact(
  files: ArtifactFiles
): Promise<{model: tf.LayersModel; size: number; options: ResolvedLstmOptions}> {
  const modelJson = parseJsonFile(textFile(files, "model.json"), "model.json") as Partial<tf.io.ModelJSON>;
  const config = parseJsonFile(textFile(files, "lstm.json"), "lstm.json") as {
    format?: number;
    kind?: string;
    size?: number;
    options?: LstmOptions;
  };
  if (
    config.kind !== "lstm" ||
    config.format !== ARTIFACT_FORMAT ||
    !config.options ||
    typeof config.size !== "number"
  ) {
    throw new Error(`lstm artifact: lstm.json is not an lstm artifact of format ${ARTIFACT_FORMAT}`);
  }
  const manifest = modelJson.weightsManifest;
  if (!modelJson.modelTopology || !Array.isArray(manifest)) {
    throw new Error("lstm artifact: model.json lacks modelTopology or weightsManifest");
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weights = files["weights.bin"];
  if (!(weights instanceof Uint8Array)) throw new Error("lstm artifact: weights.bin is missing or not bytes");
  const expected = weightSpecs.reduce((sum, spec) => sum + weightBytes(spec), 0);
  if (weights.byteLength !== expected) {
    throw new Error(
      `lstm artifact: weights.bin has ${weights.byteLength} bytes but model.json's weightsManifest describes ${expected} bytes (truncated or mismatched file)`
    );
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs, weightData})
  );
  const options = resolveLstmOptions(config.options);
  const inputShape = model.inputs[0].shape;
  if (inputShape[1] !== inputSteps(options.window) || inputShape[2] !== config.size) {
    model.dispose();
    throw new Error(
      `lstm artifact: model.json input shape [${inputShape.slice(1)}] does not match lstm.json (window ${options.window}, size ${config.size})`
    );
  }
  return {model, size: config.size, options};
}

/** Bytes of one weight as stored (quantised weights take their quantised size). */
function weightBytes(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const bytes: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2};
  if (!(stored in bytes)) throw new Error(`lstm artifact: unsupported weight dtype ${stored} for ${spec.name}`);
  return count * bytes[stored];
}
