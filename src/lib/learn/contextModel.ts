/**
 * The context-aware next-action model: besides the ids of the last actions it reads, for each context step,
 * the action's verb and resource (from the action's name, as the Bayesian network does) and who acted where
 * (the record's user and namespace, windowAttributes.ts). One Embedding per attribute, concatenated per step
 * -> GRU(units) -> Dense softmax. User and namespace vocabularies come from the training windows only (the
 * most frequent MAX_VALUES of each; others and unseen ones read as UNK) and are saved in network.json.
 * Called through plain predict() (no attributes: a page or `perfspec predict` with ids only), users and
 * namespaces read as UNK, so it still predicts from actions, verbs and resources.
 *
 * Example:
 *   const model = createContextModel(vocabulary.actions, {window: 2});
 *   await model.fitAttributed({contexts, targets, attributes});
 *   const [p] = model.predictAttributed([[5, 6]], [[{user: "alice", namespace: "dev"}, {user: "alice", namespace: "dev"}]]);
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {IdWindows} from "./windowFit.js";
import type {AttributeAware, ContextAttributes, StepAttributes} from "./windowAttributes.js";
import {idWindowsOfSequences} from "./windows.js";
import {lastWindow} from "./lstmInputs.js";
import {inputSteps} from "./lstmModel.js";
import {actionInput, embedding, idContexts, maybeDropout, softmaxHead} from "./networkInputs.js";
import {fitNetwork} from "./networkFit.js";
import {resolveNetworkOptions, type NetworkOptions, type ResolvedNetworkOptions} from "./networkOptions.js";
import {networkArtifactFiles, readNetworkArtifact} from "./networkArtifact.js";
import {vocabularyParts} from "./bayes.js";
import {PAD_ID, UNK_ID} from "./vocabulary.js";

/** At most this many users (and namespaces) get their own embedding row; the rarer ones share UNK's. */
export const MAX_VALUES = 1000;
const ATTRIBUTES = ["verb", "resource", "user", "namespace"] as const;
const NONE = "(none)";
const PREDICT_BATCH = 512;

/** Id tables of the model's attribute values: index 0 is PAD, 1 is UNK. */
export interface ContextVocabularies {
  verbs: string[];
  resources: string[];
  users: string[];
  namespaces: string[];
}

export interface ContextPredictor extends Predictor, AttributeAware {
  readonly kind: "context";
  readonly options: ResolvedNetworkOptions;
  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult>;
}

/** A new, untrained context model over the vocabulary's `actions` (id order, PAD and UNK first). */
export function createContextModel(actions: readonly string[], options: NetworkOptions): ContextPredictor {
  if (actions.length < 2) throw new RangeError(`context: the vocabulary needs at least 2 ids, got ${actions.length}`);
  return new ContextModel(actions, resolveNetworkOptions("context", options));
}

/** A trained context model from files written by save(); refuses another kind's or a damaged artifact. */
export async function loadContextModel(files: ArtifactFiles): Promise<ContextPredictor> {
  const {model, options, config} = await readNetworkArtifact(files, "context");
  const {actions, users, namespaces} = config as {actions?: string[]; users?: string[]; namespaces?: string[]};
  if (!Array.isArray(actions) || !Array.isArray(users) || !Array.isArray(namespaces)) {
    model.dispose();
    throw new Error("context artifact: network.json lacks the actions, users or namespaces lists");
  }
  const loaded = new ContextModel(actions, options);
  loaded.attach(model, users, namespaces);
  return loaded;
}

/**
 * The TF.js model: five int32 inputs [batch, inputSteps(window)] (actions, verbs, resources, users, namespaces),
 * output [batch, size] probabilities.
 */
export function buildContextModel(
  size: number,
  counts: {verbs: number; resources: number; users: number; namespaces: number},
  options: ResolvedNetworkOptions
): tf.LayersModel {
  const {window, embeddingSize, units, dropout, seed} = options;
  const attributeWidth = Math.max(4, Math.round(embeddingSize / 4));
  const actions = actionInput(window);
  const inputs = [actions];
  const embedded = [embedding(size, embeddingSize, seed).apply(actions) as tf.SymbolicTensor];
  ATTRIBUTES.forEach((name, i) => {
    const input = actionInput(window, `${name}s`);
    inputs.push(input);
    const table = counts[`${name}s` as keyof typeof counts];
    embedded.push(
      embedding(table, attributeWidth, seed + 1 + i, `${name}_embedding`).apply(input) as tf.SymbolicTensor
    );
  });
  const steps = tf.layers.concatenate({name: "attributes", axis: -1}).apply(embedded) as tf.SymbolicTensor;
  const state = tf.layers
    .gru({
      name: "gru",
      units,
      kernelInitializer: tf.initializers.glorotUniform({seed: seed + 10}),
      recurrentInitializer: tf.initializers.glorotUniform({seed: seed + 11})
    })
    .apply(steps) as tf.SymbolicTensor;
  const output = softmaxHead(size, seed + 12).apply(maybeDropout(state, dropout, "dropout")) as tf.SymbolicTensor;
  return tf.model({name: "context_next_action", inputs, outputs: output});
}

/**
 * The ids of `values` (most frequent first, ties by name, at most `max`), after PAD and UNK.
 * @example valueTable(["b", "a", "b", null], 10) // ["<pad>", "<unk>", "b", "(none)", "a"]
 */
export function valueTable(values: Iterable<string | null>, max: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? NONE, (counts.get(v ?? NONE) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return ["<pad>", "<unk>", ...sorted.slice(0, max).map(([v]) => v)];
}

class ContextModel implements ContextPredictor {
  readonly kind = "context";
  readonly window: number;
  readonly size: number;
  private readonly verbOf: Int32Array;
  private readonly resourceOf: Int32Array;
  private readonly verbs: string[];
  private readonly resources: string[];
  private users: string[] = [];
  private namespaces: string[] = [];
  private userIndex = new Map<string, number>();
  private namespaceIndex = new Map<string, number>();
  private network: tf.LayersModel | undefined;

  constructor(
    readonly actions: readonly string[],
    readonly options: ResolvedNetworkOptions
  ) {
    this.window = options.window;
    this.size = actions.length;
    const parts = actions.map((a, id) => (id === PAD_ID || id === UNK_ID ? undefined : vocabularyParts(a)));
    this.verbs = ["<pad>", "<unk>", ...new Set(parts.flatMap((p) => (p ? [p[0]] : [])))];
    this.resources = ["<pad>", "<unk>", ...new Set(parts.flatMap((p) => (p ? [p[1]] : [])))];
    const verbIndex = new Map(this.verbs.map((v, i) => [v, i]));
    const resourceIndex = new Map(this.resources.map((r, i) => [r, i]));
    this.verbOf = Int32Array.from(parts, (p, id) => (p ? verbIndex.get(p[0])! : id === PAD_ID ? PAD_ID : UNK_ID));
    this.resourceOf = Int32Array.from(parts, (p, id) =>
      p ? resourceIndex.get(p[1])! : id === PAD_ID ? PAD_ID : UNK_ID
    );
  }

  /** The trained TF.js model (throws before fit or load). */
  get model(): tf.LayersModel {
    if (!this.network) throw new Error("context: the model is not trained yet (fit or load it first)");
    return this.network;
  }

  /** The value tables (verbs, resources, users, namespaces) the embeddings index. */
  vocabularies(): ContextVocabularies {
    return {verbs: this.verbs, resources: this.resources, users: this.users, namespaces: this.namespaces};
  }

  /** Use a built (or loaded) TF.js model with these user and namespace tables. */
  attach(model: tf.LayersModel, users: string[], namespaces: string[]): void {
    this.network?.dispose();
    this.network = model;
    this.users = users;
    this.namespaces = namespaces;
    this.userIndex = new Map(users.map((u, i) => [u, i]));
    this.namespaceIndex = new Map(namespaces.map((n, i) => [n, i]));
  }

  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(idWindowsOfSequences(sequences, this.window), callbacks);
  }

  /** Windows without attributes: users and namespaces read as UNK (the model learns from actions, verbs, resources). */
  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitAttributed({...windows, attributes: windows.contexts.map((c) => c.map(() => null))}, callbacks);
  }

  fitAttributed(windows: IdWindows & {attributes: ContextAttributes}, callbacks?: FitCallbacks): Promise<FitResult> {
    const {attributes} = windows;
    if (attributes.length !== windows.contexts.length)
      throw new Error(`context fit: ${windows.contexts.length} contexts but ${attributes.length} attribute rows`);
    const steps = attributes.flat().filter((a): a is StepAttributes => a !== null);
    const users = valueTable(
      steps.map((a) => a.user),
      MAX_VALUES
    );
    const namespaces = valueTable(
      steps.map((a) => a.namespace),
      MAX_VALUES
    );
    const counts = {
      verbs: this.verbs.length,
      resources: this.resources.length,
      users: users.length,
      namespaces: namespaces.length
    };
    this.attach(buildContextModel(this.size, counts, this.options), users, namespaces);
    const encode = (contexts: readonly (readonly number[])[], rows: Int32Array) =>
      this.encode(contexts, rows, attributes);
    return fitNetwork(this.model, {size: this.size, options: this.options, encode}, windows, callbacks);
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    return this.predictAttributed(
      contexts,
      contexts.map(() => [])
    );
  }

  predictAttributed(contexts: readonly (readonly number[])[], attributes: ContextAttributes): Float32Array[] {
    const {window, size} = this;
    const out: Float32Array[] = [];
    for (let start = 0; start < contexts.length; start += PREDICT_BATCH) {
      const chunk = contexts.slice(start, start + PREDICT_BATCH).map((c) => lastWindow(c, window));
      const rows = Int32Array.from(chunk.keys());
      const chunkAttributes = attributes.slice(start, start + PREDICT_BATCH);
      const probabilities = tf.tidy(
        () => (this.model.predict(this.encode(chunk, rows, chunkAttributes)) as tf.Tensor).dataSync() as Float32Array
      );
      for (let i = 0; i < chunk.length; i++) out.push(probabilities.slice(i * size, (i + 1) * size));
    }
    return out;
  }

  save(): Promise<ArtifactFiles> {
    return networkArtifactFiles(this.model, "context", this.size, this.options, {
      actions: this.actions,
      users: this.users,
      namespaces: this.namespaces
    });
  }

  dispose(): void {
    this.network?.dispose();
    this.network = undefined;
  }

  /**
   * The five input tensors of the contexts at `rows`. Attribute rows shorter than the window (or missing) are
   * aligned to the context's end; a missing attribute reads as PAD on PAD steps and UNK elsewhere.
   */
  private encode(
    contexts: readonly (readonly number[])[],
    rows: Int32Array,
    attributes: ContextAttributes
  ): tf.Tensor[] {
    const {window, size} = this;
    const steps = inputSteps(window);
    const actions = idContexts(contexts, rows, window, size);
    const ids = actions.dataSync() as Int32Array;
    const verbs = new Int32Array(ids.length);
    const resources = new Int32Array(ids.length);
    const users = new Int32Array(ids.length);
    const namespaces = new Int32Array(ids.length);
    rows.forEach((row, i) => {
      const stepAttributes = attributes[row] ?? [];
      for (let k = 0; k < steps; k++) {
        const at = i * steps + k;
        const id = ids[at];
        verbs[at] = this.verbOf[id];
        resources[at] = this.resourceOf[id];
        const attribute = stepAttributes[stepAttributes.length - (steps - k)];
        const blank = id === PAD_ID ? PAD_ID : UNK_ID;
        users[at] = attribute ? (this.userIndex.get(attribute.user ?? NONE) ?? UNK_ID) : blank;
        namespaces[at] = attribute ? (this.namespaceIndex.get(attribute.namespace ?? NONE) ?? UNK_ID) : blank;
      }
    });
    const shape: [number, number] = [rows.length, steps];
    return [
      actions,
      tf.tensor2d(verbs, shape, "int32"),
      tf.tensor2d(resources, shape, "int32"),
      tf.tensor2d(users, shape, "int32"),
      tf.tensor2d(namespaces, shape, "int32")
    ];
  }
}
