/**
 * Model artifacts, host-independent: a trained model plus everything needed to use and re-check it, as an
 * ArtifactFiles map (file name -> text or bytes). Node writes the map to `models/<name>/` (src/node/artifact.ts);
 * a page reads the same files with FileAttachment.
 *
 * Files: config.json, vocabulary.json, schema.json (SHA-256 of vocabulary + feature schema), split.json,
 * metrics.json, history.json, the model's own files (ngram.json | bayes.json | model.json + weights.bin + lstm.json
 * or network.json) and manifest.json (byte length and SHA-256 of every other file, so truncation or corruption is
 * caught and named).
 */
import {PERFSPEC_POLICY, resolvePolicy, type CleaningPolicy} from "../ingest/cleaningPolicy.js";
import type {ArtifactFiles, EpochLog, Predictor} from "./predictor.js";
import {vocabularyFromActions, type Vocabulary} from "./vocabulary.js";
import type {SessionMode} from "./sequences.js";
import type {SplitKind} from "./splits.js";
import {bytesFile, parseJsonFile, textFile} from "./artifactFiles.js";
import {sha256} from "./sha256.js";
import {loadModel, type ModelParameters} from "./models.js";

/** What a model reads: bump when windows or ids change meaning. */
export const FEATURE_SCHEMA = {
  version: 1,
  input:
    "ids of the W previous actions of the session, oldest first, PAD (0) before the session start, UNK (1) for unseen actions",
  output: "probability of every vocabulary id being the next action"
} as const;

/** config.json: the model's kind with that kind's hyperparameters (HyperparametersOf), and how it was trained. */
export type ModelConfig = ModelParameters & {
  window: number;
  session: SessionMode;
  seed: number;
  /**
   * Where the training data came from (paths as given on the command line) and the cleaning policy its actions were
   * made with (null: unknown, e.g. an actions.arrow file without its report; see modelPolicy).
   */
  data: {source: string[]; policy?: CleaningPolicy | null};
  vocabularySize: number;
  createdAt?: string;
};

/** Enough to rebuild the same held-out part: data source, split kind, fraction and seed, and the counts to check. */
export interface SplitSpec {
  source: string[];
  kind: SplitKind;
  session: SessionMode;
  window: number;
  testFraction: number;
  seed: number;
  counts: {actions: number; trainWindows: number; testWindows: number; trainSequences: number; testSessions: number};
  /** How the training part reached the model (see fitSplit). */
  fitMethod?: string;
}

export interface SchemaJson {
  hash: string;
  schema: typeof FEATURE_SCHEMA & {window: number; session: SessionMode};
}

export interface Artifact {
  config: ModelConfig;
  vocabulary: Vocabulary;
  schema: SchemaJson;
  split: SplitSpec;
  metrics: unknown;
  history: EpochLog[];
}

/** What serializeArtifact writes: a trained model, its vocabulary, and what config/split/metrics/history.json hold. */
export interface ArtifactParts {
  model: Predictor;
  vocabulary: Vocabulary;
  config: ModelConfig;
  split: SplitSpec;
  metrics?: unknown;
  history?: EpochLog[];
}

export interface ArtifactExpectation {
  /** Refuse the artifact unless its schema hash equals this. */
  schemaHash?: string;
  /** Refuse the artifact unless its vocabulary is exactly this id-ordered list. */
  vocabulary?: readonly string[];
}

export const MANIFEST_FILE = "manifest.json";

/**
 * The cleaning policy a model's actions were made with: config.json's `data.policy`; a model written before models
 * recorded it was necessarily trained with the perfspec default (the only policy `train` had); null when unknown.
 * @example modelPolicy(artifact.config)?.preset // "security"
 */
export function modelPolicy(config: Pick<ModelConfig, "data">): CleaningPolicy | null {
  const policy = config.data?.policy;
  if (policy === undefined) return resolvePolicy(PERFSPEC_POLICY);
  return policy === null ? null : resolvePolicy(policy);
}

/**
 * Hash of the vocabulary and feature schema: two models with equal hashes read and write the same ids.
 * @example schemaHash(vocabulary, 2, "global") // "3f1c…"
 */
export function schemaHash(vocabulary: Vocabulary | readonly string[], window: number, session: SessionMode): string {
  const actions = "actions" in vocabulary ? vocabulary.actions : vocabulary;
  return sha256(JSON.stringify({actions, schema: {...FEATURE_SCHEMA, window, session}}));
}

/**
 * All files of an artifact for a trained model.
 * @example const files = await serializeArtifact({model, vocabulary, config, split, metrics, history})
 */
export async function serializeArtifact(parts: ArtifactParts): Promise<ArtifactFiles> {
  const {model, vocabulary, config, split} = parts;
  if (model.size !== vocabulary.actions.length)
    throw new Error(`model size ${model.size} differs from the vocabulary size ${vocabulary.actions.length}`);
  const schema: SchemaJson = {
    hash: schemaHash(vocabulary, config.window, config.session),
    schema: {...FEATURE_SCHEMA, window: config.window, session: config.session}
  };
  const files: ArtifactFiles = {
    ...(await model.save()),
    "config.json": json(config),
    "vocabulary.json": json({actions: vocabulary.actions}),
    "schema.json": json(schema),
    "split.json": json(split),
    "metrics.json": json(parts.metrics ?? null),
    "history.json": json(parts.history ?? [])
  };
  files[MANIFEST_FILE] = json({format: "perfspec-artifact", version: 1, files: manifestOf(files)});
  return files;
}

/**
 * Parse and verify an artifact: every file against the manifest (length, SHA-256), JSON syntax, the schema hash
 * against the vocabulary, and optional expectations. Throws an Error naming the offending file.
 */
export function readArtifact(files: ArtifactFiles, expect: ArtifactExpectation = {}): Artifact {
  const manifest = parseJsonFile(textFile(files, MANIFEST_FILE), MANIFEST_FILE) as {
    files?: Record<string, {bytes: number; sha256: string}>;
  };
  if (!manifest.files) throw new Error(`${MANIFEST_FILE}: no file list`);
  for (const [name, entry] of Object.entries(manifest.files)) {
    const bytes = bytesFile(files, name);
    if (bytes.length !== entry.bytes)
      throw new Error(
        `${name}: ${bytes.length} bytes but the manifest says ${entry.bytes} (truncated or modified file)`
      );
    if (sha256(bytes) !== entry.sha256)
      throw new Error(`${name}: content differs from the manifest's SHA-256 (corrupt or modified file)`);
  }
  const read = <T>(name: string): T => parseJsonFile(textFile(files, name), name) as T;
  const config = read<ModelConfig>("config.json");
  const {actions} = read<{actions: string[]}>("vocabulary.json");
  let vocabulary: Vocabulary;
  try {
    vocabulary = vocabularyFromActions(actions);
  } catch (error) {
    throw new Error(`vocabulary.json: ${(error as Error).message}`, {cause: error});
  }
  const schema = read<SchemaJson>("schema.json");
  const hash = schemaHash(vocabulary, config.window, config.session);
  if (schema.hash !== hash)
    throw new Error(
      `vocabulary.json/config.json do not match schema.json (hash ${hash.slice(0, 12)}… vs ${String(schema.hash).slice(0, 12)}…)`
    );
  if (expect.vocabulary && !sameList(expect.vocabulary, vocabulary.actions))
    throw new Error(
      `vocabulary.json: the model's vocabulary (${vocabulary.actions.length} actions) differs from the expected one (${expect.vocabulary.length} actions); retrain the model on this data`
    );
  if (expect.schemaHash && expect.schemaHash !== hash)
    throw new Error(
      `schema.json: schema hash ${hash.slice(0, 12)}… differs from the expected ${expect.schemaHash.slice(0, 12)}…; the model was trained with another vocabulary or window`
    );
  return {
    config,
    vocabulary,
    schema,
    split: read<SplitSpec>("split.json"),
    metrics: read<unknown>("metrics.json"),
    history: read<EpochLog[]>("history.json")
  };
}

/**
 * Verify an artifact and load its model.
 * @example const {artifact, model} = await loadArtifact(files); model.predict([[0, 5]])
 */
export async function loadArtifact(
  files: ArtifactFiles,
  expect: ArtifactExpectation = {}
): Promise<{artifact: Artifact; model: Predictor}> {
  const artifact = readArtifact(files, expect);
  const model = await loadModel(artifact.config.kind, files);
  if (model.size !== artifact.vocabulary.actions.length || model.window !== artifact.config.window) {
    model.dispose();
    throw new Error(
      `config.json: the model's weights have size ${model.size} and window ${model.window}, the artifact says ${artifact.vocabulary.actions.length} and ${artifact.config.window}`
    );
  }
  return {artifact, model};
}

function manifestOf(files: ArtifactFiles): Record<string, {bytes: number; sha256: string}> {
  const out: Record<string, {bytes: number; sha256: string}> = {};
  for (const name of Object.keys(files).sort()) {
    if (name === MANIFEST_FILE) continue;
    const bytes = bytesFile(files, name);
    out[name] = {bytes: bytes.length, sha256: sha256(bytes)};
  }
  return out;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 1) + "\n";
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
