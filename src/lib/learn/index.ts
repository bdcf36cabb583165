/** The learning library: what pages, the command line and scripts import. */
export * from "./sequences.js";
export * from "./windows.js";
export * from "./splits.js";
export * from "./leakage.js";
export * from "./experiment.js";
export * from "./models.js";
export * from "./evaluate.js";
export * from "./artifact.js";
export * from "./trainRun.js";
export * from "./evaluateRun.js";
export {NgramModel, createNgram, loadNgram, type NgramOptions} from "./ngram.js";
export {BayesModel, createBayes, loadBayes, vocabularyParts, type BayesOptions} from "./bayes.js";
export {canFitWindows, type IdWindows, type WindowFittable} from "./windowFit.js";
export * from "./vocabulary.js";
export type * from "./predictor.js";
