/**
 * The neural kinds the Train page offers, with their labels: apart from trainInTab.ts so that the page can draw its
 * form before TensorFlow.js (which trainInTab.ts needs) has loaded.
 * Example: `TRAINABLE_KINDS.find((k) => k.kind === "mlp")?.label // "MLP"`
 */
export type NeuralKind = "lstm" | "gru" | "transformer" | "tcn" | "mlp" | "context";

export const TRAINABLE_KINDS: readonly {kind: NeuralKind; label: string}[] = [
  {kind: "lstm", label: "LSTM"},
  {kind: "gru", label: "GRU"},
  {kind: "transformer", label: "causal Transformer"},
  {kind: "tcn", label: "temporal CNN"},
  {kind: "mlp", label: "MLP"},
  {kind: "context", label: "context (actions, verbs, resources, users, namespaces)"}
];
