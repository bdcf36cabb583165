/** What the audit detector reads of one event: the events table's row, plus where the event was read. */
import type {AuditEventRow} from "../ingest/types.js";

export type DetectEvent = Pick<
  AuditEventRow,
  "auditID" | "verb" | "resource" | "subresource" | "namespace" | "name" | "user" | "userAgent" | "sourceIP" | "code"
> & {
  /** `verb_resource`, as PerfSPEC derives it (the model's vocabulary). */
  action: string;
  /** Whether the cleaning policy keeps the event as an action (only kept events are scored by the model). */
  kept: boolean;
  /** Input file and 1-based line of the event's first stage, when known. */
  file?: string;
  line?: number;
};

/** How events are grouped into sessions, each judged by the model on its own history. */
export type ActorSessions = "global" | "user" | "namespace" | "user-namespace";
export const ACTOR_SESSIONS: readonly ActorSessions[] = ["global", "user", "namespace", "user-namespace"];

/** Key of the group for events with no user (or no namespace). */
export const NO_ACTOR = "(none)";

/**
 * The session an event belongs to.
 * @example sessionKey({user: "alice", namespace: "dev"}, "user-namespace") // "alice @ dev"
 */
export function sessionKey(event: Pick<DetectEvent, "user" | "namespace">, mode: ActorSessions): string {
  switch (mode) {
    case "global":
      return "all";
    case "user":
      return event.user ?? NO_ACTOR;
    case "namespace":
      return event.namespace ?? NO_ACTOR;
    case "user-namespace":
      return `${event.user ?? NO_ACTOR} @ ${event.namespace ?? NO_ACTOR}`;
  }
}
