/**
 * Artifact files of a TF.js layers model, shared by every neural kind: model.json (TF.js layers format, one
 * weights group pointing at weights.bin) and weights.bin, plus the kind's own JSON (e.g. network.json:
 * {format: 1, kind, size, options}). No optimizer state. Reading refuses, with an Error naming the file and the
 * problem, a missing file, a file that is not JSON, a weights.bin whose length differs from what model.json
 * describes, and a topology TF.js cannot rebuild.
 * @example const files = await layersModelFiles(model, "gru"); const again = await readLayersModel(files, "gru")
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles} from "./predictor.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import type {NetworkKind, NetworkOptions, ResolvedNetworkOptions} from "./networkOptions.js";
import {resolveNetworkOptions} from "./networkOptions.js";
import {inputSteps} from "./lstmModel.js";
// The custom layers must be registered before a model that uses them is deserialised.
import "./causalAttention.js";
import "./causalConv.js";
import "./lastStep.js";

const NETWORK_FORMAT = 1;

/** model.json and weights.bin of `model`; `label` names the kind in errors. */
export async function layersModelFiles(model: tf.LayersModel, label: string): Promise<ArtifactFiles> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a)};
    })
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error(`${label} save: TF.js returned no weights`);
  const modelJson: tf.io.ModelJSON = {
    format: "layers-model",
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{paths: ["weights.bin"], weights: artifacts.weightSpecs}]
  };
  return {
    "model.json": JSON.stringify(modelJson),
    "weights.bin": new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
  };
}

/** The TF.js model of model.json + weights.bin, checked against each other. */
export async function readLayersModel(files: ArtifactFiles, label: string): Promise<tf.LayersModel> {
  const modelJson = parseJsonFile(textFile(files, "model.json"), "model.json") as Partial<tf.io.ModelJSON>;
  const manifest = modelJson.weightsManifest;
  if (!modelJson.modelTopology || !Array.isArray(manifest)) {
    throw new Error(`${label} artifact: model.json lacks modelTopology or weightsManifest`);
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weights = files["weights.bin"];
  if (!(weights instanceof Uint8Array)) throw new Error(`${label} artifact: weights.bin is missing or not bytes`);
  const expected = weightSpecs.reduce((sum, spec) => sum + weightBytes(spec, label), 0);
  if (weights.byteLength !== expected) {
    throw new Error(
      `${label} artifact: weights.bin has ${weights.byteLength} bytes but model.json's weightsManifest describes ${expected} bytes (truncated or mismatched file)`
    );
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs, weightData})
    );
  } catch (error) {
    throw new Error(`${label} artifact: model.json does not load (${(error as Error).message})`, {cause: error});
  }
}

/** All files of a zoo model: model.json, weights.bin and network.json ({format, kind, size, options}). */
export async function networkArtifactFiles(
  model: tf.LayersModel,
  kind: NetworkKind,
  size: number,
  options: ResolvedNetworkOptions,
  extra: object = {}
): Promise<ArtifactFiles> {
  return {
    ...(await layersModelFiles(model, kind)),
    "network.json": JSON.stringify({format: NETWORK_FORMAT, kind, size, options, ...extra}, null, 2)
  };
}

/**
 * The model, size and options of a zoo artifact of `kind`. Refuses an artifact of another kind, and one whose
 * model.json input does not read the window network.json names.
 */
export async function readNetworkArtifact(
  files: ArtifactFiles,
  kind: NetworkKind
): Promise<{model: tf.LayersModel; size: number; options: ResolvedNetworkOptions; config: Record<string, unknown>}> {
  const config = parseJsonFile(textFile(files, "network.json"), "network.json") as {
    format?: number;
    kind?: string;
    size?: number;
    options?: NetworkOptions;
  };
  if (config.format !== NETWORK_FORMAT || !config.options || typeof config.size !== "number")
    throw new Error(`${kind} artifact: network.json is not a network artifact of format ${NETWORK_FORMAT}`);
  if (config.kind !== kind)
    throw new Error(`${kind} artifact: network.json describes a "${config.kind}" model, not a "${kind}" model`);
  const options = resolveNetworkOptions(kind, config.options);
  const model = await readLayersModel(files, kind);
  const inputShape = model.inputs[0].shape;
  const output = model.outputs[0].shape;
  if (inputShape[1] !== inputSteps(options.window) || output[1] !== config.size) {
    model.dispose();
    throw new Error(
      `${kind} artifact: model.json reads [${inputShape.slice(1)}] and predicts [${output.slice(1)}], but network.json says window ${options.window} and size ${config.size}`
    );
  }
  return {model, size: config.size, options, config: config as Record<string, unknown>};
}

/** Bytes of one weight as stored (quantised weights take their quantised size). */
function weightBytes(spec: tf.io.WeightsManifestEntry, label: string): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const bytes: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2};
  if (!(stored in bytes)) throw new Error(`${label} artifact: unsupported weight dtype ${stored} for ${spec.name}`);
  return count * bytes[stored];
}
