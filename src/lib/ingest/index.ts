/** Ingestion: audit logs (native, GKE, AKS, container-wrapped), the Logstash CSV and action lists -> unique events, the action sequence, Arrow tables. */
export * from "./types.js";
export * from "./cleaningPolicy.js";
export * from "./auditEvent.js";
export * from "./gkeLogEntry.js";
export * from "./azureRecords.js";
export * from "./logstashCsv.js";
export * from "./actionList.js";
export * from "./requestUri.js";
export * from "./timestamp.js";
export * from "./detectFormat.js";
export * from "./inputShape.js";
export * from "./repetition.js";
export * from "./arrowTables.js";
export * from "./ingestor.js";
