/** Classification metrics: pure functions over arrays or a confusion matrix, returning numbers or plain objects. */
export {accuracy} from "./accuracy.js";
export {rankOf, topK, topKAccuracy} from "./topKAccuracy.js";
export {confusionMatrix, type ConfusionMatrix} from "./confusionMatrix.js";
export {precisionRecallF1, type PrecisionRecallF1, type ClassScores, type Averages} from "./precisionRecallF1.js";
export {
  bootstrapIntervals,
  percentileInterval,
  type BootstrapIntervals,
  type BootstrapOptions,
  type Interval
} from "./bootstrap.js";
export {pairedBootstrap, type PairedBootstrap} from "./pairedBootstrap.js";
export {labelCodes, macroF1OfCodes} from "./labelCodes.js";
