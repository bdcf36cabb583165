/**
 * The PerfSPEC paper's inference times (Kermabon-Bobinnec et al., IEEE TDSC 2024): they range from 1e-4 s to 0.07 s
 * over its table (BN, n-gram w1/w2, LSTM w1/w2). The workspace holds only that range, not the table's rows, so the
 * fast end is used for the count models and the slow end for the LSTM; put the per-row figures here when at hand
 * (`source` then says "table").
 */
export const PAPER_INFERENCE_SECONDS: Record<string, {seconds: number; source: "table" | "range endpoint"}> = {
  "bayes w1": {seconds: 1e-4, source: "range endpoint"},
  "bayes w2": {seconds: 1e-4, source: "range endpoint"},
  "ngram w1": {seconds: 1e-4, source: "range endpoint"},
  "ngram w2": {seconds: 1e-4, source: "range endpoint"},
  "lstm w1": {seconds: 0.07, source: "range endpoint"},
  "lstm w2": {seconds: 0.07, source: "range endpoint"}
};
