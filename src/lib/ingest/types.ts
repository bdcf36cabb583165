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
  /** 1-based line number. */
  line: number;
  reason: string;
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
  /** Result of the repeated-sequence check on the action sequence. */
  repetition: RepetitionReport;
}
