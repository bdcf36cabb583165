/**
 * The audit detector over a stream: events arrive in batches (one audit-webhook POST each) and every batch is judged
 * as if it continued all the batches before it. Scores equal `detectAuditEvents` over the whole stream at once
 * (test/serve.test.ts checks it), because the two things detection carries along are carried from batch to batch:
 * each actor session's last actions, what each actor has been seen doing (one alert per novelty) and the follow-ups
 * still open.
 */
import {ActorProfile} from "../detect/actorProfile.js";
import {detectAuditEvents, type AuditDetector, type DetectOptions, type FlaggedEvent} from "../detect/auditDetector.js";
import {sessionKey, type DetectEvent} from "../detect/detectEvent.js";

/** One batch's outcome: how many events the model scored, and the flagged ones with the event each came from. */
export interface StreamBatchResult {
  scored: number;
  flagged: {event: DetectEvent; flag: FlaggedEvent}[];
}

/**
 * A detector that learns as the stream goes, batch by batch.
 * @example const stream = new StreamDetector(detector, {topG: 9}); stream.score(batch).flagged[0].flag.reasons
 */
export class StreamDetector {
  private readonly state: AuditDetector;
  private readonly window: number;
  /** Follow-ups still open (DetectOptions.followUps), carried from batch to batch. */
  private readonly openFollowUps = new Map<string, number>();
  /** Events scored and flagged since the start. */
  scored = 0;
  flagged = 0;

  constructor(
    detector: AuditDetector,
    private readonly options: DetectOptions
  ) {
    // Copies: the loaded detector stays as trained (detectAuditEvents clones the profile for the same reason).
    this.state = {
      ...detector,
      profile: detector.profile?.clone() ?? null,
      tails: Object.fromEntries(Object.entries(detector.tails).map(([k, v]) => [k, [...v]]))
    };
    this.window = detector.model.window;
  }

  /** Judges `events` (in order) after every event given before, then remembers them. */
  score(events: readonly DetectEvent[]): StreamBatchResult {
    // A flag names its event by auditID; when a batch repeats one (or has none), its place is carried in `line`.
    const byId = new Map(events.map((e, i) => [e.auditID, i]));
    const unique = byId.size === events.length;
    const judged = unique ? events : events.map((e, i) => ({...e, line: i}));
    const result = detectAuditEvents(this.state, judged, {...this.options, openFollowUps: this.openFollowUps});
    const flagged = result.flagged.map((flag) => {
      const event = events[unique ? (byId.get(flag.auditID) as number) : (flag.line as number)];
      if (!unique) Object.assign(flag, {file: event.file ?? null, line: event.line ?? null});
      return {event, flag};
    });
    this.remember(events);
    this.scored += result.events;
    this.flagged += flagged.length;
    return {scored: result.events, flagged};
  }

  /** What detectAuditEvents learned inside the batch, carried to the next: session tails and the actors' context. */
  private remember(events: readonly DetectEvent[]): void {
    const {tails, sessions} = this.state;
    const profile: ActorProfile | null = this.options.context === false ? null : this.state.profile;
    for (const e of events) {
      if (profile && (e.kept || this.options.contextOnReads)) profile.observe(e, false);
      if (!e.kept) continue;
      const key = sessionKey(e, sessions);
      const tail = (tails[key] ??= []);
      tail.push(e.action);
      if (tail.length > this.window) tail.splice(0, tail.length - this.window);
    }
  }
}
