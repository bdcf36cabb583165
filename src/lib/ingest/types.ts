/** Shapes shared by ingestion, the Arrow tables, the learning code and the pages. */
import type {CleaningPolicy} from "./cleaningPolicy.js";
import type {RepetitionReport} from "./repetition.js";

/** One unique audit event (several stages of one request, same auditID, are one event). */
export interface AuditEventRow {
  auditID: string;
  stage: string | null;
  /** requestReceivedTimestamp in epoch milliseconds, or null when the input has no time. */
  time: number | null;
  verb: string;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  apiGroup: string | null;
  /** The actor: user.username, or impersonatedUser.username when the policy's actor is "impersonatedUser". */
  user: string | null;
  /**
   * Who sent an impersonated request (user.username) when the policy credits it to the impersonated user; null
   * otherwise. Optional so readers that never see impersonation need not set it.
   */
  impersonator?: string | null;
  /** impersonatedUser.username as read (not a column: the ingestor turns it into user/impersonator per policy). */
  impersonatedUser?: string | null;
  userAgent: string | null;
  sourceIP: string | null;
  code: number | null;
  /** `verb_resource` as PerfSPEC derives it, with `/subresource` and `:denied` when the policy asks. */
  action: string;
  /** Whether the cleaning policy keeps this event as an action. */
  kept: boolean;
  /**
   * What tells two requests with one auditID apart (with the verb): `requestURI` (null when unknown, e.g. GKE).
   * Read while ingesting, not a column of the events table.
   */
  requestURI?: string | null;
}

/** One element of the action sequence (actions.arrow), in time order. */
export interface ActionRecord {
  action: string;
  time: number | null;
  user: string | null;
  namespace: string | null;
}

export interface Problem {
  file: string;
  /** 1-based line number (of the list, or of the item's own first line when the list spans lines). */
  line: number;
  reason: string;
  /** The index of the bad item inside an EventList, a JSON array or an Event Hubs `records` list. */
  item?: number;
}

export interface PrepareReport {
  /** One entry per input file: its detected format, non-empty lines, accepted records and problem lines. */
  inputs: {file: string; format: string; lines: number; accepted?: number; rejected?: number}[];
  lines: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  actions: number;
  /** What the cleaning policy dropped, by reason (e.g. "verb get": 1234). */
  dropped: Record<string, number>;
  /** The cleaning policy that was applied (see cleaningPolicy.ts). */
  policy: CleaningPolicy;
  problems: Problem[];
  /**
   * Rejected lines and list items that are not audit Events at all, by kind, most frequent first, e.g.
   * `{"AdmissionReview": 12, "klog text": 30}` (damaged events are not counted here).
   */
  notAuditEvents: Record<string, number>;
  /**
   * Requests that reused the auditID of an earlier, different request (another verb or requestURI): each was kept as
   * its own event (stages of one request still count once). `examples`: up to 5 such auditIDs.
   */
  reusedAuditIDs: {requests: number; examples: string[]};
  /** Result of the repeated-sequence check on the action sequence. */
  repetition: RepetitionReport;
}
