/** Detection: DeepLog's rule over any Predictor, actor context, threat rules, and the HDFS session protocol. */
export * from "./nextActionRule.js";
export * from "./judgeSequence.js";
export * from "./detectEvent.js";
export * from "./actorProfile.js";
export * from "./threatRules.js";
export * from "./auditDetector.js";
export * from "./keySequences.js";
export * from "./keyDetector.js";
export * from "./seenWindows.js";
export * from "./sessionDetector.js";
export * from "./sessionMetrics.js";
export * from "./hdfsEvaluation.js";
export * from "./injectAttacks.js";
export * from "./attackEvaluation.js";
export * from "./attackProtocol.js";
export * from "./topGSweep.js";
export * from "./rankEvents.js";
